/// Why a JSON text was refused, and where: the byte offset of the problem and a reason.
///
/// Thrown by ``JSONParser`` and by the byte scanner behind ``ChangeCodec`` (which wraps it
/// in a ``WireError``). The offset counts bytes from the start of the document, from 0.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, in terms of RFC 8259.
    public enum Reason: Hashable, Sendable {
        /// The text stopped in the middle of a value.
        case unexpectedEnd
        /// A byte that cannot start or continue what was expected there.
        case unexpected(byte: UInt8, expected: String)
        /// A `,` directly before `]` or `}` (RFC 8259 §4, §5 allow none).
        case trailingComma
        /// Something other than white space after the document's value.
        case trailingData
        /// A number that does not follow RFC 8259 §6 (leading zero, missing digits, `NaN`…).
        case invalidNumber
        /// A number too large for a 64-bit double.
        case numberOutOfRange
        /// A backslash followed by a character RFC 8259 §7 does not list.
        case invalidEscape
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A UTF-16 surrogate escape without its partner (`\ud83d` alone).
        case loneSurrogate
        /// Bytes that are not well-formed UTF-8 (RFC 3629 §4).
        case invalidUTF8
        /// A raw control character (below U+0020) inside a string.
        case controlCharacter
        /// The same name twice in one object.
        case duplicateKey(String)
        /// Arrays and objects nested deeper than the limit.
        case tooDeep(limit: Int)
        /// A string longer than the limit, in bytes.
        case stringTooLong(limit: Int)
        /// A document longer than the limit, in bytes.
        case documentTooLarge(limit: Int)
    }

    /// Byte offset of the problem from the start of the document.
    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// The reason in one phrase, without the offset.
    public var message: String {
        switch reason {
        case .unexpectedEnd: return "the text ends in the middle of a value"
        case .unexpected(let byte, let expected):
            return "found \(JSONParseError.show(byte)) where \(expected) was expected"
        case .trailingComma: return "a comma is followed by a closing bracket"
        case .trailingData: return "there is more text after the JSON value"
        case .invalidNumber: return "a number is malformed"
        case .numberOutOfRange: return "a number is too large"
        case .invalidEscape: return "a string holds an invalid escape sequence"
        case .invalidUnicodeEscape: return "a \\u escape is not followed by four hex digits"
        case .loneSurrogate: return "a \\u escape is half of a surrogate pair without the other half"
        case .invalidUTF8: return "a string is not valid UTF-8"
        case .controlCharacter: return "a string holds a raw control character"
        case .duplicateKey(let key): return "the key \"\(key)\" appears twice in one object"
        case .tooDeep(let limit): return "arrays and objects are nested deeper than \(limit) levels"
        case .stringTooLong(let limit): return "a string is longer than \(limit) bytes"
        case .documentTooLarge(let limit): return "the document is larger than \(limit) bytes"
        }
    }

    /// `invalid JSON at byte 12: found '}' where a value was expected`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }

    private static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
