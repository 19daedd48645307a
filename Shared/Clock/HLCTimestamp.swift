/// A hybrid logical clock reading: a wall part (milliseconds since 1970) and a logical counter.
///
/// Ordered as (wall, logical). Its text form is `"<wall ms>:<logical>"`, both decimal,
/// e.g. `"1763720130123:0"`.
public struct HLCTimestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var wall: Int64
    public var logical: UInt32

    public static let zero = HLCTimestamp(wall: 0, logical: 0)

    /// The largest wall part accepted from text: year 9999 in milliseconds, far below overflow.
    public static let maxWall: Int64 = 253_402_300_799_999

    public init(wall: Int64, logical: UInt32) {
        self.wall = wall
        self.logical = logical
    }

    /// Parses `"wall:logical"`: two runs of decimal digits, no sign, no spaces, wall ≤ ``maxWall``.
    public init?(_ text: String) {
        guard let parsed = HLCTimestamp.parse(text.utf8) else { return nil }
        self = parsed
    }

    /// Parses the text form from raw bytes (the wire codec's path).
    public static func parse<C: Collection>(_ bytes: C) -> HLCTimestamp? where C.Element == UInt8 {
        var wall: Int64 = 0
        var logical: UInt64 = 0
        var wallDigits = 0
        var logicalDigits = 0
        var seenColon = false
        for byte in bytes {
            if byte == UInt8(ascii: ":") {
                if seenColon { return nil }
                seenColon = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if seenColon {
                logicalDigits += 1
                if logicalDigits > 10 { return nil }
                logical = logical * 10 + UInt64(digit)
            } else {
                wallDigits += 1
                if wallDigits > 15 { return nil }
                wall = wall * 10 + digit
            }
        }
        guard seenColon, wallDigits > 0, logicalDigits > 0, wall <= maxWall, logical <= UInt64(UInt32.max)
        else { return nil }
        return HLCTimestamp(wall: wall, logical: UInt32(logical))
    }

    public var description: String { "\(wall):\(logical)" }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        lhs.wall != rhs.wall ? lhs.wall < rhs.wall : lhs.logical < rhs.logical
    }
}
