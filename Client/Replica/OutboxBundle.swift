import GisementSQLite
import GisementShared

/// One pending change of this replica as the outbox keeps it: the field, its value as stored in
/// SQLite, its HLC, and the record clock it carried, encoded with replica numbers (`1=42,3=17`).
struct OutboxEntry: Equatable {
    var counter: UInt64
    var field: String
    var value: SQLValue
    var hlc: HLCTimestamp
    var clockText: String
}

/// The changes of one record write, packed in one blob: the outbox holds a row per write, not per
/// field.
///
/// A collection logged or imported is ten changes; ten outbox rows were a fifth of an import's
/// instructions and a third of the replica's size. The layout is private to the replica (it never
/// leaves the file): for each entry, the counter as a varint delta from the previous one (from 0
/// for the first), the field (its number in ``fieldCodes``, or 0 then its name), a value tag and payload, the HLC wall as a zigzag delta from the
/// previous entry's (the fields of one write share a millisecond: one byte), the logical part, the
/// clock (empty for a clock holding only the entry's own dot, see ReplicaNumbers).
/// Texts are a varint byte count then UTF-8; integers are zigzag varints; reals their 8 IEEE bytes.
enum OutboxBundle {
    private enum Tag: UInt8 {
        case null = 0, integer = 1, real = 2, text = 3, blob = 4
    }

    /// The field names a bundle writes as one byte. Append only: a bundle already on disk reads
    /// its fields back through this list. A name not in it is written out.
    static let fieldCodes = [
        "name", "commune", "code", "population", "habitat", "kind", "contact", "notes", "district", "starts_on",
        "ends_on", "status", "target_kg", "target_items", "target_reuse_rate", "jobs_created", "test", "partner",
        "role", "collected_at", "source", "category", "item", "items", "weight_kg", "condition", "outcome",
        "sold_items", "agent", "deleted",
        // Schema version 2.
        "requalified", "employed_after", "members_before", "members_after", "target_jobs", "target_attendance_rate",
        "target_members", "satisfaction", "satisfaction_notes", "held_on", "topic", "places", "attendees",
        "new_members",
    ]
    private static let codeOfField = Dictionary(uniqueKeysWithValues: fieldCodes.enumerated().map { ($1, UInt64($0 + 1)) })

    static func encode(_ entries: [OutboxEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 48)
        var previous: UInt64 = 0
        var previousWall: Int64 = 0
        for entry in entries {
            appendVarint(&bytes, entry.counter &- previous)
            previous = entry.counter
            if let code = codeOfField[entry.field] {
                appendVarint(&bytes, code)
            } else {
                bytes.append(0)
                appendText(&bytes, entry.field)
            }
            switch entry.value {
            case .null:
                bytes.append(Tag.null.rawValue)
            case .integer(let i):
                bytes.append(Tag.integer.rawValue)
                appendVarint(&bytes, zigzag(i))
            case .real(let d):
                bytes.append(Tag.real.rawValue)
                var bits = d.bitPattern
                for _ in 0..<8 {
                    bytes.append(UInt8(truncatingIfNeeded: bits))
                    bits >>= 8
                }
            case .text(let s):
                bytes.append(Tag.text.rawValue)
                appendText(&bytes, s)
            case .blob(let b):
                bytes.append(Tag.blob.rawValue)
                appendVarint(&bytes, UInt64(b.count))
                bytes += b
            }
            appendVarint(&bytes, zigzag(entry.hlc.wall &- previousWall))
            previousWall = entry.hlc.wall
            appendVarint(&bytes, UInt64(entry.hlc.logical))
            appendText(&bytes, entry.clockText)
        }
        return bytes
    }

    /// - Throws: ``ReplicaError`` `.damaged` when the blob is not a bundle (the command line names the file).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [OutboxEntry] {
        var reader = Reader(bytes: bytes)
        var entries: [OutboxEntry] = []
        var previous: UInt64 = 0
        var previousWall: Int64 = 0
        while !reader.isAtEnd {
            let (delta, overflow) = previous.addingReportingOverflow(try reader.varint())
            guard !overflow else { throw Reader.damaged }
            previous = delta
            let code = try reader.varint()
            let field: String
            if code == 0 {
                field = try reader.text()
            } else {
                guard code <= UInt64(fieldCodes.count) else { throw Reader.damaged }
                field = fieldCodes[Int(code - 1)]
            }
            let value: SQLValue
            switch Tag(rawValue: try reader.byte()) {
            case .null: value = .null
            case .integer: value = .integer(unzigzag(try reader.varint()))
            case .real:
                var bits: UInt64 = 0
                for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(try reader.byte()) << UInt64(shift) }
                value = .real(Double(bitPattern: bits))
            case .text: value = .text(try reader.text())
            case .blob: value = .blob(Array(try reader.bytes(Int(try reader.length()))))
            case nil: throw Reader.damaged
            }
            let wall = previousWall &+ unzigzag(try reader.varint())
            previousWall = wall
            let logical = try reader.varint()
            guard logical <= UInt64(UInt32.max) else { throw Reader.damaged }
            entries.append(OutboxEntry(
                counter: previous, field: field, value: value, hlc: HLCTimestamp(wall: wall, logical: UInt32(logical)),
                clockText: try reader.text()))
        }
        return entries
    }

    private static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    private static func appendVarint(_ bytes: inout [UInt8], _ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func appendText(_ bytes: inout [UInt8], _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            appendVarint(&bytes, UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Reads a bundle front to back, refusing anything past its end.
    private struct Reader {
        static let damaged = ReplicaDamage.outbox(path: nil)
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Reader.damaged }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try self.byte()
                guard shift < 64 else { throw Reader.damaged }
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }

        mutating func length() throws -> Int {
            let count = try varint()
            guard count <= UInt64(bytes.count - offset) else { throw Reader.damaged }
            return Int(count)
        }

        mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
            guard count <= bytes.count - offset else { throw Reader.damaged }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func text() throws -> String {
            String(decoding: try bytes(try length()), as: UTF8.self)
        }
    }
}
