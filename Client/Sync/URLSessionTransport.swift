import GisementShared

import Dispatch
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
import GisementGzip
#endif

/// A ``SyncTransport`` over Foundation's URLSession, used synchronously.
///
/// Each request carries its own timeout (`URLRequest.timeoutInterval`), and the caller also
/// stops waiting a little after it, cancelling the task, so that a stuck connection can never
/// hang a sync. Request bodies of at least ``Gzip/threshold`` bytes marked compressible are sent
/// gzipped (`Content-Encoding: gzip`); answers are asked for gzipped (`Accept-Encoding: gzip`)
/// and decoded by URLSession (or here, when a library version leaves them encoded).
///
/// Two choices guard against broken connections and hostile servers (see `docs/sync.md`,
/// "Broken connections"):
/// - Redirects are never followed ( ``RedirectRefusal``): the 3xx comes back as the answer, so the
///   token never goes to another origin.
/// - A request with a body goes out on a connection of its own (a one-request session). On a
///   reused connection that the server side closed, libcurl sends the request again on a fresh one,
///   but FoundationNetworking (6.3) cannot rewind a data body: the second copy went out with its
///   headers and no body, and the exchange hung until the request timeout. On a fresh connection
///   libcurl never retries by itself, so a cut fails at once and ``SyncServerClient`` retries.
///
/// On Linux, `gisement sync` runs this transport in a worker process (``IsolatedTransport``):
/// FoundationNetworking 6.3 stops the whole process when a connection breaks inside the response
/// headers.
public final class URLSessionTransport: SyncTransport {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    /// The largest answer body the client inflates: far above a pull page, far below a laptop's memory.
    static let maxAnswerBytes = 64 << 20
    private let configuration: URLSessionConfiguration
    private let refusal = RedirectRefusal()
    /// The session of the body-less requests, whose connection is kept alive between them.
    private let session: URLSession

    /// - Throws: ``TransportError`` (`badRequest`) when `server` is not an http(s) URL.
    public init(server: String) throws(TransportError) {
        self.baseURL = try URLSessionTransport.baseURL(server)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpAdditionalHeaders = ["Accept-Encoding": "gzip"]
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.httpShouldSetCookies = false
        self.configuration = configuration
        self.session = URLSession(configuration: configuration, delegate: refusal, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// The base URL of `server`, trailing slashes removed.
    /// - Throws: ``TransportError`` (`badRequest`) when it is not an http(s) URL with a host.
    public static func baseURL(_ server: String) throws(TransportError) -> URL {
        var text = server
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw TransportError(
                .badRequest, localized("transport.notURL", ["server": server]))
        }
        return url
    }

    public func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        let urlRequest = try makeURLRequest(request, timeout: timeout)
        let oneShot = urlRequest.httpBody == nil
            ? nil : URLSession(configuration: configuration, delegate: refusal, delegateQueue: nil)
        defer { oneShot?.finishTasksAndInvalidate() }
        let outcome = ExchangeOutcome()
        let semaphore = DispatchSemaphore(value: 0)
        let task = (oneShot ?? session).dataTask(with: urlRequest) { data, response, error in
            outcome.set(data: data, response: response, error: error)
            semaphore.signal()
        }
        task.resume()
        // URLSession enforces the timeout itself; this bound only guards against a task that never completes.
        if semaphore.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw TransportError(.timedOut, localized("transport.noAnswer", ["request": request.label, "seconds": String(Int(timeout))]))
        }
        return try outcome.response(for: request)
    }

    private func makeURLRequest(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> URLRequest {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) else {
            throw TransportError(.badRequest, localized("transport.badBase", ["url": "\(baseURL)"]))
        }
        components.path = components.path + request.path
        if !request.query.isEmpty {
            components.queryItems = request.query.map { URLQueryItem(name: $0.name, value: $0.value) }
        }
        guard let url = components.url else {
            throw TransportError(.badRequest, localized("transport.badURL", ["request": request.label]))
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

/// Answers every redirect with "do not follow": the 3xx itself becomes the answer.
///
/// The token is sent to the server the user named and nowhere else; a server that moved is
/// reported (``SyncServerClient``) with the new address, for the user to confirm with `--server`.
final class RedirectRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
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
            throw TransportError(.other, localized("transport.notHTTP", ["request": request.label]))
        }
        var body = data.map { [UInt8]($0) } ?? []
        if Gzip.isGzip(body) {
            // URLSession normally inflates gzip itself; a body still compressed is inflated here,
            // bounded so that a broken or hostile server cannot take the device's memory.
            do {
                body = try Gzip.decompress(body, limit: URLSessionTransport.maxAnswerBytes)
            } catch {
                throw TransportError(
                    .unreadableAnswer,
                    error == .tooLarge
                        ? localized("transport.answerTooLarge", ["limit": "64 MiB"]) : localized("transport.answerNotGzip"))
            }
        }
        let retryAfter = http.value(forHTTPHeaderField: "Retry-After").flatMap { Double($0) }
        let location = (300..<400).contains(http.statusCode) ? http.value(forHTTPHeaderField: "Location") : nil
        return SyncHTTPResponse(status: http.statusCode, body: body, retryAfter: retryAfter, location: location)
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
            return TransportError(.timedOut, localized("transport.timedOut", ["request": request.label]))
        case .networkConnectionLost, .cancelled, .badServerResponse, .zeroByteResource:
            return TransportError(.connectionLost, "\(request.label): \(urlError.localizedDescription)")
        case .badURL, .unsupportedURL:
            return TransportError(.badRequest, urlError.localizedDescription)
        default:
            return TransportError(.other, "\(request.label): \(urlError.localizedDescription)")
        }
    }
}
