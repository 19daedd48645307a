import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a spawned command from inheriting this process's descriptors.
///
/// Foundation's `Process` learns that a child ended when the last copy of a socket it gave the
/// child is closed. A command started with `posix_spawn` while another thread starts a `Process`
/// inherits that socket too, and `pg_ctl start` hands it on to the PostgreSQL server, which lives
/// until the test run ends: the other `Process` then never ends (`waitUntilExit` hung a CI run,
/// its child a zombie; swiftlang/swift-corelibs-foundation#4795).
public enum InheritedDescriptors {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare: it closes every descriptor from `lowest` on in the child, at spawn
    /// time, whatever other threads opened meanwhile.
    private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Adds to `actions` the closing, in the child, of every descriptor from `lowest` on (after
    /// the actions already added, so descriptors set up below `lowest` stay).
    public static func close(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, lowest) == 0 { return }
        // Older C libraries: the descriptors open now (one opened by another thread from here to
        // the spawn would still be inherited).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd >= lowest {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}
