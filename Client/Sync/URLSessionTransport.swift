import Dispatch
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real ``SyncTransport``: Foundation's URLSession, used synchronously.
///
/// Each request carries its own timeout (`URLRequest.timeoutInterval`), and the caller also
/// stops waiting a little after it, cancelling the task, so that a stuck connection can never
/// hang a sync. Request bodies of at least ``Gzip/threshold`` bytes marked compressible are sent
/// gzipped (`Content-Encoding: gzip`); answers are asked for gzipped (`Accept-Encoding: gzip`)
/// and decoded by URLSession (or here, when a library version leaves them encoded).
public final class URLSessionTransport: SyncTransport {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    private let session: URLSession

    /// - Throws: ``TransportError`` (`badRequest`) when `server` is not an http(s) URL.
    public init(server: String) throws(TransportError) {
        var text = server
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw TransportError(
                .badRequest, "'\(server)' is not a server URL; give one like http://sync.example.org:8080.")
        }
        self.baseURL = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpAdditionalHeaders = ["Accept-Encoding": "gzip"]
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpMaximumConnectionsPerHost = 1
        self.session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        let urlRequest = try makeURLRequest(request, timeout: timeout)
        let outcome = ExchangeOutcome()
        let semaphore = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            outcome.set(data: data, response: response, error: error)
            semaphore.signal()
        }
        task.resume()
        // URLSession enforces the timeout itself; this bound only guards against a task that never completes.
        if semaphore.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw TransportError(.timedOut, "\(request.label) got no answer within \(Int(timeout)) seconds.")
        }
        return try outcome.response(for: request)
    }

    private func makeURLRequest(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> URLRequest {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) else {
            throw TransportError(.badRequest, "Cannot build a URL from \(baseURL).")
        }
        components.path = components.path + request.path
        if !request.query.isEmpty {
            components.queryItems = request.query.map { URLQueryItem(name: $0.name, value: $0.value) }
        }
        guard let url = components.url else {
            throw TransportError(.badRequest, "Cannot build a URL for \(request.label).")
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token = request.token {
            urlRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        if let body = request.body {
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if request.isCompressible, body.count >= Gzip.threshold, let compressed = Gzip.compress(body) {
                urlRequest.setValue("gzip", forHTTPHeaderField: "Content-Encoding")
                urlRequest.httpBody = Data(compressed)
            } else {
                urlRequest.httpBody = Data(body)
            }
        }
        return urlRequest
    }
}

/// What a data task's completion handler delivered, handed from URLSession's queue to the waiting caller.
private final class ExchangeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.response = response
        self.error = error
    }

    func response(for request: SyncHTTPRequest) throws(TransportError) -> SyncHTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        if let error {
            throw ExchangeOutcome.transportError(error, request: request)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError(.other, "\(request.label) got an answer that is not HTTP.")
        }
        var body = data.map { [UInt8]($0) } ?? []
        if Gzip.isGzip(body), let plain = Gzip.decompress(body) { body = plain }
        let retryAfter = http.value(forHTTPHeaderField: "Retry-After").flatMap { Double($0) }
        return SyncHTTPResponse(status: http.statusCode, body: body, retryAfter: retryAfter)
    }

    private static func transportError(_ error: any Error, request: SyncHTTPRequest) -> TransportError {
        guard let urlError = error as? URLError else {
            return TransportError(.other, "\(request.label) failed: \(error.localizedDescription)")
        }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
            .internationalRoamingOff, .dataNotAllowed, .secureConnectionFailed:
            return TransportError(.cannotConnect, urlError.localizedDescription)
        case .timedOut:
            return TransportError(.timedOut, "\(request.label) timed out.")
        case .networkConnectionLost, .cancelled, .badServerResponse, .zeroByteResource:
            return TransportError(.connectionLost, "\(request.label): \(urlError.localizedDescription)")
        case .badURL, .unsupportedURL:
            return TransportError(.badRequest, urlError.localizedDescription)
        default:
            return TransportError(.other, "\(request.label): \(urlError.localizedDescription)")
        }
    }
}
