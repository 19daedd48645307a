extension ChangeDecoder {
    /// The keys of a change, in wire order; the bit of each is `1 << position`.
    static let changeKeys: [String] = ["kind", "id", "field", "value", "hlc", "replica", "counter", "clock", "seq", "relayed"]

    /// Which known key a scanned name is (its position in ``changeKeys``), or nil.
    @inline(__always)
    func changeKey(_ raw: JSONScanner.RawString) -> Int? {
        if raw.hasEscapes { return ChangeDecoder.changeKeys.firstIndex(of: scanner.makeString(raw)) }
        switch raw.end - raw.start {
        case 2: return scanner.rawEquals(raw, "id") ? 1 : nil
        case 3: return scanner.rawEquals(raw, "hlc") ? 4 : scanner.rawEquals(raw, "seq") ? 8 : nil
        case 4: return scanner.rawEquals(raw, "kind") ? 0 : nil
        case 5:
            if scanner.rawEquals(raw, "field") { return 2 }
            if scanner.rawEquals(raw, "value") { return 3 }
            return scanner.rawEquals(raw, "clock") ? 7 : nil
        case 7:
            if scanner.rawEquals(raw, "replica") { return 5 }
            if scanner.rawEquals(raw, "counter") { return 6 }
            return scanner.rawEquals(raw, "relayed") ? 9 : nil
        default: return nil
        }
    }

    /// Reads one change object.
    mutating func decodeChange() throws -> Change {
        guard try scanner.peek() == UInt8(ascii: "{") else { throw changeError(nil, "A change must be a JSON object.") }
        try scanner.enter()
        scanner.position += 1
        var kind = RecordKind.district
        var id = ""
        var fieldName = ""
        var value = FieldValue.null
        var hlc = HLCTimestamp.zero
        var replica = ""
        var counter: UInt64 = 0
        var clock = VectorClock()
        var seq: Int64? = nil
        var isRelayed = false
        var seen: UInt16 = 0
        var unknown: Set<String> = []
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                try scanner.refuseTrailingComma()
                let keyOffset = scanner.position
                let next = try scanner.peek()
                guard next == UInt8(ascii: "\"") else {
                    throw JSONParseError(offset: keyOffset, reason: .unexpected(byte: next, expected: "a string key"))
                }
                let raw = try scanner.scanString()
                try scanner.expect(UInt8(ascii: ":"), "':'")
                guard let key = changeKey(raw) else {
                    let name = scanner.makeString(raw)
                    field = name
                    guard unknown.insert(name).inserted else {
                        throw changeError(name, "The key \"\(name)\" appears twice in one change.")
                    }
                    try scanner.skipValue()
                    field = nil
                    continue
                }
                let name = ChangeDecoder.changeKeys[key]
                let bit: UInt16 = 1 << key
                guard seen & bit == 0 else { throw changeError(name, "The key \"\(name)\" appears twice in one change.") }
                seen |= bit
                field = name
                switch key {
                case 0: kind = try decodeKind()
                case 1: id = try changeString(name)
                case 2: fieldName = try changeString(name, interned: true)
                case 3: value = try decodeValue()
                case 4: hlc = try decodeHLC()
                case 5: replica = try changeString(name, interned: true)
                case 6: counter = try changeCounter(name, "counter")
                case 7: clock = try decodeClock()
                case 8: seq = try decodeSeq()
                default: isRelayed = try decodeRelayed()
                }
                field = nil
            } while scanner.consume(UInt8(ascii: ","))
            field = nil
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        scanner.leave()
        field = nil
        if seen & 0xFF != 0xFF {
            for key in 0..<8 where seen & (1 << key) == 0 {
                let name = ChangeDecoder.changeKeys[key]
                throw changeError(name, "The change has no \"\(name)\".")
            }
        }
        return Change(
            kind: kind, id: id, field: fieldName, value: value, hlc: hlc, replica: replica, counter: counter,
            clock: clock, seq: seq, isRelayed: isRelayed)
    }

    private mutating func decodeRelayed() throws -> Bool {
        let next = try scanner.peek()
        guard next == UInt8(ascii: "t") || next == UInt8(ascii: "f"), case .bool(let value) = try scanner.readLiteral()
        else { throw changeError("relayed", "relayed must be true or false.") }
        return value
    }

    private mutating func changeString(_ name: String, interned: Bool = false) throws -> String {
        guard try scanner.peek() == UInt8(ascii: "\"") else { throw changeError(name, "\(name) must be a string.") }
        let raw = try scanner.scanString()
        return interned ? internedString(raw) : scanner.makeString(raw)
    }

    private mutating func decodeKind() throws -> RecordKind {
        guard try scanner.peek() == UInt8(ascii: "\"") else { throw changeError("kind", "kind must be a string.") }
        let raw = try scanner.scanString()
        if !raw.hasEscapes {
            switch raw.end - raw.start {
            case 4: if scanner.rawEquals(raw, "test") { return .pilotTest }
            case 7: if scanner.rawEquals(raw, "partner") { return .partner }
            case 8: if scanner.rawEquals(raw, "district") { return .district }
            case 10: if scanner.rawEquals(raw, "collection") { return .collection }
            case 13: if scanner.rawEquals(raw, "participation") { return .participation }
            default: break
            }
        }
        let text = scanner.makeString(raw)
        if let kind = RecordKind(rawValue: text) { return kind }
        let known = RecordKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw changeError("kind", "Unknown kind \"\(text)\"; use one of \(known).")
    }

    private mutating func decodeValue() throws -> FieldValue {
        switch try scanner.peek() {
        case UInt8(ascii: "\""):
            return .text(try scanner.readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch try scanner.readNumber() {
            case .integer(let i): return .integer(i)
            case .double(let d): return .decimal(d)
            }
        case UInt8(ascii: "["):
            throw changeError("value", "value must be a string, number, boolean or null, not an array.")
        case UInt8(ascii: "{"):
            throw changeError("value", "value must be a string, number, boolean or null, not an object.")
        default:
            switch try scanner.readLiteral() {
            case .bool(let b): return .bool(b)
            default: return .null
            }
        }
    }

    private mutating func decodeHLC() throws -> HLCTimestamp {
        let problem = "hlc must be a string \"<wall ms>:<logical>\" of decimal digits, like \"1763720130123:0\"."
        guard try scanner.peek() == UInt8(ascii: "\"") else { throw changeError("hlc", problem) }
        let raw = try scanner.scanString()
        let parsed =
            raw.hasEscapes
            ? HLCTimestamp.parse(scanner.makeString(raw).utf8) : HLCTimestamp.parse(scanner.rawBytes(raw))
        guard let parsed else { throw changeError("hlc", problem) }
        return parsed
    }

    /// A counter: a whole number from 0 to Int64.max (what SQLite stores).
    private mutating func changeCounter(_ name: String, _ what: String) throws -> UInt64 {
        let next = try scanner.peek()
        guard next == UInt8(ascii: "-") || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")),
            case .integer(let value) = try scanner.readNumber(), value >= 0
        else { throw changeError(name, "\(what) must be a whole number of 0 or more.") }
        return UInt64(value)
    }

    private mutating func decodeSeq() throws -> Int64? {
        let next = try scanner.peek()
        if next == UInt8(ascii: "n") {
            _ = try scanner.readLiteral()
            return nil
        }
        guard next == UInt8(ascii: "-") || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")),
            case .integer(let value) = try scanner.readNumber()
        else { throw changeError("seq", "seq must be a whole number.") }
        return value
    }

    /// The clock: an object of replica ids to counters, any order, no replica twice.
    private mutating func decodeClock() throws -> VectorClock {
        guard try scanner.peek() == UInt8(ascii: "{") else {
            throw changeError("clock", "clock must be an object of replica ids to counters.")
        }
        try scanner.enter()
        scanner.position += 1
        var entries: [(replica: ReplicaID, counter: UInt64)] = []
        var isSorted = true
        if !scanner.consume(UInt8(ascii: "}")) {
            entries.reserveCapacity(4)
            repeat {
                try scanner.refuseTrailingComma()
                let next = try scanner.peek()
                guard next == UInt8(ascii: "\"") else {
                    throw JSONParseError(offset: scanner.position, reason: .unexpected(byte: next, expected: "a string key"))
                }
                let replica = internedString(try scanner.scanString())
                try scanner.expect(UInt8(ascii: ":"), "':'")
                let counter = try changeCounter("clock", "The clock entry of \"\(replica)\"")
                if let last = entries.last, !(last.replica < replica) { isSorted = false }
                entries.append((replica, counter))
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        scanner.leave()
        if !isSorted {
            var counters: [ReplicaID: UInt64] = [:]
            for entry in entries where counters.updateValue(entry.counter, forKey: entry.replica) != nil {
                throw changeError("clock", "The clock names replica \"\(entry.replica)\" twice.")
            }
            return VectorClock(counters)
        }
        return VectorClock(sortedEntries: entries)
    }
}
