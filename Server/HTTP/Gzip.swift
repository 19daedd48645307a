import CZlib

/// gzip through zlib, for request bodies (`Content-Encoding: gzip`) and responses
/// (`Accept-Encoding: gzip`). See RFC 1952 and RFC 9110 §8.4.1.3.
enum Gzip {
    /// Why a body did not inflate.
    enum Failure: Error, Equatable {
        /// The inflated size would pass the limit (a zip bomb or simply too big) → 413.
        case tooLarge
        /// Not a gzip stream, or truncated → 400.
        case corrupt
        /// The server's body memory budget has no room for the inflated bytes now → 503.
        case overBudget
    }

    /// Inflates a gzip (or zlib) stream, refusing to produce more than `limit` bytes.
    /// Concatenated gzip members are inflated one after the other (RFC 1952 §2.2).
    ///
    /// Two passes: the first only counts the inflated size (in a 64 KiB scratch buffer), so a bomb
    /// is refused before a byte of its output is kept; the second inflates into an array of exactly
    /// that size, reserved first in `budget` when one is given (the caller then owns `result.count`
    /// reserved bytes and gives them back). Inflating twice costs CPU, never memory.
    static func decompress(_ input: [UInt8], limit: Int, budget: BodyMemoryBudget? = nil) throws(Failure) -> [UInt8] {
        if input.isEmpty { return [] }
        var size = 0
        let fits = try inflateChunks(input) { chunk in
            size += chunk.count
            return size <= limit
        }
        guard fits else { throw .tooLarge }
        if let budget, !budget.reserve(size) { throw .overBudget }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        do {
            _ = try inflateChunks(input) { chunk in
                output.append(contentsOf: chunk)
                return true
            }
        } catch {
            budget?.release(size)
            throw error
        }
        return output
    }

    /// Inflates `input`, handing each produced chunk to `consume`; stops early (returning false)
    /// when `consume` does.
    private static func inflateChunks(_ input: [UInt8], _ consume: (ArraySlice<UInt8>) -> Bool) throws(Failure) -> Bool {
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

    /// Deflates `input` as one gzip member; nil only if zlib cannot start (out of memory).
    static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard gisement_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        let written: Int? = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
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
}
