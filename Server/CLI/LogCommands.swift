import GisementShared
import GisementSQLite

/// `gisement-server merges`: the merge log, newest last.
struct MergesCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "merges", abstract: "Show the merge log (conflicts and anomalies), newest last.",
        discussion: "Each entry names the field, the winning and the losing version, and the token whose push caused it.",
        options: [
            .init("since", value: "seq", help: "Only entries after this merge log position.", default: "0"),
            .init("kind", value: "kind", help: "Only this record kind.", allowed: RecordKind.allCases.map(\.rawValue)),
            .init("id", value: "id", help: "Only this record id."),
            .init("field", value: "field", help: "Only this field."),
            .init("agent", value: "name", help: "Only merges caused by pushes of this token name."),
            CommandSpec.databaseOption, CommandSpec.jsonOption,
        ])

    let path: String
    let isJSON: Bool
    let query: MergeQuery

    init(_ parsed: ParsedCommand) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
        let since = try parsed.integer("since", in: 0...Int.max, command: Self.spec.name) ?? 0
        query = MergeQuery(
            since: Int64(since), kind: parsed.values["kind"].flatMap(RecordKind.init(name:)), id: parsed.values["id"],
            field: parsed.values["field"], pushedBy: parsed.values["agent"], limit: 10_000)
    }

    func run(_ console: Console) async throws {
        let db = try ServerDatabase.openLogs(path)
        var entries: [MergeEntry] = []
        var page = query
        do {
            while true {
                let (batch, more) = try db.merges(page)
                entries += batch
                guard more, let last = batch.last else { break }
                page.since = last.seq
            }
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        if isJSON {
            console.out(JSONWriter.string(.object(["merges": .array(entries.map(LogAPI.json))])))
            return
        }
        if entries.isEmpty {
            console.err("No merges logged" + (query == MergeQuery(limit: 10_000) ? "." : " that match."))
            return
        }
        for entry in entries {
            let tag = entry.isAnomaly ? "anomaly" : "conflict"
            console.out(
                "#\(entry.seq) \(entry.at) \(tag) \(entry.kind) \(entry.id) \(entry.field): "
                    + "kept \(show(entry.winner)) over \(show(entry.loser)), pushed by \(entry.pushedBy)")
        }
    }

    private func show(_ side: MergeSide) -> String {
        let value: String
        if case .text(let s) = side.value { value = "\"\(s)\"" } else { value = side.value.description }
        return "\(value) (\(side.replica)@\(side.counter), hlc \(side.hlc))"
    }
}

/// `gisement-server sessions`: the session log, newest last.
struct SessionsCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "sessions", abstract: "Show the session log: one line per sync request, newest last.",
        options: [
            .init("since", value: "seq", help: "Only entries after this session log position.", default: "0"),
            CommandSpec.databaseOption, CommandSpec.jsonOption,
        ])

    let path: String
    let isJSON: Bool
    let since: Int64

    init(_ parsed: ParsedCommand) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
        since = Int64(try parsed.integer("since", in: 0...Int.max, command: Self.spec.name) ?? 0)
    }

    func run(_ console: Console) async throws {
        let db = try ServerDatabase.openLogs(path)
        var entries: [SessionEntry] = []
        var cursor = since
        do {
            while true {
                let (batch, more) = try db.sessions(since: cursor, limit: 10_000)
                entries += batch
                guard more, let last = batch.last else { break }
                cursor = last.seq
            }
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        if isJSON {
            console.out(JSONWriter.string(.object(["sessions": .array(entries.map(LogAPI.json))])))
            return
        }
        if entries.isEmpty {
            console.err("No sync sessions logged yet.")
            return
        }
        var rows = [["SEQ", "AT", "TOKEN", "REPLICA", "ROUTE", "PUSHED", "ACCEPTED", "DUPS", "CONFLICTS", "PULLED", "STATUS", "MS"]]
        for e in entries {
            rows.append([
                String(e.seq), e.at, e.token, e.replica ?? "-", e.route, String(e.pushed), String(e.accepted),
                String(e.duplicates), String(e.conflicts), String(e.pulled), String(e.status),
                String(format3(e.durationMilliseconds)),
            ])
        }
        for line in TextColumns.format(rows) { console.out(line) }
    }

    private func format3(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}

/// `gisement-server backup FILE`: a consistent copy of the live database.
struct BackupCommand: ServerCommand {
    static let spec = CommandSpec(
        name: "backup", abstract: "Write a consistent copy of the database, even while the server runs.",
        discussion: "Uses SQLite's online backup API inside one read transaction, so the copy is one committed state. "
            + "Install it with 'gisement-server restore FILE' (the server stopped).",
        arguments: [.init("file", help: "Where to write the copy; it must not exist yet.")],
        options: [CommandSpec.databaseOption])

    let path: String
    let destination: String

    init(_ parsed: ParsedCommand) throws {
        path = parsed.databasePath
        destination = parsed.arguments[0]
    }

    func run(_ console: Console) async throws {
        if FileManagerProbe.exists(destination) {
            throw ServerCommandError.failure("\(destination) already exists; remove it or pick another file name.")
        }
        let db = try ServerDatabase.openForReading(path)
        do {
            // A read transaction pins one snapshot: the backup copies it without restarting when the
            // server commits meanwhile (https://www.sqlite.org/c3ref/backup_finish.html).
            try db.read {
                _ = try db.scalar(sql: "SELECT count(*) FROM schema_migrations")
                try db.backup(to: destination)
            }
        } catch {
            throw ServerCommandError.failure("The backup to \(destination) failed: \(error); check the folder and free space.")
        }
        console.err("Backed up \(path) to \(destination).")
    }
}
