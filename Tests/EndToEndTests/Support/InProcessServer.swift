import Foundation
import GisementClient
import GisementGzip
import GisementHTTP
import GisementServer
import GisementShared

/// The real server — its router, its handlers and its SQLite ``ServerStore`` — called in this
/// process through ``SyncTransport``, with scripted faults. No socket and no second process, so
/// property tests and the sync session's tests run through the code the product runs.
///
/// What lies outside the router is played by this wrapper: the HTTP layer's body limit
/// (``maxChangesPerPush``) and a server of another release (``announced``).
final class InProcessServer: SyncTransport, @unchecked Sendable {
    /// A fault to inject into the next request whose label starts with a prefix.
    enum Fault {
        /// No answer: the transport fails with this kind, and the server saw nothing.
        case transport(TransportError.Kind)
        /// An error status with an `internal` error body; the server saw nothing.
        case status(Int)
        /// The request is handled, then the connection drops before the answer (a lost acknowledgement).
        case handleThenDrop
    }

    /// A push of more changes than this is answered 413, as the HTTP layer answers a body over its limit.
    var maxChangesPerPush = Int.max
    /// The schema and release versions `GET /v1/health` announces instead of this build's: a newer server.
    var announced: (schemaVersion: Int, appVersion: String)?
    /// Every request sent, in order.
    var requests: [SyncHTTPRequest] { lock.withLock { sent } }
    private var sent: [SyncHTTPRequest] = []

    let folder: TemporaryFolder
    let store: ServerStore
    let token: String
    private let router: Router
    private let lock = NSLock()
    private var pendingFaults: [(prefix: String, fault: Fault)] = []
    private let clockBox: ClockBox

    /// The server's clock in milliseconds; tests move it.
    var time: Int64 {
        get { clockBox.value }
        set { clockBox.value = newValue }
    }

    final class ClockBox: @unchecked Sendable {
        private let lock = NSLock()
        private var milliseconds: Int64
        init(_ milliseconds: Int64) { self.milliseconds = milliseconds }
        var value: Int64 {
            get { lock.withLock { milliseconds } }
            set { lock.withLock { milliseconds = newValue } }
        }
    }

    init(time: Int64 = 1_763_720_130_000) throws {
        folder = TemporaryFolder()
        let box = ClockBox(time)
        clockBox = box
        let clock = ServerClock { box.value }
        store = try ServerStore.open(
            path: folder.file("server.sqlite"), clock: clock, readerCount: 1, startsGeneration: true, synchronous: .off)
        router = APIRoutes.router(context: APIContext(store: store, clock: clock))
        let token = try AccessToken.generate()
        let store = store
        try InProcessServer.blocking {
            // A coordinator's token: the histories write districts and tests, which an agent's may
            // not (contract "Scopes").
            try await store.withWriteConnection { db in
                try TokenStore.add(
                    db, name: "agent", role: .coordinator, digest: AccessToken.digest(of: token), at: "2026-01-01T00:00:00Z")
            }
        }
        self.token = token
    }

    deinit {
        let store = store
        try? InProcessServer.blocking { await store.close() }
    }

    /// Queues a fault for the next request whose label (`POST /v1/changes`) starts with `prefix`.
    func inject(_ fault: Fault, on prefix: String) {
        lock.withLock { pendingFaults.append((prefix, fault)) }
    }

    /// Drops the faults no request met.
    func clearFaults() {
        lock.withLock { pendingFaults.removeAll() }
    }

    func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        let fault: Fault? = lock.withLock {
            sent.append(request)
            guard let index = pendingFaults.firstIndex(where: { request.label.hasPrefix($0.prefix) }) else { return nil }
            return pendingFaults.remove(at: index).fault
        }
        if case .transport(let kind) = fault { throw TransportError(kind, "injected \(kind)") }
        if case .status(let status) = fault {
            return SyncHTTPResponse(status: status, body: APIErrorBody(code: "internal", message: "injected failure").encoded())
        }
        if request.label.hasPrefix("POST /v1/changes"), let body = request.body,
            let push = try? PushBody.decode(Gzip.isGzip(body) ? Gzip.decompress(body, limit: 64 << 20) : body),
            push.changes.count > maxChangesPerPush
        {
            return SyncHTTPResponse(status: 413, body: APIErrorBody(code: "payload_too_large", message: "too many changes").encoded())
        }
        var response: SyncHTTPResponse
        do {
            response = try handle(request)
        } catch {
            throw TransportError(.other, "in-process server: \(error)")
        }
        if let announced, request.path == "/v1/health", case .object(var health)? = try? JSONParser.parse(response.body) {
            health["schema_version"] = .integer(Int64(announced.schemaVersion))
            health["version"] = .string(announced.appVersion)
            response = SyncHTTPResponse(status: response.status, body: JSONWriter.encode(.object(health)))
        }
        if case .handleThenDrop = fault { throw TransportError(.connectionLost, "injected drop after the server handled it") }
        return response
    }

    private func handle(_ request: SyncHTTPRequest) throws -> SyncHTTPResponse {
        var headers = HTTPHeaders()
        if let token = request.token { headers.add(.authorization, "Bearer \(token)") }
        if request.body != nil { headers.add(.contentType, "application/json") }
        let query = request.query.map { (name: $0.name, value: $0.value) }
        let target = request.path + (query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        let http = HTTPRequest(
            method: HTTPMethod(request.method), target: target, path: request.path, query: query, headers: headers,
            body: request.body ?? [])
        let router = router
        let response = try InProcessServer.blocking { try await router.handle(http) }
        return SyncHTTPResponse(status: response.status.code, body: response.body)
    }

    /// Runs async work to its end from synchronous code (the sync client is synchronous).
    ///
    /// The work runs on threads of its own (``ServerTaskExecutor``), not on Swift's cooperative
    /// pool: the calling test blocks a pool thread while it waits, and two such tests at once on a
    /// two-core machine would otherwise leave the work no thread to run on.
    static func blocking<T>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = BlockingOutcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: ServerTaskExecutor.shared) {
            do { outcome.value = .success(try await work()) } catch { outcome.value = .failure(error) }
            done.signal()
        }
        done.wait()
        return try outcome.value!.get()
    }
}

/// A task executor on a Dispatch queue of its own, for the in-process server's work.
final class ServerTaskExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServerTaskExecutor()
    private let queue = DispatchQueue(label: "in-process-server", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// The result of async work handed to the thread that waits for it.
private final class BlockingOutcome<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}
