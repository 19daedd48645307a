import CCrypto

/// Bearer tokens: made from 256 random bits, shown once, stored only as a SHA-256 digest.
///
/// A token reads `gis_` followed by 43 base64url characters (32 bytes, no padding), e.g.
/// `gis_q7Lm…`. The prefix lets secret scanners and people recognise it. Only
/// ``digest(of:)`` is written to the database, so a stolen database grants nothing.
///
/// ```swift
/// let token = try AccessToken.generate()        // print it once
/// let stored = AccessToken.digest(of: token)     // keep this
/// AccessToken.matches(stored, AccessToken.digest(of: presented))
/// ```
public enum AccessToken {
    public static let prefix = "gis_"
    /// Random bytes in a token: 256 bits.
    public static let byteCount = 32
    /// Characters after the prefix: base64url of 32 bytes without padding.
    public static let encodedLength = 43

    /// Why a token could not be made.
    public struct GenerationError: Error, Sendable, CustomStringConvertible {
        public var description: String { "the system random generator (OpenSSL RAND_bytes) failed" }
    }

    /// A new token from OpenSSL's CSPRNG (`RAND_bytes`).
    ///
    /// - Throws: ``GenerationError`` when the generator is not seeded or fails.
    public static func generate() throws -> String {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(byteCount)) }
        guard status == 1 else { throw GenerationError() }
        return prefix + Base64URL.encode(bytes)
    }

    /// Whether `text` has the shape of a token; a cheap check before any lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        return body.count == encodedLength && body.allSatisfy(Base64URL.isAlphabet)
    }

    /// The SHA-256 digest of a token's text: what the database keeps.
    public static func digest(of token: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(token.utf8)
        input.withUnsafeBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                _ = SHA256(inBuf.baseAddress, inBuf.count, outBuf.baseAddress)
            }
        }
        return out
    }

    /// Compares two digests in constant time (`CRYPTO_memcmp`), so that timing tells nothing.
    public static func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count, !a.isEmpty else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
        }
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(n >> UInt32(shift) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
