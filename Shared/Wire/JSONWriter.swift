/// Writes JSON text into a byte buffer: compact, keys in the order given, numbers in their
/// shortest round-trip form, strings escaped per RFC 8259 §7.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Serialises a whole value.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Serialises a whole value as a String.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .integer(let i): integer(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(pair.key)
                bytes.append(UInt8(ascii: ":"))
                write(pair.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends ASCII text as it is.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // The magnitude of Int64.min does not fit in Int64, so work in UInt64.
            unsigned(UInt64(bitPattern: 0 &- value))
        } else {
            unsigned(UInt64(value))
        }
    }

    public mutating func unsigned(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var v = value
        let start = bytes.count
        while v != 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        }
        bytes[start...].reverse()
    }

    /// A finite double in its shortest round-trip form (`12.5`, `3`, `1e-07`); non-finite become `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else {
            raw("null")
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = text.utf8
        let fast: Void? = utf8.withContiguousStorageIfAvailable { escape($0) }
        if fast == nil {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            utf8.withContiguousStorageIfAvailable { escape($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ source: UnsafeBufferPointer<UInt8>) {
        var start = 0
        let hex: StaticString = "0123456789abcdef"
        for i in 0..<source.count {
            let c = source[i]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<i])) }
            start = i + 1
            bytes.append(UInt8(ascii: "\\"))
            switch c {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                hex.withUTF8Buffer { h in
                    bytes.append(h[Int(c >> 4)])
                    bytes.append(h[Int(c & 0xF)])
                }
            }
        }
        if start < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start...])) }
    }
}
