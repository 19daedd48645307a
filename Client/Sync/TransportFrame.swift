/// The messages between ``IsolatedTransport`` and its worker process, as bytes.
///
/// Each message is a frame: its length (4 bytes, little-endian), then fields in a fixed order.
/// Integers are little-endian, strings and byte strings are a 4-byte length and the bytes, an
/// optional is a 0/1 byte then the value. Both sides are this same executable, so there is no
/// versioning; a frame that does not decode is a broken worker.
enum TransportFrame {
    /// The largest frame either side accepts: a push batch or a pull page is far below it.
    static let maxLength = 1 << 30

    /// A request for the worker: the server, the request and its timeout.
    struct Request: Hashable {
        var server: String
        var request: SyncHTTPRequest
        var timeout: Double
    }

    static func encode(_ message: Request) -> [UInt8] {
        var writer = FrameWriter()
        writer.string(message.server)
        writer.double(message.timeout)
        writer.string(message.request.method)
        writer.string(message.request.path)
        writer.u32(UInt32(message.request.query.count))
        for item in message.request.query {
            writer.string(item.name)
            writer.string(item.value)
        }
        writer.optional(message.request.body) { $0.bytes($1) }
        writer.optional(message.request.token) { $0.string($1) }
        writer.u8(message.request.isCompressible ? 1 : 0)
        return writer.framed()
    }

    static func decodeRequest(_ payload: [UInt8]) -> Request? {
        var reader = FrameReader(payload)
        guard let server = reader.string(), let timeout = reader.double(), let method = reader.string(),
            let path = reader.string(), let count = reader.u32(), count <= 10_000
        else { return nil }
        var query: [SyncQueryItem] = []
        for _ in 0..<count {
            guard let name = reader.string(), let value = reader.string() else { return nil }
            query.append(SyncQueryItem(name, value))
        }
        guard let body = reader.optional({ $0.bytes() }), let token = reader.optional({ $0.string() }),
            let compressible = reader.u8(), reader.isAtEnd
        else { return nil }
        let request = SyncHTTPRequest(
            method: method, path: path, query: query, body: body, token: token, isCompressible: compressible == 1)
        return Request(server: server, request: request, timeout: timeout)
    }

    static func encode(_ outcome: Result<SyncHTTPResponse, TransportError>) -> [UInt8] {
        var writer = FrameWriter()
        switch outcome {
        case .success(let response):
            writer.u8(0)
            writer.u32(UInt32(clamping: response.status))
            writer.bytes(response.body)
            writer.optional(response.retryAfter) { $0.double($1) }
            writer.optional(response.location) { $0.string($1) }
        case .failure(let error):
            writer.u8(1)
            writer.u8(kindCode(error.kind))
            writer.string(error.message)
        }
        return writer.framed()
    }

    static func decodeOutcome(_ payload: [UInt8]) -> Result<SyncHTTPResponse, TransportError>? {
        var reader = FrameReader(payload)
        switch reader.u8() {
        case 0:
            guard let status = reader.u32(), let body = reader.bytes(),
                let retryAfter = reader.optional({ $0.double() }), let location = reader.optional({ $0.string() }),
                reader.isAtEnd
            else { return nil }
            return .success(SyncHTTPResponse(status: Int(status), body: body, retryAfter: retryAfter, location: location))
        case 1:
            guard let code = reader.u8(), let message = reader.string(), reader.isAtEnd else { return nil }
            return .failure(TransportError(kind(code), message))
        default:
            return nil
        }
    }

    private static let kinds: [TransportError.Kind] = [
        .cannotConnect, .timedOut, .connectionLost, .badRequest, .other, .unreadableAnswer,
    ]

    private static func kindCode(_ kind: TransportError.Kind) -> UInt8 {
        UInt8(kinds.firstIndex(of: kind) ?? 4)  // every kind is listed; 4 is .other
    }

    private static func kind(_ code: UInt8) -> TransportError.Kind {
        Int(code) < kinds.count ? kinds[Int(code)] : .other
    }
}

/// Appends the fields of a frame.
struct FrameWriter {
    private(set) var payload: [UInt8] = []

    mutating func u8(_ value: UInt8) { payload.append(value) }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { payload.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { payload.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func double(_ value: Double) { u64(value.bitPattern) }

    mutating func bytes(_ value: [UInt8]) {
        u32(UInt32(value.count))
        payload += value
    }

    mutating func string(_ value: String) { bytes(Array(value.utf8)) }

    mutating func optional<T>(_ value: T?, _ write: (inout FrameWriter, T) -> Void) {
        guard let value else { return u8(0) }
        u8(1)
        write(&self, value)
    }

    /// The payload preceded by its length.
    func framed() -> [UInt8] {
        var header = FrameWriter()
        header.u32(UInt32(payload.count))
        return header.payload + payload
    }
}

/// Reads the fields of a frame; every read returns nil past the end.
struct FrameReader {
    private let payload: [UInt8]
    private var index = 0

    init(_ payload: [UInt8]) { self.payload = payload }

    var isAtEnd: Bool { index == payload.count }

    mutating func u8() -> UInt8? {
        guard index < payload.count else { return nil }
        defer { index += 1 }
        return payload[index]
    }

    mutating func u32() -> UInt32? {
        guard payload.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(payload[index + offset]) << UInt32(8 * offset) }
        index += 4
        return value
    }

    mutating func u64() -> UInt64? {
        guard payload.count - index >= 8 else { return nil }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(payload[index + offset]) << UInt64(8 * offset) }
        index += 8
        return value
    }

    mutating func double() -> Double? { u64().map(Double.init(bitPattern:)) }

    mutating func bytes() -> [UInt8]? {
        guard let count = u32().map(Int.init), payload.count - index >= count else { return nil }
        defer { index += count }
        return Array(payload[index..<index + count])
    }

    mutating func string() -> String? { bytes().map { String(decoding: $0, as: UTF8.self) } }

    /// An optional field: `.some(nil)` when absent, nil when the frame is broken.
    mutating func optional<T>(_ read: (inout FrameReader) -> T?) -> T?? {
        switch u8() {
        case 0: return .some(nil)
        case 1: return read(&self).map { .some($0) }
        default: return nil
        }
    }
}
