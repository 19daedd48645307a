import GisementShared
import GisementSQLite

/// `gisement-server token add NAME --role ROLE`: makes a token and prints it once.
struct TokenAddCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token add", abstract: "Make a token and print it once; only its hash is stored.",
        discussion: "Give each device or person its own token, so that it can be revoked alone.",
        arguments: [.init("name", help: "A name for the token, e.g. tablet-3 (1-64 characters: A-Z a-z 0-9 . _ : -).")],
        options: [
            .init("role", value: "role", help: "What the token may do.", allowed: Role.allCases.map(\.rawValue), required: true),
            CommandSpec.databaseOption,
        ])

    let name: String
    let role: Role
    let path: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed.arguments[0]
        role = Role(rawValue: parsed.values["role"]!)!
        path = parsed.databasePath
        guard TokenStore.isValidName(name) else {
            throw ServerCommandError.data(ServerDatabase.sentence(TokenError(reason: .invalidName, name: name).description))
        }
    }

    func run(_ console: Console) async throws {
        let db = try ServerDatabase.openForWriting(path)
        let token: String
        do {
            token = try AccessToken.generate()
            try TokenStore.add(db, name: name, role: role, digest: AccessToken.digest(of: token), at: ServerClock.system.iso8601())
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.out(token)
        console.err("Made the \(role) token '\(name)'. Copy it now: it is shown only once.")
    }
}

/// `gisement-server token list`: names, roles, dates; never the tokens.
struct TokenListCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "token list", abstract: "List the tokens: name, role, created, revoked (never the token).",
        options: [CommandSpec.databaseOption, CommandSpec.jsonOption])

    let path: String
    let isJSON: Bool

    init(_ parsed: ParsedCommand) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
    }

    func run(_ console: Console) async throws {
        let db = try ServerDatabase.openForReading(path)
        let tokens: [TokenInfo]
        do { tokens = try TokenStore.list(db) } catch { throw ServerDatabase.describe(error, path: path) }
        if isJSON {
            let items: [JSONValue] = tokens.map { token in
                .object([
                    "name": .string(token.name), "role": .string(token.role.rawValue),
                    "created_at": .string(token.createdAt), "revoked_at": token.revokedAt.map { .string($0) } ?? .null,
                ])
            }
            console.out(JSONWriter.string(.object(["tokens": .array(items)])))
            return
        }
        if tokens.isEmpty {
            console.err("No tokens yet; make one with: gisement-server token add NAME --role admin")
            return
        }
        var rows = [["NAME", "ROLE", "CREATED", "REVOKED"]]
        rows += tokens.map { [$0.name, $0.role.rawValue, $0.createdAt, $0.revokedAt ?? "-"] }
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
        let db = try ServerDatabase.openForWriting(path)
        do {
            try TokenStore.revoke(db, name: name, at: ServerClock.system.iso8601())
        } catch let error as TokenError {
            throw ServerCommandError.data(ServerDatabase.sentence(error.description))
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        console.err("Revoked the token '\(name)'.")
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
