import Foundation
import GisementShared

/// Runs an import as two threads: one checks the CSV rows a chunk at a time (``CSVImport``) on its
/// own connection to the replica, the calling one writes the chunks already checked, all in one
/// transaction (``ReplicaStore/write(batches:)``).
///
/// Checking a row costs about a sixth of writing it; overlapping the two takes that off the time
/// of a large import. It stays all or nothing: a bad row found while earlier chunks are written
/// rolls the whole transaction back. The checking connection reads the replica as it was before
/// the import, which is what a row may refer to (rows of one file never refer to each other).
enum CSVImportPipeline {
    /// Rows checked per chunk: small enough to start writing early and bound memory, large enough
    /// that handing chunks over costs nothing.
    static let chunkRows = 2_000

    /// Imports `rows` (the header first) into `store`.
    /// - Returns: how many records were created and updated.
    /// - Throws: ``CLIError`` (exit 65) for the first bad row, or what writing throws; nothing is
    ///   written then.
    static func run(
        kind: RecordKind, file: String, now: String, rows: [CSVReader.Row], store: ReplicaStore, clock: WallClock
    ) throws -> (created: Int, updated: Int) {
        let chunks = PlannedChunks(capacity: 4)
        let opened = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let path = store.path
        let thread = Thread {
            defer { finished.signal() }
            plan(kind: kind, file: file, now: now, rows: rows, path: path, clock: clock, into: chunks, opened: opened)
        }
        thread.start()
        // The checker opens its connection first: opening may run the migrator, which must not
        // wait on the write transaction below.
        opened.wait()
        defer {
            chunks.cancel()
            finished.wait()
        }
        var totals = (created: 0, updated: 0)
        try store.write(batches: {
            switch chunks.take() {
            case .writes(let writes): return writes
            case .failure(let error): throw error
            case .done(let created, let updated):
                totals = (created, updated)
                return nil
            }
        })
        return totals
    }

    /// The checking thread: header, then chunks, then the totals, or the first error.
    private static func plan(
        kind: RecordKind, file: String, now: String, rows: [CSVReader.Row], path: String, clock: WallClock,
        into chunks: PlannedChunks, opened: DispatchSemaphore
    ) {
        let store: ReplicaStore
        do {
            store = try ReplicaStore(path: path, clock: clock)
        } catch {
            opened.signal()
            _ = chunks.put(.failure(error))
            return
        }
        opened.signal()
        do {
            var importer = try CSVImport(kind: kind, file: file, now: now, header: rows.first, store: store)
            var start = 1
            while start < rows.count {
                let end = min(start + chunkRows, rows.count)
                let writes = try importer.plan(rows[start..<end])
                guard chunks.put(.writes(writes)) else { return }
                start = end
            }
            _ = chunks.put(.done(created: importer.created, updated: importer.updated))
        } catch {
            _ = chunks.put(.failure(error))
        }
    }
}

/// A bounded hand-over of checked chunks from the checking thread to the writing one.
final class PlannedChunks: @unchecked Sendable {
    enum Item {
        case writes([RecordWrite])
        case failure(any Error)
        case done(created: Int, updated: Int)
    }

    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var items: [Item] = []
    private var isCancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Hands an item over, waiting while `capacity` items wait; false once the writer gave up.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !isCancelled { condition.wait() }
        guard !isCancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for it.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        condition.broadcast()
        return items.removeFirst()
    }

    /// Stops the checking thread at its next hand-over (the writer failed or finished).
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
