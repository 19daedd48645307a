import Dispatch
import GisementSQLite
import Synchronization

/// A small pool of read-only connections for pulls, records, logs and reports.
///
/// In WAL mode readers never block the writer nor each other, and each read runs in its own
/// transaction so it sees one committed snapshot. SQLite calls block, so reads run on a
/// Dispatch queue, never on the Swift concurrency pool; at most ``size`` run at once.
final class ReaderPool: Sendable {
    private let path: String
    private let size: Int
    private let idle = Mutex<[Confined<Database>]>([])
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "gisement.store.readers", qos: .userInitiated, attributes: .concurrent)

    /// Connections open lazily, up to `size`.
    init(path: String, size: Int) {
        precondition(size > 0, "a reader pool needs at least one connection")
        self.path = path
        self.size = size
        self.slots = DispatchSemaphore(value: size)
    }

    /// Runs `body` with a read-only connection inside a read transaction.
    /// - Throws: whatever `body` throws, or ``SQLiteError`` opening a connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                self.slots.wait()
                defer { self.slots.signal() }
                continuation.resume(with: Result { try self.withConnection { db in try db.read { try body(db) } } })
            }
        }
    }

    private func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        let reused = idle.withLock { $0.popLast() }
        let connection = try reused ?? Confined(
            Database(path: path, options: DatabaseOptions(access: .readOnly, busyTimeoutMilliseconds: 5_000)))
        defer { idle.withLock { $0.append(connection) } }
        return try body(connection.value)
    }

    /// Closes the idle connections (the ones in use close when their read ends and the pool is gone).
    func close() {
        idle.withLock { $0.removeAll() }
    }
}
