import CZlib

/// gzip through zlib (RFC 1952), the one implementation both programs use: the client compresses
/// pushes and inflates answers, the server inflates request bodies and compresses answers.
///
/// Inflating is always bounded: a caller names the most it accepts, so a gzip bomb from a hostile
/// client or a broken server costs CPU up to that limit, never memory beyond it.
public enum Gzip {
    /// Why a body did not inflate.
    public enum Failure: Error, Equatable, Sendable {
        /// The inflated size would pass the limit (a bomb, or simply too big).
        case tooLarge
        /// Not a gzip (or zlib) stream, or truncated.
        case corrupt
        /// `admit` refused the inflated size (the server's body memory budget is full).
        case notAdmitted
    }

    /// Bodies smaller than this are sent as they are: compressing them saves nothing worth the time.
    public static let threshold = 8 * 1024

    /// Whether `bytes` start with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates a gzip (or zlib) stream, refusing to produce more than `limit` bytes.
    /// Concatenated gzip members are inflated one after the other (RFC 1952 §2.2).
    ///
    /// Two passes: the first only counts the inflated size (in a 64 KiB scratch buffer), so a bomb
    /// is refused before a byte of its output is kept; then `admit` is asked for that size (the
    /// server reserves it in its memory budget there) and the second pass inflates into an array of
    /// exactly that size. Inflating twice costs CPU, never memory.
    public static func decompress(
        _ input: [UInt8], limit: Int, admit: (Int) -> Bool = { _ in true }
    ) throws(Failure) -> [UInt8] {
        if input.isEmpty { return [] }
        var size = 0
        let fits = try inflateChunks(input) { chunk in
            size += chunk.count
            return size <= limit
        }
        guard fits else { throw .tooLarge }
        guard admit(size) else { throw .notAdmitted }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        _ = try inflateChunks(input) { chunk in
            output.append(contentsOf: chunk)
            return true
        }
        return output
    }

    /// The level bodies are compressed at: zlib's fastest. On a pull page (5,000 changes, 1 MB of
    /// JSON) it deflates in a third of the time of zlib's default level 6 (0.58 against 1.67 µs per
    /// change) for a body about 5 % larger (9.5 % of the JSON against 9.1 %): the server compresses
    /// every page it serves and the client every batch it pushes (docs/benchmarks.md).
    public static let level: Int32 = 1

    /// Deflates `input` as one gzip member; nil only if zlib cannot start (out of memory).
    /// - Parameter level: zlib's level, 1 (fast) to 9 (small).
    public static func compress(_ input: [UInt8], level: Int32 = Gzip.level) -> [UInt8]? {
        var stream = z_stream()
        guard gisement_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let written: Int? = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                // zlib reads `next_in` only; its type is not const for old compilers' sake.
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return target.count - Int(stream.avail_out)
            }
        }
        guard let written else { return nil }
        output.removeSubrange(written...)
        return output
    }

    /// Inflates `input`, handing each produced chunk to `consume`; stops early (returning false)
    /// when `consume` does.
    private static func inflateChunks(
        _ input: [UInt8], _ consume: (ArraySlice<UInt8>) -> Bool
    ) throws(Failure) -> Bool {
        var stream = z_stream()
        guard gisement_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        let stopped: Int32 = -100  // not a zlib status
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let result = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if produced > 0, !consume(chunk[0..<produced]) { return stopped }
                switch result {
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return Z_STREAM_END }
                    guard inflateReset(&stream) == Z_OK else { return Z_DATA_ERROR }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { return Z_BUF_ERROR }  // truncated
                case Z_BUF_ERROR:
                    return Z_BUF_ERROR
                default:
                    return result
                }
            }
        }
        switch status {
        case Z_STREAM_END: return true
        case stopped: return false
        default: throw .corrupt
        }
    }
}
