import CZlib

/// Gzip compression of request bodies (RFC 1952), through zlib.
///
/// A push of thousands of changes is repetitive JSON that shrinks about tenfold, which matters
/// on the slow links field agents sync over. The server accepts `Content-Encoding: gzip`.
public enum Gzip {
    /// Bodies smaller than this are sent as they are: compressing them saves nothing worth the time.
    public static let threshold = 8 * 1024

    /// Compresses `bytes` into a gzip member.
    ///
    /// - Parameter level: zlib's level, 1 (fast) to 9 (small); 6 is zlib's default trade-off.
    /// - Returns: the compressed bytes, or nil if zlib failed (the caller then sends them uncompressed).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard gisement_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        var mutableInput = bytes
        let status: Int32 = mutableInput.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses a gzip member (used by tests, and for a server that answers gzip when the
    /// HTTP library did not decode it).
    ///
    /// - Parameter maxBytes: the most it inflates to: a broken or hostile server's gzip bomb stops
    ///   there instead of taking the device's memory (64 MiB, the largest answer the client reads).
    /// - Returns: the original bytes, or nil when `bytes` is not valid gzip or inflates beyond `maxBytes`.
    public static func decompress(_ bytes: [UInt8], maxBytes: Int = 64 << 20) -> [UInt8]? {
        var stream = z_stream()
        guard gisement_inflate_init_gzip(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var mutableInput = bytes
        return mutableInput.withUnsafeMutableBufferPointer { input -> [UInt8]? in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                guard result.count + produced <= maxBytes else { return nil }
                result.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END { return result }
                guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
            }
        }
    }

    /// Whether `bytes` start with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}
