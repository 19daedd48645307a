import GisementCommandLine
import GisementShared
import GisementSQLite

/// `gisement-server token add NAME --role ROLE [--district D]... [--test T]...`: makes a token
/// and prints it once.
struct TokenAddCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "add", abstract: localized("server.help.tokenAdd.abstract"),
            discussion: localized("server.help.tokenAdd.discussion"),
            arguments: [.init("name", help: localized("server.help.tokenAdd.name"))],
            options: [
                .init(
                    "role", value: "role", help: localized("server.help.tokenAdd.role"),
                    allowedValues: Role.allCases.map(\.rawValue), required: true),
                .init("district", value: "district", help: localized("server.help.tokenAdd.district"), repeatable: true),
                .init("test", value: "test", help: localized("server.help.tokenAdd.test"), repeatable: true),
                .serverDatabase,
            ])
    }

    let name: String
    let role: Role
    let path: String
    let parsed: ParsedArguments

    init(_ parsed: ParsedArguments) throws {
        name = parsed.positionals[0]
        role = Role(rawValue: parsed.values["role"]!)!
        path = parsed.databasePath
        self.parsed = parsed
        guard TokenStore.isValidName(name) else {
            throw ServerCommandError.data(ServerDatabase.sentence(TokenError(reason: .invalidName, name: name).description))
        }
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: true)
        let token: String
        let scope: Set<String>?
        do {
            let isScoped = parsed.lists["district"] != nil || parsed.lists["test"] != nil
            scope = isScoped ? try ScopeNames.keys(db, parsed, district: "district", test: "test") : nil
            token = try AccessToken.generate()
            try db.add(
                name: name, role: role, digest: AccessToken.digest(of: token), at: ServerClock.system.iso8601(), scope: scope)
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch let error as ServerCommandError {
            throw error
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.line(token)
        console.error(
            localized("server.tokenAdd.made", ["role": role.rawValue, "name": name, "scope": ScopeNames.describe(db, scope)]))
    }
}

/// `gisement-server token list`: names, roles, dates; never the tokens.
struct TokenListCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: localized("server.help.tokenList.abstract"),
            options: [.serverDatabase, .json])
    }

    let path: String
    let isJSON: Bool

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: false)
        let tokens: [TokenInfo]
        do { tokens = try db.list() } catch { throw ServerDatabase.describe(error, path: path) }
        if isJSON {
            let items: [JSONValue] = tokens.map { token in
                .object([
                    "name": .string(token.name), "role": .string(token.role.rawValue),
                    "scope": token.scope.map { keys in .array(keys.sorted().map { .string($0) }) } ?? .null,
                    "created_at": .string(token.createdAt), "last_used_at": token.lastUsedAt.map { .string($0) } ?? .null,
                    "revoked_at": token.revokedAt.map { .string($0) } ?? .null,
                ])
            }
            console.line(JSONWriter.string(.object(["tokens": .array(items)])))
            return
        }
        if tokens.isEmpty {
            console.error(localized("server.tokenList.none"))
            return
        }
        var rows = [["NAME", "ROLE", "SCOPE", "CREATED", "LAST USED", "REVOKED"]]
        rows += tokens.map {
            [$0.name, $0.role.rawValue, ScopeNames.describe(db, $0.scope), $0.createdAt, $0.lastUsedAt ?? "-", $0.revokedAt ?? "-"]
        }
        for line in TextColumns.format(rows) { console.line(line) }
    }
}

/// `gisement-server token revoke NAME`: the token is refused from the next request on.
struct TokenRevokeCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "revoke", abstract: localized("server.help.tokenRevoke.abstract"),
            arguments: [.init("name", help: localized("server.help.tokenName"))],
            options: [.serverDatabase])
    }

    let name: String
    let path: String

    init(_ parsed: ParsedArguments) throws {
        name = parsed.positionals[0]
        path = parsed.databasePath
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: true)
        do {
            try db.revoke(name: name, at: ServerClock.system.iso8601())
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.error(localized("server.tokenRevoke.done", ["name": name]))
    }
}

/// `gisement-server token scope NAME [--add-district D] [--remove-district D] [--add-test T]
/// [--remove-test T] [--all]`: changes what a token sees and writes; replicas follow at their next sync.
struct TokenScopeCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "scope", abstract: localized("server.help.tokenScope.abstract"),
            discussion: localized("server.help.tokenScope.discussion"),
            arguments: [.init("name", help: localized("server.help.tokenName"))],
            options: [
                .init(
                    "add-district", value: "district", help: localized("server.help.tokenScope.addDistrict"),
                    repeatable: true),
                .init(
                    "remove-district", value: "district", help: localized("server.help.tokenScope.removeDistrict"),
                    repeatable: true),
                .init("add-test", value: "test", help: localized("server.help.tokenScope.addTest"), repeatable: true),
                .init(
                    "remove-test", value: "test", help: localized("server.help.tokenScope.removeTest"),
                    repeatable: true),
                .init("all", help: localized("server.help.tokenScope.all")),
                .serverDatabase,
            ])
    }

    let name: String
    let path: String
    let parsed: ParsedArguments

    init(_ parsed: ParsedArguments) throws {
        name = parsed.positionals[0]
        path = parsed.databasePath
        self.parsed = parsed
        let changes = ["add-district", "remove-district", "add-test", "remove-test"].contains { parsed.lists[$0] != nil }
        if parsed.flags.contains("all") && changes {
            throw parsed.usageError(localized("server.tokenScope.allAndChanges"))
        }
        if !parsed.flags.contains("all") && !changes {
            throw parsed.usageError(
                localized("server.tokenScope.nothing"))
        }
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: true)
        let scope: Set<String>?
        do {
            let adding = try ScopeNames.keys(db, parsed, district: "add-district", test: "add-test")
            let removing = try ScopeNames.keys(db, parsed, district: "remove-district", test: "remove-test")
            scope = try db.changeScope(name: name, adding: adding, removing: removing, all: parsed.flags.contains("all"))
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch let error as ServerCommandError {
            throw error
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.error(localized("server.tokenScope.done", ["name": name, "scope": ScopeNames.describe(db, scope)]))
    }
}

/// Lays rows out in left-aligned columns separated by two spaces.
enum TextColumns {
    static func format(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
