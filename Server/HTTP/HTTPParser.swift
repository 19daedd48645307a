/// An incremental HTTP/1.1 request parser: a state machine over bytes, fed in chunks of any size.
///
/// Pure: it does no I/O and keeps no clock. The connection appends what it reads and asks for the
/// next complete request; pipelined requests come out one at a time, in order.
/// Every bound in ``HTTPLimits`` is checked as bytes arrive, so an oversized line, header section or
/// declared body is refused before it is buffered (the body bound from Content-Length, before any
/// body byte is read).
///
/// Bodies are framed by Content-Length, or by `Transfer-Encoding: chunked` alone (RFC 9112 §7.1;
/// chunk extensions and trailer fields are read and ignored). Any other transfer coding is refused with 501
/// by design: the API's clients send Content-Length, and one framing means no CL/TE disagreement to
/// smuggle through (RFC 9112 §6.1, §11.2).
///
/// ```swift
/// var parser = HTTPParser(limits: HTTPLimits())
/// parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
/// let request = try parser.nextRequest()   // the GET; nil when more bytes are needed
/// ```
/// After an error the parser stays failed: every later call throws the same error.
public struct HTTPParser: Sendable {
    /// Where the parser is in the current request, for the connection's deadlines.
    public enum Phase: Sendable, Hashable {
        /// No byte of a next request has arrived.
        case idle
        /// Some of the request line or header section has arrived.
        case head
        /// The head is complete; the body is awaited. `expectsContinue` when the client sent
        /// `Expect: 100-continue` (RFC 9110 §10.1.1).
        case body(expectsContinue: Bool)
    }

    private enum State: Sendable {
        case requestLine
        case headers
        case body(length: Int)
        case chunked(ChunkedBody)
    }

    /// A chunked body being read: where in the framing, and the data so far.
    private struct ChunkedBody: Sendable {
        enum Step: Sendable {
            case size
            case data(remaining: Int)
            case dataEnd
            case trailers
        }
        var step = Step.size
        var data: [UInt8] = []
        /// Bytes of framing lines (sizes, trailers) read, bounded like a header section.
        var framingBytes = 0
    }

    /// The bounds enforced.
    public let limits: HTTPLimits
    var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    var position = 0
    /// Where the search for the next LF resumes, so that a head sent byte by byte is scanned once.
    var scanIndex = 0
    private var state = State.requestLine
    /// The start of the header section, for the header-bytes bound. Negative once compaction has
    /// dropped header lines already parsed: they still count against the bound.
    var headerStart = 0
    private var sawLeadingBytes = false
    var head = PartialHead()
    private var failure: HTTPParseError?

    /// Makes a parser with these bounds.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Appends bytes read from the connection.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes read from the connection.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet returned as part of a request.
    public var bufferedByteCount: Int { buffer.count - position }

    /// The most buffer capacity kept between requests (64 KiB, what a few heads and small bodies need).
    static let retainedCapacity = 64 * 1024

    /// The declared length of the body being awaited, or nil outside the body phase. A chunked
    /// body declares none: it counts as the largest allowed, for the memory budget.
    public var awaitedBodyLength: Int? {
        switch state {
        case .body(let length): return length
        case .chunked: return limits.maxBodyBytes
        default: return nil
        }
    }

    /// Body bytes received so far for the awaited body (0 outside the body phase); for a chunked
    /// body, its data so far and the bytes buffered after it.
    public var receivedBodyByteCount: Int {
        switch state {
        case .body(let length): return min(length, buffer.count - position)
        case .chunked(let chunked): return chunked.data.count + buffer.count - position
        default: return 0
        }
    }

    /// The request whose head is complete and whose body is awaited, with an empty body: what the
    /// server screens (the token) before it reads a body byte more. Nil outside the body phase.
    public var awaitedHead: HTTPRequest? {
        switch state {
        case .body, .chunked: break
        default: return nil
        }
        return HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, headers: head.headers, body: [])
    }

    /// Once a body is admitted: drops the head bytes and reserves room for exactly the body, so the
    /// buffer never doubles past it while growing and the body leaves without a copy.
    public mutating func reserveBodyCapacity() {
        guard failure == nil else { return }
        let length: Int
        switch state {
        case .body(let declared): length = declared
        case .chunked: length = 0
        default: return
        }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            scanIndex = max(0, scanIndex - position)
            headerStart -= position
            position = 0
        }
        buffer.reserveCapacity(length)
    }

    /// Where the current request stands.
    public var phase: Phase {
        switch state {
        case .requestLine: return sawLeadingBytes || position < buffer.count ? .head : .idle
        case .headers: return .head
        case .body, .chunked: return .body(expectsContinue: head.expectsContinue)
        }
    }

    /// The next complete request, or nil when more bytes are needed.
    /// - Throws: ``HTTPParseError``; the parser then stays failed and the connection must answer and close.
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        if let failure { throw failure }
        do {
            let request = try parseNext()
            compact(done: request != nil)
            return request
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func parseNext() throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch state {
            case .requestLine:
                guard let end = try nextLineEnd() else {
                    // The line may still end with CR LF: allow two bytes over the bound.
                    if buffer.count - position > limits.maxRequestLineBytes + 2 { throw .requestLineTooLong }
                    return nil
                }
                let line = position..<(end - 1)
                position = end + 1
                if line.isEmpty {
                    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
                    sawLeadingBytes = true
                    continue
                }
                if line.count > limits.maxRequestLineBytes { throw .requestLineTooLong }
                head = try parseRequestLine(line)
                state = .headers
                headerStart = position
            case .headers:
                guard let end = try nextLineEnd() else {
                    if buffer.count - headerStart > limits.maxHeaderBytes { throw .headersTooLarge }
                    return nil
                }
                if end + 1 - headerStart > limits.maxHeaderBytes { throw .headersTooLarge }
                let line = position..<(end - 1)
                position = end + 1
                if !line.isEmpty {
                    try parseHeaderLine(line)
                    continue
                }
                switch try validateHead() {
                case .length(0): return makeRequest(body: [])
                case .length(let length): state = .body(length: length)
                case .chunked: state = .chunked(ChunkedBody())
                }
            case .body(let length):
                guard buffer.count - position >= length else { return nil }
                let body: [UInt8]
                if position == 0 && buffer.count == length {
                    // The buffer holds exactly the body (see `reserveBodyCapacity()`): hand it over.
                    body = buffer
                    buffer = []
                    scanIndex = 0
                    headerStart = 0
                } else {
                    body = Array(buffer[position..<(position + length)])
                    position += length
                }
                return makeRequest(body: body)
            case .chunked(var chunked):
                guard try readChunks(&chunked) else {
                    state = .chunked(chunked)
                    return nil
                }
                return makeRequest(body: chunked.data)
            }
        }
    }

    /// Reads as much of a chunked body as is buffered; true once its last chunk and trailer
    /// section are read (RFC 9112 §7.1).
    private mutating func readChunks(_ chunked: inout ChunkedBody) throws(HTTPParseError) -> Bool {
        while true {
            switch chunked.step {
            case .size, .trailers:
                guard let end = try nextLineEnd() else {
                    if chunked.framingBytes + buffer.count - position > limits.maxHeaderBytes { throw .invalidChunkedBody }
                    return false
                }
                let line = position..<(end - 1)
                position = end + 1
                chunked.framingBytes += line.count + 2
                if chunked.framingBytes > limits.maxHeaderBytes { throw .invalidChunkedBody }
                if case .trailers = chunked.step {
                    if line.isEmpty { return true }  // trailer fields are read and ignored
                    continue
                }
                let size = try chunkSize(line)
                if size == 0 {
                    chunked.step = .trailers
                } else {
                    guard chunked.data.count + size <= limits.maxBodyBytes else {
                        throw .bodyTooLarge(limit: limits.maxBodyBytes)
                    }
                    chunked.step = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffer.count - position)
                chunked.data.append(contentsOf: buffer[position..<(position + take)])
                position += take
                guard take == remaining else {
                    chunked.step = .data(remaining: remaining - take)
                    return false
                }
                chunked.step = .dataEnd
            case .dataEnd:
                guard buffer.count - position >= 2 else { return false }
                guard buffer[position] == UInt8(ascii: "\r"), buffer[position + 1] == UInt8(ascii: "\n") else {
                    throw .invalidChunkedBody
                }
                position += 2
                scanIndex = max(scanIndex, position)
                chunked.step = .size
            }
        }
    }

    /// `chunk-size [; chunk-ext]`: 1 to 8 hex digits (no body this server takes needs more).
    private func chunkSize(_ line: Range<Int>) throws(HTTPParseError) -> Int {
        var size = 0
        var digits = 0
        var index = line.lowerBound
        while index < line.upperBound, let value = HTTPParser.hexValue(buffer[index]) {
            // Checked before the digit counts: a long run of digits must not overflow.
            guard digits < 8 else { throw .invalidChunkedBody }
            size = size * 16 + value
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw .invalidChunkedBody }
        // What follows the size may only be whitespace and a chunk extension, which is ignored.
        while index < line.upperBound, buffer[index] == UInt8(ascii: " ") || buffer[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index == line.upperBound || buffer[index] == UInt8(ascii: ";") else { throw .invalidChunkedBody }
        return size
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The index of the LF ending the next line, checking that a CR precedes it (RFC 9112 §2.2).
    private mutating func nextLineEnd() throws(HTTPParseError) -> Int? {
        var index = max(scanIndex, position)
        let count = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { bytes in
            while index < count {
                if bytes[index] == 0x0A { return index }
                index += 1
            }
            return nil
        }
        guard let found else {
            scanIndex = count
            return nil
        }
        scanIndex = found + 1
        if found == position || buffer[found - 1] != 0x0D { throw .bareLineFeed }
        return found
    }

    private mutating func makeRequest(body: [UInt8]) -> HTTPRequest {
        var request = HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, headers: head.headers, body: body)
        request.remoteAddress = ""
        head = PartialHead()
        state = .requestLine
        sawLeadingBytes = false
        return request
    }

    /// Drops consumed bytes once a request is out (or when everything was consumed). A small buffer
    /// keeps its capacity for the next request; one that grew for a large body is released, so an
    /// idle keep-alive connection never holds megabytes.
    private mutating func compact(done: Bool) {
        if position == buffer.count {
            if buffer.capacity > Self.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if done || position > 64 * 1024 {
            buffer.removeSubrange(0..<position)
        } else {
            return
        }
        scanIndex = max(0, scanIndex - position)
        // Not clamped at 0: a head that arrives line by line must not reset the header-bytes bound.
        headerStart -= position
        position = 0
    }
}
