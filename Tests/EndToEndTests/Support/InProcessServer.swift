import Foundation
import GisementClient
import GisementHTTP
import GisementServer
import GisementShared

/// The real server — its router, its handlers and its SQLite ``ServerStore`` — called in this
/// process through ``SyncTransport``, with scripted faults. No socket and no second process, so
/// property tests can run hundreds of histories through the code the product runs.
final class InProcessServer: SyncTransport, @unchecked Sendable {
    /// A fault to inject into the next request whose label starts with a prefix.
    enum Fault {
        /// No answer: the transport fails with this kind, and the server saw nothing.
        case transport(TransportError.Kind)
        /// The request is handled, then the connection drops before the answer (a lost acknowledgement).
        case handleThenDrop
    }

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
            guard let index = pendingFaults.firstIndex(where: { request.label.hasPrefix($0.prefix) }) else { return nil }
            return pendingFaults.remove(at: index).fault
        }
        if case .transport(let kind) = fault { throw TransportError(kind, "injected \(kind)") }
        let response: SyncHTTPResponse
        do {
            response = try handle(request)
        } catch {
            throw TransportError(.other, "in-process server: \(error)")
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
    static func blocking<T>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = BlockingOutcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { outcome.value = .success(try await work()) } catch { outcome.value = .failure(error) }
            done.signal()
        }
        done.wait()
        return try outcome.value!.get()
    }
}

/// The result of async work handed to the thread that waits for it.
private final class BlockingOutcome<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}
