import Foundation
import GisementSQLite
import GisementServer
import GisementShared
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The spawned server when the disk fails under it: a full tmpfs, and write errors injected into
/// its `pwrite64` calls with strace. Each time: a clean 5xx JSON answer (no crash), the server still
/// up and serving health, no part of a failed push stored, the database intact
/// (`PRAGMA integrity_check`), and pushes accepted again once the disk is back.
///
/// Skipped cleanly when tmpfs cannot be mounted (not root) or strace is missing or cannot attach.
@Suite(.serialized, .disabled(if: TestStore.isPostgres, "disk faults under the SQLite file")) struct DiskFaultTests {
    @Test func fullDisk_givesCleanErrors_keepsServing_andRecovers() async throws {
        guard let mount = TmpfsMount(sizeKiB: 3072) else {
            print("DiskFaultTests: skipped, tmpfs cannot be mounted here")
            return
        }
        defer { mount.unmount() }
        let db = mount.path + "/server.sqlite"
        let token = try await Self.addToken(db)
        let log = TemporaryFolder("disk")
        let server = try await ServerProcess.start(database: db, stderrPath: log.file("serve.err"))
        let client = APIClient(baseURL: server.baseURL, token: token)
        var warm = PushLedger(replica: "r-warm")
        #expect(try await warm.push(5, with: client).status == 200)

        // Fill the disk, leaving a few KiB: the next pushes cannot all fit.
        let filler = mount.path + "/filler"
        try Self.fill(filler, leavingKiB: 24, in: mount.path)
        var ledger = PushLedger(replica: "r-full")
        var failures: [Int] = []
        for _ in 0..<12 {
            let reply = try await ledger.push(200, with: client)
            if reply.status != 200 {
                failures.append(reply.status)
                #expect(reply.status == 500 && reply.errorCode == "internal", "\(reply.status) \(reply.text)")
            }
        }
        #expect(!failures.isEmpty, "the disk never filled up")
        #expect(server.process.isRunning, "the server died on a full disk: \(server.stderr.suffix(800))")
        #expect(try await APIClient(baseURL: server.baseURL).get("/v1/health").status == 200)

        // Space comes back: pushes go through again, the failed ones included.
        try FileManager.default.removeItem(atPath: filler)
        let retried = try await ledger.retryFailed(with: client)
        #expect(retried.allSatisfy { $0 == 200 }, "after the disk came back: \(retried)")
        try await ledger.expectAllOrNothing(with: client)
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(try Self.integrityCheck(db) == "ok")
    }

    @Test(arguments: ["ENOSPC", "EIO"])
    func injectedWriteErrors_giveCleanErrors_keepServing_andRecover(_ errorName: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            print("DiskFaultTests: skipped, strace is not installed")
            return
        }
        let folder = TemporaryFolder("inject")
        let db = folder.file("server.sqlite")
        let token = try await Self.addToken(db)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("serve.err"))
        let client = APIClient(baseURL: server.baseURL, token: token)
        var ledger = PushLedger(replica: "r-inject")
        #expect(try await ledger.push(50, with: client).status == 200)

        guard let tracer = try StraceInjector(pid: server.pid, error: errorName, log: folder.file("strace.err")) else {
            print("DiskFaultTests: skipped, strace cannot attach here")
            _ = await server.stop(signal: SIGKILL)
            return
        }
        var statuses: [Int] = []
        for _ in 0..<4 {
            let reply = try await ledger.push(50, with: client)
            statuses.append(reply.status)
            if reply.status != 200 { #expect(reply.errorCode == "internal", "\(reply.text)") }
        }
        #expect(statuses.allSatisfy { $0 == 500 }, "every write fails while the errors are injected: \(statuses)")
        #expect(try await APIClient(baseURL: server.baseURL).get("/v1/health").status == 200)
        #expect(server.process.isRunning)
        tracer.detach()

        let retried = try await ledger.retryFailed(with: client)
        #expect(retried.allSatisfy { $0 == 200 }, "after the errors stopped: \(retried); \(server.stderr.suffix(600))")
        #expect(try await ledger.push(50, with: client).status == 200)
        try await ledger.expectAllOrNothing(with: client)
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(try Self.integrityCheck(db) == "ok")
    }

    static func addToken(_ db: String) async throws -> String {
        let add = try await ServerBinary.run(["token", "add", "disk", "--role", "admin", "--db", db])
        return add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func integrityCheck(_ path: String) throws -> String? {
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        return try db.scalar(sql: "PRAGMA integrity_check")?.textValue
    }

    /// Writes a file until only about `leavingKiB` KiB are free on the file system of `folder`.
    static func fill(_ path: String, leavingKiB: Int, in folder: String) throws {
        var stats = statvfs()
        guard statvfs(folder, &stats) == 0 else { throw POSIXError(.EIO) }
        let free = Int(stats.f_bavail) * Int(stats.f_frsize)
        let size = max(0, free - leavingKiB * 1024)
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: size))
    }
}
