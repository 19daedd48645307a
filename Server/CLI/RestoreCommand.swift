import GisementCommandLine
import Foundation
import GisementSQLite

/// `gisement-server restore BACKUP`: installs a backup in place of the database, keeping the
/// replaced files aside. Replicas find out at their next sync and send back what the backup
/// lacks (docs/operations.md, "Restore").
struct RestoreCommand: ServerCommand {
    static let configuration = CommandConfiguration(
        name: "restore", abstract: "Install a backup in place of the database (the server must be stopped).",
        discussion: "Refused while a server serves the database. The replaced files (database, -wal, -shm) are moved "
            + "next to it with a .replaced-TIME suffix, never deleted. At their next sync, replicas notice that the "
            + "server went back and send again what it lacks.",
        arguments: [.init("backup", help: "A file written by 'gisement-server backup'.")],
        options: [.serverDatabase])

    let path: String
    let backup: String

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        backup = parsed.positionals[0]
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        // Checks the backup first: a wrong file must not cost the current database its place.
        _ = try ServerDatabase.openForReading(backup)
        let lock: FileLock?
        do {
            lock = try FileLock.tryAcquire(path: path + ".lock")
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        guard let lock else {
            throw ServerCommandError.failure(
                "A gisement-server is serving \(path); stop it (Ctrl-C or SIGTERM), then run restore again.")
        }
        let files = FileManager.default
        let stamp = ServerClock.system.iso8601().replacingOccurrences(of: ":", with: "")
        var keptAside: [String] = []
        do {
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: path + suffix) {
                let aside = path + ".replaced-" + stamp + suffix
                try files.moveItem(atPath: path + suffix, toPath: aside)
                keptAside.append(aside)
            }
            let partial = path + ".restoring"
            try? files.removeItem(atPath: partial)
            try files.copyItem(atPath: backup, toPath: partial)
            try Self.syncFile(partial)
            try files.moveItem(atPath: partial, toPath: path)
            // Migrates a backup of an older version now, under the lock.
            _ = try ServerDatabase.openForWriting(path)
        } catch let error as ServerCommandError {
            throw error
        } catch {
            throw ServerCommandError.failure(
                "The restore of \(backup) failed: \(error). The replaced files are kept: \(keptAside.joined(separator: ", ")).")
        }
        withExtendedLifetime(lock) {}
        console.error("Restored \(backup) to \(path).")
        if !keptAside.isEmpty { console.error("The replaced files are kept: \(keptAside.joined(separator: ", ")).") }
        console.error("Start the server: replicas send back what the backup lacks at their next sync.")
    }

    private static func syncFile(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.synchronize()
        try handle.close()
    }
}

/// `gisement-server replica release R`: frees a replica id from the token that owns it, so that
/// another token may push under it (a device handed to a new agent with a new token).
struct ReplicaReleaseCommand: ServerCommand {
    static let configuration = CommandConfiguration(
        name: "release", abstract: "Free a replica id from the token that first pushed under it.",
        arguments: [.init("replica", help: "The replica id, as the session log shows it.")],
        options: [.serverDatabase])

    let path: String
    let replica: String

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        replica = parsed.positionals[0]
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openForWriting(path)
        let owner: String?
        do {
            owner = try db.scalar(sql: "SELECT owner FROM replicas WHERE replica = ?", arguments: [.text(replica)])?.textValue
            try db.execute(sql: "UPDATE replicas SET owner = NULL WHERE replica = ?", arguments: [.text(replica)])
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        guard let owner else {
            throw ServerCommandError.data("No token owns the replica id \(replica); nothing to release.")
        }
        console.error("Released the replica id \(replica) from the token '\(owner)'; the next token that pushes under it owns it.")
    }
}
