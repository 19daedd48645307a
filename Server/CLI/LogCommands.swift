import GisementCommandLine
import GisementShared
import GisementSQLite

/// `gisement-server merges`: the merge log, newest last.
struct MergesCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "merges", abstract: localized("server.help.merges.abstract"),
            discussion: localized("server.help.merges.discussion"),
            options: [
                .init("since", value: "seq", help: localized("server.help.merges.since"), default: "0"),
                .init("kind", value: "kind", help: localized("server.help.merges.kind"), allowedValues: RecordKind.allCases.map(\.rawValue)),
                .init("id", value: "id", help: localized("server.help.merges.id")),
                .init("field", value: "field", help: localized("server.help.merges.field")),
                .init("agent", value: "name", help: localized("server.help.merges.agent")),
                .serverDatabase, .json,
            ])
    }

    let path: String
    let isJSON: Bool
    let query: MergeQuery

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
        let since = try parsed.integer("since", in: 0...Int.max) ?? 0
        query = MergeQuery(
            since: Int64(since), kind: parsed.values["kind"].flatMap(RecordKind.init(name:)), id: parsed.values["id"],
            field: parsed.values["field"], pushedBy: parsed.values["agent"], limit: 10_000)
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
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
            console.line(JSONWriter.string(.object(["merges": .array(entries.map(LogAPI.json))])))
            return
        }
        if entries.isEmpty {
            console.error(localized(query == MergeQuery(limit: 10_000) ? "server.merges.none" : "server.merges.noneMatch"))
            return
        }
        for entry in entries {
            let tag = entry.isAnomaly ? "anomaly" : "conflict"
            console.line(
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
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "sessions", abstract: localized("server.help.sessions.abstract"),
            options: [
                .init("since", value: "seq", help: localized("server.help.sessions.since"), default: "0"),
                .serverDatabase, .json,
            ])
    }

    let path: String
    let isJSON: Bool
    let since: Int64

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        isJSON = parsed.isJSON
        since = Int64(try parsed.integer("since", in: 0...Int.max) ?? 0)
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
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
            console.line(JSONWriter.string(.object(["sessions": .array(entries.map(LogAPI.json))])))
            return
        }
        if entries.isEmpty {
            console.error(localized("server.sessions.none"))
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
        for line in TextColumns.format(rows) { console.line(line) }
    }

    private func format3(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}

/// `gisement-server backup FILE`: a consistent copy of the live database.
struct BackupCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "backup", abstract: localized("server.help.backup.abstract"),
            discussion: localized("server.help.backup.discussion"),
            arguments: [.init("file", help: localized("server.help.backup.file"))],
            options: [.serverDatabase])
    }

    let path: String
    let destination: String

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        destination = parsed.positionals[0]
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        if FileManagerProbe.exists(destination) {
            throw ServerCommandError.failure(localized("server.backup.exists", ["file": destination]))
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
            throw ServerCommandError.failure(localized("server.backup.failed", ["file": destination, "reason": "\(error)"]))
        }
        console.error(localized("server.backup.done", ["path": path, "file": destination]))
    }
}
