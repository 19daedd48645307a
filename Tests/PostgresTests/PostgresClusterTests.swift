import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The throwaway cluster the tests start: its server outlives the command that started it, so it
/// must not keep any descriptor of the test process open.
@Suite struct PostgresClusterTests {
    /// A descriptor the test process holds while the cluster starts (as a `Process` being started
    /// on another thread holds its end-of-child socket) must close when the test process closes
    /// it: the server must not hold a copy. It did, and a CI run hung in `waitUntilExit` on a child
    /// that had long ended.
    @Test func aStartedServer_holdsNoneOfTheTestProcessDescriptors() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }

        let cluster = try PostgresCluster.startPrivate()
        defer { try? cluster.stop(.immediate) }
        close(ends[1])

        // End of file on the read end only once no process holds the write end.
        var poller = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, 5_000)
        #expect(ready == 1, "some process still holds the pipe's write end")
        guard ready == 1 else { return }  // a read would wait for ever
        var byte: UInt8 = 0
        #expect(read(ends[0], &byte, 1) == 0)
    }
}
