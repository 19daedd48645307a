@testable import GisementServer
import GisementShared

/// The text parsers of clocks: ``HLCTimestamp/parse(_:)`` and the server's stored vector clock
/// form (`ClockText`), under arbitrary bytes.
///
/// Properties: the HLC parser accepts exactly what an independent reading of the contract
/// accepts (`wall:logical`, decimal digits, wall ≤ year 9999, logical ≤ 2³²−1) and its text
/// form reads back to the same value; the vector clock decoder produces sorted entries with
/// positive counters (or refuses the text: a damaged store) and reads its own encoding back; `compare` is antisymmetric and
/// `merged` dominates both sides.
enum ClockTextFuzzCheck {
    static func check(_ bytes: [UInt8]) -> FuzzFailure? {
        if let failure = checkHLC(bytes) { return failure }
        let text = String(decoding: bytes, as: UTF8.self)
        let split = text.firstIndex(of: "|") ?? text.endIndex
        let left = String(text[..<split])
        let right = split < text.endIndex ? String(text[text.index(after: split)...]) : ""
        var clocks: [VectorClock] = []
        for part in [left, right] {
            guard let clock = ClockText.decode(part) else { continue }
            if let failure = checkClock(clock, from: part) { return failure }
            clocks.append(clock)
        }
        guard clocks.count == 2 else { return nil }
        return checkOrder(clocks[0], clocks[1])
    }

    private static func checkHLC(_ bytes: [UInt8]) -> FuzzFailure? {
        let parsed = HLCTimestamp.parse(bytes)
        let expected = reference(bytes)
        if parsed != expected {
            return "HLC '\(String(decoding: bytes, as: UTF8.self))' parsed as \(String(describing: parsed)), expected "
                + String(describing: expected)
        }
        if let parsed, HLCTimestamp(parsed.description) != parsed { return "HLC \(parsed) does not read back" }
        return nil
    }

    /// The contract's HLC text, read the plain way.
    private static func reference(_ bytes: [UInt8]) -> HLCTimestamp? {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2, (1...15).contains(parts[0].count), (1...10).contains(parts[1].count),
            parts.allSatisfy({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let wall = Int64(String(decoding: parts[0], as: UTF8.self)), wall <= HLCTimestamp.maxWall,
            let logical = UInt32(String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        return HLCTimestamp(wall: wall, logical: logical)
    }

    private static func checkClock(_ clock: VectorClock, from text: String) -> FuzzFailure? {
        for (a, b) in zip(clock.entries, clock.entries.dropFirst()) where !(a.replica < b.replica) {
            return "'\(text)' gave unsorted entries \(clock)"
        }
        if clock.entries.contains(where: { $0.counter == 0 }) { return "'\(text)' gave a zero counter: \(clock)" }
        if ClockText.decode(ClockText.encode(clock)) != clock { return "\(clock) does not read back" }
        if clock.compare(clock) != .equal { return "\(clock) is not equal to itself" }
        return nil
    }

    private static func checkOrder(_ a: VectorClock, _ b: VectorClock) -> FuzzFailure? {
        let forward = a.compare(b)
        let backward = b.compare(a)
        let mirrored: ClockOrder = switch forward {
        case .before: .after
        case .after: .before
        case .equal: .equal
        case .concurrent: .concurrent
        }
        if backward != mirrored { return "\(a) vs \(b) is \(forward) but the reverse is \(backward)" }
        if (forward == .equal) != (a == b) { return "\(a) and \(b) compare \(forward)" }
        let merged = a.merged(with: b)
        if !merged.dominates(a) || !merged.dominates(b) { return "\(merged) does not dominate \(a) and \(b)" }
        if merged != b.merged(with: a) { return "merging \(a) and \(b) depends on the order" }
        return nil
    }
}
