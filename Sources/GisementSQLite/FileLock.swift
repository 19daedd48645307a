#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file beside a database, held for as long as this value lives: the
/// server's `<database>.lock` (a database is never replaced under a running server) and the
/// replica's `<replica>.sync-lock` (one sync at a time). `flock` locks die with their process,
/// kill -9 included, so a crash never leaves a stale lock behind.
public final class FileLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock at `path`, or returns nil when another process holds it.
    /// - Throws: ``SQLiteError`` (`SQLITE_CANTOPEN`) when the lock file cannot be created.
    public static func tryAcquire(path: String) throws -> FileLock? {
        let descriptor = try open(path)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return FileLock(descriptor: descriptor, path: path)
    }

    /// Takes the lock at `path`; when another process holds it, calls `waiting` once, then waits.
    /// - Throws: ``SQLiteError`` (`SQLITE_CANTOPEN`) when the lock file cannot be created or locked.
    public static func acquire(path: String, waiting: () -> Void) throws -> FileLock {
        if let lock = try tryAcquire(path: path) { return lock }
        waiting()
        let descriptor = try open(path)
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw SQLiteError(code: .SQLITE_CANTOPEN, message: "could not lock \(path)")
            }
        }
        return FileLock(descriptor: descriptor, path: path)
    }

    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SQLiteError(code: .SQLITE_CANTOPEN, message: "could not create the lock file \(path)")
        }
        return descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
