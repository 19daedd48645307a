import Foundation
import GisementCommandLine
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
    /// - Parameter overwrite: write cells that would undo an edit made since the sheet's export.
    /// - Returns: how many rows made, changed and left records.
    /// - Throws: ``CLIError`` (exit 65) for the first bad row, or listing the cells that would undo a
    ///   later edit (``StaleCell``), or what writing throws; nothing is written then.
    static func run(
        kind: RecordKind, file: String, now: String, rows: [CSVReader.Row], store: ReplicaStore, clock: WallClock,
        overwrite: Bool = false
    ) throws -> ImportTotals {
        let chunks = PlannedChunks(capacity: 4)
        let opened = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let path = store.path
        // The checker's messages are in the command's language: a new thread starts without it.
        let language = Language.current
        let thread = Thread {
            defer { finished.signal() }
            Language.$current.withValue(language) {
                plan(
                    kind: kind, file: file, now: now, rows: rows, path: path, clock: clock, overwrite: overwrite,
                    into: chunks, opened: opened)
            }
        }
        thread.start()
        // The checker opens its connection first: opening may run the migrator, which must not
        // wait on the write transaction below.
        opened.wait()
        defer {
            chunks.cancel()
            finished.wait()
        }
        var totals = ImportTotals()
        try store.write(batches: {
            switch chunks.take() {
            case .writes(let writes): return writes
            case .failure(let error): throw error
            case .done(let done, let stale):
                // Stale cells are listed all at once, after every row was checked; throwing here
                // rolls back the chunks already written.
                if !stale.isEmpty, !overwrite {
                    throw StaleCell.error(stale, file: file, ownReplica: store.replicaID)
                }
                totals = done
                totals.overwritten = stale.count
                return nil
            }
        })
        return totals
    }

    /// The checking thread: header, then chunks, then the totals, or the first error.
    private static func plan(
        kind: RecordKind, file: String, now: String, rows: [CSVReader.Row], path: String, clock: WallClock,
        overwrite: Bool, into chunks: PlannedChunks, opened: DispatchSemaphore
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
            var importer = try CSVImport(
                kind: kind, file: file, now: now, header: rows.first, store: store, overwrite: overwrite)
            var start = 1
            while start < rows.count {
                let end = min(start + chunkRows, rows.count)
                let writes = try importer.plan(rows[start..<end])
                // Once a cell is stale the import will be refused: the rest is only checked.
                let stopsWriting = !overwrite && !importer.staleCells.isEmpty
                guard chunks.put(.writes(stopsWriting ? [] : writes)) else { return }
                start = end
            }
            _ = chunks.put(.done(importer.totals, stale: importer.staleCells))
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
        case done(ImportTotals, stale: [StaleCell])
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
