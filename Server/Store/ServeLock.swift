import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `<database>.lock`, held by `serve` for as long as it runs and by
/// `restore` while it swaps files, so a database is never replaced under a running server.
///
/// `flock` locks die with the process (kill -9 included): a crashed server never leaves a
/// stale lock behind.
public final class ServeLock: Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock of the database at `databasePath`, or returns nil when another process holds it.
    /// - Throws: ``SocketError``-free plain `CocoaError` when the lock file cannot be created.
    public static func acquire(databasePath: String) throws -> ServeLock? {
        let path = databasePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return ServeLock(descriptor: descriptor, path: path)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
