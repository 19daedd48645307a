import GisementShared
import GisementSQLite

/// Small numbers standing for replica ids inside the replica's tables (`replicas` table).
///
/// A replica id is ~38 characters and appears in every field version and every clock entry;
/// storing a number instead keeps a replica of 100,000 collections about half the size and its
/// writes correspondingly faster. The mapping is cached in memory; ``reset()`` drops the cache
/// after a rolled-back transaction, which may have assigned numbers that were never committed.
final class ReplicaNumbers {
    private let database: Database
    private var numbers: [ReplicaID: Int64] = [:]
    private var ids: [Int64: ReplicaID] = [:]
    private var isLoaded = false
    /// The last id asked for: a pulled page or an import comes from one replica change after change,
    /// and comparing its ~38 bytes costs less than hashing them.
    private var last: (replica: ReplicaID, number: Int64)?

    init(database: Database) {
        self.database = database
    }

    /// The replica file, named by the errors of what it holds.
    var path: String { database.path }

    /// The number of `replica`, assigning one when it has none (call inside a write transaction).
    func number(_ replica: ReplicaID) throws -> Int64 {
        if let last, last.replica == replica { return last.number }
        try load()
        let number: Int64
        if let known = numbers[replica] {
            number = known
        } else {
            try database.execute(sql: "INSERT INTO replicas (id) VALUES (?1)", arguments: [.text(replica)])
            number = database.lastInsertRowID
            numbers[replica] = number
            ids[number] = replica
        }
        last = (replica, number)
        return number
    }

    /// The replica id of `number`.
    /// - Throws: ``ReplicaError`` `.damaged` for a number this file does not hold (only a damaged
    ///   file has one).
    func id(_ number: Int64) throws -> ReplicaID {
        try load()
        if let id = ids[number] { return id }
        isLoaded = false
        try load()
        guard let id = ids[number] else { throw ReplicaDamage.replicaNumber(number, path: database.path) }
        return id
    }

    /// Forgets the cache; the next use reloads it from the table.
    func reset() {
        last = nil
        numbers.removeAll()
        ids.removeAll()
        isLoaded = false
    }

    private func load() throws {
        guard !isLoaded else { return }
        numbers.removeAll()
        ids.removeAll()
        for row in try database.query(sql: "SELECT number, id FROM replicas") {
            guard let number = row[0].integerValue, let id = row[1].textValue else {
                throw ReplicaDamage.value(table: "replicas", column: "id", row: row[0], path: database.path)
            }
            numbers[id] = number
            ids[number] = id
        }
        isLoaded = true
    }

    /// Encodes a clock compactly: `1=42,3=17` (replica numbers, counters).
    func encode(_ clock: VectorClock) throws -> String {
        var text = ""
        for (i, entry) in clock.entries.enumerated() {
            if i > 0 { text += "," }
            text += String(try number(entry.replica))
            text += "="
            text += String(entry.counter)
        }
        return text
    }

    /// Encodes the clock of a version or change whose own dot is `dot`: empty when it holds that
    /// dot alone (see ``decode(_:ownDot:)``).
    func encode(_ clock: VectorClock, ownDot dot: Dot) throws -> String {
        if clock.entries.count == 1, clock.entries[0].replica == dot.replica, clock.entries[0].counter == dot.counter {
            return ""
        }
        return try encode(clock)
    }

    /// Decodes the clock stored with a field version or outbox change whose own dot is `dot`. An
    /// empty text stands for the clock holding that dot alone: what every field of a record created
    /// here carries, stored empty rather than as `7=1042` on each of its rows (a valid clock always
    /// holds its change's own dot, so it is never empty otherwise).
    func decode(_ text: String, ownDot dot: Dot) throws -> VectorClock {
        text.isEmpty ? VectorClock(sortedEntries: [(dot.replica, dot.counter)]) : try decode(text)
    }

    /// Decodes a clock written by ``encode(_:)``.
    /// - Throws: ``ReplicaError`` `.damaged` for a text that is not one, or that names a replica
    ///   number this file does not hold.
    func decode(_ text: String) throws -> VectorClock {
        if text.isEmpty { return VectorClock() }
        var entries: [(replica: ReplicaID, counter: UInt64)] = []
        for part in text.utf8.split(separator: UInt8(ascii: ",")) {
            guard let eq = part.firstIndex(of: UInt8(ascii: "=")),
                let number = Int64(String(decoding: part[..<eq], as: UTF8.self)),
                let counter = UInt64(String(decoding: part[part.index(after: eq)...], as: UTF8.self))
            else { throw ReplicaDamage.clock(text, path: database.path) }
            entries.append((try id(number), counter))
        }
        return VectorClock(sortedEntries: entries)
    }
}

/// The small integer of each kind in the `records` table.
enum KindCode {
    static func of(_ kind: RecordKind) -> Int64 {
        switch kind {
        case .district: return 1
        case .partner: return 2
        case .pilotTest: return 3
        case .participation: return 4
        case .collection: return 5
        case .workshop: return 6
        }
    }

    /// The kind of `code`, read from the replica at `path`.
    /// - Throws: ``ReplicaError`` `.damaged` for a code that is no kind (only a damaged file has one).
    static func kind(_ code: Int64, path: String?) throws -> RecordKind {
        switch code {
        case 1: return .district
        case 2: return .partner
        case 3: return .pilotTest
        case 4: return .participation
        case 5: return .collection
        case 6: return .workshop
        default: throw ReplicaDamage.kindCode(code, path: path)
        }
    }
}
