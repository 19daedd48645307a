import Foundation

/// A tiny HTTP/1.1 responder on 127.0.0.1 that answers what a test scripts: a broken or hostile
/// server, to check what `gisement sync` believes of it. One request per connection
/// (`Connection: close`); every request is recorded, headers included.
final class HostileServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        /// The path with its query, as sent.
        var target: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: [UInt8]

        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

        /// The value of a query parameter.
        func query(_ name: String) -> String? {
            guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
            }
            return nil
        }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = ""
        /// Raw body bytes, sent instead of `body` when set (a gzip stream, say).
        var bytes: [UInt8]? = nil

        static func json(_ body: String, status: Int = 200) -> Response { Response(status: status, body: body) }
    }

    private var listener: LoopbackListener!
    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var received: [Request] = []

    var port: Int { listener.port }
    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { lock.withLock { received } }

    init(_ handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        listener = try LoopbackListener(backlog: 16) { [self] connection in answer(connection) }
    }

    /// Stops accepting.
    func stop() { listener.stop() }

    private func answer(_ connection: Int32) {
        defer { close(connection) }
        guard let request = HostileServer.read(connection) else { return }
        lock.withLock { received.append(request) }
        let response = handler(request)
        var head = "HTTP/1.1 \(response.status) Status\r\nContent-Type: application/json\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let body = response.bytes ?? Array(response.body.utf8)
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    private static func read(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let end = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        var bodyLength = 0
        while true {
            if let headEnd, bytes.count >= headEnd + bodyLength { break }
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if headEnd == nil, let found = bytes.firstRange(of: end) {
                headEnd = found.upperBound
                let head = String(decoding: bytes[..<found.lowerBound], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let head = String(decoding: bytes[..<(headEnd! - 4)], as: UTF8.self)
        let lines = head.split(separator: "\r\n").map(String.init)
        let start = lines.first?.split(separator: " ") ?? []
        guard start.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(start[0]), target: String(start[1]), headers: headers, body: Array(bytes[headEnd!...]))
    }

    /// `GET /v1/health` as a server whose clock reads now.
    static func health() -> Response {
        let now = Date().timeIntervalSince1970
        let text = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: now.rounded(.down)))
        return .json(#"{"status":"ok","version":"hostile","server_time":"\#(text)"}"#)
    }

    /// `GET /v1/replicas/{replica}` holding nothing of it.
    static func replicaCounter(_ request: Request) -> Response {
        let replica = request.path.split(separator: "/").last.map(String.init) ?? ""
        return .json(#"{"replica":"\#(replica)","counter":0}"#)
    }
}
