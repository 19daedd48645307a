#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sync at a time per replica file: an exclusive `flock` on `<replica>.sync-lock`, held for
/// the whole sync. A second `gisement sync` of the same file waits for the first to end (two at
/// once could each take the other's pushed counter for a restored copy). The lock dies with its
/// process, kill -9 included.
public final class SyncLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock of the replica at `replicaPath`; when another sync holds it, calls `waiting`
    /// once, then waits for it.
    /// - Returns: nil when the lock file cannot be created (a read-only folder): the sync then runs
    ///   unguarded, as before.
    public static func acquire(replicaPath: String, waiting: () -> Void) -> SyncLock? {
        let descriptor = open(replicaPath + ".sync-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    return nil
                }
            }
        }
        return SyncLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
