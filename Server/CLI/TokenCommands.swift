import GisementShared
import GisementSQLite

/// `gisement-server token add NAME --role ROLE [--district D]... [--test T]...`: makes a token
/// and prints it once.
struct TokenAddCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token add", abstract: "Make a token and print it once; only its hash is stored.",
        discussion: "Give each device or person its own token, so that it can be revoked alone. With --district or "
            + "--test the token sees and writes only that part of the network (see docs/operations.md, \"Scopes\"); "
            + "without, the whole network. The name of a revoked token may be used again.",
        arguments: [.init("name", help: "A name for the token, e.g. tablet-3 (1-64 characters: A-Z a-z 0-9 . _ : -).")],
        options: [
            .init("role", value: "role", help: "What the token may do.", allowed: Role.allCases.map(\.rawValue), required: true),
            .init("district", value: "district", help: "Limit the token to this district (id or exact name); repeatable."),
            .init("test", value: "test", help: "Limit the token to this test (id or exact name); repeatable."),
            CommandSpec.databaseOption,
        ])

    let name: String
    let role: Role
    let path: String
    let parsed: ParsedCommand

    init(_ parsed: ParsedCommand) throws {
        name = parsed.arguments[0]
        role = Role(rawValue: parsed.values["role"]!)!
        path = parsed.databasePath
        self.parsed = parsed
        guard TokenStore.isValidName(name) else {
            throw ServerCommandError.data(ServerDatabase.sentence(TokenError(reason: .invalidName, name: name).description))
        }
    }

    func run(_ console: Console) async throws {
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
        console.out(token)
        console.err(
            "Made the \(role) token '\(name)' (scope: \(ScopeNames.describe(db, scope))). Copy it now: it is shown only once.")
    }
}

/// `gisement-server token list`: names, roles, dates; never the tokens.
struct TokenListCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token list", abstract: "List the tokens: name, role, scope, created, last used, revoked (never the token).",
        options: [CommandSpec.databaseOption, CommandSpec.jsonOption])

    let path: String
    let isJSON: Bool

    init(_ parsed: ParsedCommand) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
    }

    func run(_ console: Console) async throws {
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
            console.out(JSONWriter.string(.object(["tokens": .array(items)])))
            return
        }
        if tokens.isEmpty {
            console.err("No tokens yet; make one with: gisement-server token add NAME --role admin")
            return
        }
        var rows = [["NAME", "ROLE", "SCOPE", "CREATED", "LAST USED", "REVOKED"]]
        rows += tokens.map {
            [$0.name, $0.role.rawValue, ScopeNames.describe(db, $0.scope), $0.createdAt, $0.lastUsedAt ?? "-", $0.revokedAt ?? "-"]
        }
        for line in TextColumns.format(rows) { console.out(line) }
    }
}

/// `gisement-server token revoke NAME`: the token is refused from the next request on.
struct TokenRevokeCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token revoke", abstract: "Revoke a token; a running server refuses it from the next request on.",
        arguments: [.init("name", help: "The token's name, as 'token list' shows it.")],
        options: [CommandSpec.databaseOption])

    let name: String
    let path: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed.arguments[0]
        path = parsed.databasePath
    }

    func run(_ console: Console) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: true)
        do {
            try db.revoke(name: name, at: ServerClock.system.iso8601())
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.err("Revoked the token '\(name)'.")
    }
}

/// `gisement-server token scope NAME [--add-district D] [--remove-district D] [--add-test T]
/// [--remove-test T] [--all]`: changes what a token sees and writes; replicas follow at their next sync.
struct TokenScopeCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token scope", abstract: "Change the districts and tests a token sees and writes.",
        discussion: "Replicas of the token follow at their next sync: what enters arrives whole, what leaves is "
            + "removed from them (records with changes not yet sent are kept). --all lifts the scope: the token sees "
            + "the whole network. Adding to a token that sees everything limits it to what is added.",
        arguments: [.init("name", help: "The token's name, as 'token list' shows it.")],
        options: [
            .init("add-district", value: "district", help: "Add this district (id or exact name); repeatable."),
            .init("remove-district", value: "district", help: "Remove this district; repeatable."),
            .init("add-test", value: "test", help: "Add this test (id or exact name); repeatable."),
            .init("remove-test", value: "test", help: "Remove this test; repeatable."),
            .init("all", help: "Lift the scope: the whole network."),
            CommandSpec.databaseOption,
        ])

    let name: String
    let path: String
    let parsed: ParsedCommand

    init(_ parsed: ParsedCommand) throws {
        name = parsed.arguments[0]
        path = parsed.databasePath
        self.parsed = parsed
        let changes = ["add-district", "remove-district", "add-test", "remove-test"].contains { parsed.lists[$0] != nil }
        if parsed.flags.contains("all") && changes {
            throw ServerCommandError.usage("Give either --all or districts and tests to add or remove, not both.", command: Self.spec.name)
        }
        if !parsed.flags.contains("all") && !changes {
            throw ServerCommandError.usage(
                "Say what to change: --add-district, --remove-district, --add-test, --remove-test or --all.",
                command: Self.spec.name)
        }
    }

    func run(_ console: Console) async throws {
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
        console.err("The token '\(name)' now has the scope: \(ScopeNames.describe(db, scope)). Its replicas follow at their next sync.")
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
