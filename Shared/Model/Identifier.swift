/// The syntax shared by record ids and replica ids: 1–200 characters from `A-Z a-z 0-9 . _ : -`.
public enum Identifier {
    public static let maxLength = 200

    /// Whether `text` is a valid record or replica id.
    public static func isValid(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            if count > maxLength || !isAllowed(byte) { return false }
        }
        return count > 0
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
        if text.isEmpty { return "is empty" }
        if text.utf8.count > maxLength { return "is longer than \(maxLength) characters" }
        if !isValid(text) { return "may only hold the characters A-Z a-z 0-9 . _ : -" }
        return nil
    }

    /// A new random id: a lowercase UUID-like string, optionally prefixed (`c-…`).
    public static func random<G: RandomNumberGenerator>(prefix: String = "", using generator: inout G) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        var out = prefix
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            out.append(hex[Int(generator.next() & 0xF)])
        }
        return out
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
