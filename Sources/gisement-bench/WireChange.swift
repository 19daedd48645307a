import Foundation
import GisementShared

/// The change wire format as a Foundation Codable struct: the baseline the codec bench runs against.
struct WireChange: Codable {
    enum Value: Codable {
        case null, bool(Bool), integer(Int64), decimal(Double), text(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .integer(i) }
            else if let d = try? c.decode(Double.self) { self = .decimal(d) }
            else { self = .text(try c.decode(String.self)) }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .bool(let b): try c.encode(b)
            case .integer(let i): try c.encode(i)
            case .decimal(let d): try c.encode(d)
            case .text(let s): try c.encode(s)
            }
        }
    }

    var kind: String
    var id: String
    var field: String
    var value: Value
    var hlc: String
    var replica: String
    var counter: UInt64
    var clock: [String: UInt64]
    var seq: Int64?

    init(_ change: Change) {
        kind = change.kind.rawValue
        id = change.id
        field = change.field
        switch change.value {
        case .null: value = .null
        case .bool(let b): value = .bool(b)
        case .integer(let i): value = .integer(i)
        case .decimal(let d): value = .decimal(d)
        case .text(let s): value = .text(s)
        }
        hlc = change.hlc.description
        replica = change.replica
        counter = change.counter
        clock = change.clock.dictionary
        seq = change.seq
    }

    func change() throws -> Change {
        guard let kind = RecordKind(rawValue: kind), let hlc = HLCTimestamp(hlc) else {
            throw BenchFailure("bad change")
        }
        let fieldValue: FieldValue
        switch value {
        case .null: fieldValue = .null
        case .bool(let b): fieldValue = .bool(b)
        case .integer(let i): fieldValue = .integer(i)
        case .decimal(let d): fieldValue = .decimal(d)
        case .text(let s): fieldValue = .text(s)
        }
        return Change(
            kind: kind, id: id, field: field, value: fieldValue, hlc: hlc, replica: replica, counter: counter,
            clock: VectorClock(clock), seq: seq)
    }

    /// The change as a JSONSerialization object.
    static func object(_ change: Change) -> [String: Any] {
        var object: [String: Any] = [
            "kind": change.kind.rawValue, "id": change.id, "field": change.field, "hlc": change.hlc.description,
            "replica": change.replica, "counter": change.counter, "clock": change.clock.dictionary,
        ]
        switch change.value {
        case .null: object["value"] = NSNull()
        case .bool(let b): object["value"] = b
        case .integer(let i): object["value"] = i
        case .decimal(let d): object["value"] = d
        case .text(let s): object["value"] = s
        }
        if let seq = change.seq { object["seq"] = seq }
        return object
    }

    /// A change from a JSONSerialization object.
    static func change(from object: [String: Any]) throws -> Change {
        guard let kindName = object["kind"] as? String, let kind = RecordKind(rawValue: kindName),
            let id = object["id"] as? String, let field = object["field"] as? String,
            let hlcText = object["hlc"] as? String, let hlc = HLCTimestamp(hlcText),
            let replica = object["replica"] as? String, let counter = (object["counter"] as? NSNumber)?.uint64Value,
            let clockObject = object["clock"] as? [String: Any]
        else { throw BenchFailure("bad change") }
        var clock: [String: UInt64] = [:]
        for (key, value) in clockObject { clock[key] = (value as? NSNumber)?.uint64Value ?? 0 }
        let value: FieldValue
        switch object["value"] {
        case let s as String: value = .text(s)
        case let b as Bool: value = .bool(b)
        case let n as NSNumber: value = Double(n.int64Value) == n.doubleValue ? .integer(n.int64Value) : .decimal(n.doubleValue)
        default: value = .null
        }
        return Change(
            kind: kind, id: id, field: field, value: value, hlc: hlc, replica: replica, counter: counter,
            clock: VectorClock(clock), seq: (object["seq"] as? NSNumber)?.int64Value)
    }
}
