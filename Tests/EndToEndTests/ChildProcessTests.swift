import Foundation
import TestSupport
import Testing

/// The tests' child processes are waited for by what the kernel says, not only by Foundation's
/// socket (``ChildProcess/waitForExit(_:timeout:)``): a CI run hung on a finished `gisement`
/// whose end Foundation never noticed, a PostgreSQL server holding the socket's other copy.
@Suite struct ChildProcessTests {
    /// The child ends at once with status 3 but leaves a background `sleep` holding every
    /// descriptor it inherited, Foundation's socket included, for 8 s.
    @Test func aChildWhoseDescriptorsOutliveIt_isSeenEnded_withItsStatus() throws {
        let started = ContinuousClock.now
        let result = try ChildProcess.run("/bin/sh", ["-c", "sleep 8 >/dev/null 2>&1 & exit 3"], timeout: 4)
        let waited = started.duration(to: .now)
        #expect(result.status == 3)
        #expect(waited < .seconds(4), "waited \(waited) for a child that ended at once")
    }

    @Test func aChildEndedBySignal_isReportedSo() throws {
        let folder = TemporaryFolder("child-signal")
        let process = try ChildProcess.start(
            "/bin/sh", ["-c", "kill -KILL $$"], stdoutPath: folder.file("out"), stderrPath: folder.file("err"))
        #expect(ChildProcess.waitForExit(process, timeout: 20) == ChildProcess.Exit(status: SIGKILL, bySignal: true))
    }
}
