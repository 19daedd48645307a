import GisementCommandLine
import GisementShared
import Foundation
import GisementSQLite

/// `gisement-server restore BACKUP`: installs a backup in place of the database, keeping the
/// replaced files aside. Replicas find out at their next sync and send back what the backup
/// lacks (docs/operations.md, "Restore").
struct RestoreCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "restore", abstract: localized("server.help.restore.abstract"),
            discussion: localized("server.help.restore.discussion"),
            arguments: [.init("backup", help: localized("server.help.restore.backup"))],
            options: [.serverDatabase])
    }

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
                localized("server.restore.serving", ["path": path]))
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
                localized(
                    "server.restore.failed",
                    ["backup": backup, "reason": "\(error)", "kept": keptAside.joined(separator: ", ")]))
        }
        withExtendedLifetime(lock) {}
        console.error(localized("server.restore.done", ["backup": backup, "path": path]))
        if !keptAside.isEmpty {
            console.error(localized("server.restore.keptAside", ["kept": keptAside.joined(separator: ", ")]))
        }
        console.error(localized("server.restore.next"))
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
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "release", abstract: localized("server.help.release.abstract"),
            arguments: [.init("replica", help: localized("server.help.release.replica"))],
            options: [.serverDatabase])
    }

    let path: String
    let replica: String

    init(_ parsed: ParsedArguments) throws {
        path = parsed.databasePath
        replica = parsed.positionals[0]
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        let db = try ServerDatabase.openTokenBook(path, writing: true)
        let owner: String?
        do {
            owner = try db.releaseReplica(replica)
        } catch {
            throw ServerDatabase.describe(error, path: path)
        }
        guard let owner else {
            throw ServerCommandError.data(localized("server.release.noOwner", ["replica": replica]))
        }
        console.error(localized("server.release.done", ["replica": replica, "owner": owner]))
    }
}
