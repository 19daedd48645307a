/// The syntax shared by record ids and replica ids: 1–200 characters from `A-Z a-z 0-9 . _ : -`.
public enum Identifier {
    public static let maxLength = 200

    /// Whether `text` is a valid record or replica id.
    public static func isValid(_ text: String) -> Bool {
        // Over the contiguous UTF-8 buffer: every change and every CSV reference is checked, and
        // the generic `utf8` iterator cost several times more per byte.
        var text = text
        return text.withUTF8 { bytes in
            !bytes.isEmpty && bytes.count <= maxLength && bytes.allSatisfy(isAllowed)
        }
    }

    /// Whether one byte may appear in an id.
    @inline(__always)
    public static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Says what is wrong with an id, or nil when it is valid.
    public static func problem(with text: String) -> String? {
        if text.isEmpty { return localized("id.empty") }
        if text.utf8.count > maxLength { return localized("id.tooLong", ["maximum": String(maxLength)]) }
        if !isValid(text) { return localized("id.characters") }
        return nil
    }

    /// A new random id: a lowercase UUID-like string (`8-4-4-4-12` hex digits), optionally prefixed (`c-…`).
    public static func random<G: RandomNumberGenerator>(prefix: String = "", using generator: inout G) -> String {
        let hex: StaticString = "0123456789abcdef"
        var digits = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var bits = generator.next()
        var bitsLeft = 16
        hex.withUTF8Buffer { hex in
            for position in 0..<36 where position != 8 && position != 13 && position != 18 && position != 23 {
                if bitsLeft == 0 {
                    bits = generator.next()
                    bitsLeft = 16
                }
                digits[position] = hex[Int(bits & 0xF)]
                bits >>= 4
                bitsLeft -= 1
            }
        }
        return prefix + String(decoding: digits, as: UTF8.self)
    }

    /// A new random id from the system generator.
    public static func random(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        return random(prefix: prefix, using: &generator)
    }
}

/// The id of a replica: a local database that writes changes.
public typealias ReplicaID = String

/// The id of a record, unique within its kind.
public typealias RecordID = String
