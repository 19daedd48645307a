#if os(Linux)
import Foundation
import Glibc

/// A ``URLSessionTransport`` run in a worker process, so that a crash of the HTTP library ends
/// the worker and not `gisement sync`.
///
/// FoundationNetworking up to Swift 6.3 stops the process (`fatalError`, SIGILL) when libcurl
/// reports a transfer complete without a complete response head, which happens whenever a
/// connection breaks after the status line and before the blank line that ends the headers
/// (swiftlang/swift-corelibs-foundation#5285, fixed for 6.4 by #5286). No URLSession API reaches
/// that code path before it traps (delegates are told only after it), so the exchange runs in a
/// child process: this same executable started with ``TransportWorker/argument``, which speaks
/// ``TransportFrame`` on a socket. A worker that dies is a broken connection
/// (``TransportError/Kind/connectionLost``), which ``SyncServerClient`` retries with a new worker;
/// nothing of the sync's state lives in the worker. See `docs/sync.md`, "Broken connections".
public final class IsolatedTransport: SyncTransport, @unchecked Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    private let server: String
    private let executable: String
    private let lock = NSLock()
    private var worker: WorkerProcess?
    /// Workers started so far (for tests: one per sync unless one died).
    public private(set) var workersStarted = 0

    /// - Parameter executable: the program to start as the worker; this process's own by default.
    /// - Throws: ``TransportError`` (`badRequest`) when `server` is not an http(s) URL.
    public init(server: String, executable: String? = nil) throws(TransportError) {
        self.baseURL = try URLSessionTransport.baseURL(server)
        self.server = server
        self.executable = executable ?? IsolatedTransport.ownExecutable
    }

    deinit {
        worker?.stop(force: false)
    }

    /// This process's executable (`/proc/self/exe`).
    public static var ownExecutable: String {
        var buffer = [Int8](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments.first ?? "gisement" }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        guard let worker = worker ?? WorkerProcess.spawn(executable, arguments: [TransportWorker.argument]) else {
            throw TransportError(.other, localized("transport.cannotStart", ["request": request.label, "executable": executable]))
        }
        if self.worker == nil { workersStarted += 1 }
        self.worker = worker
        let frame = TransportFrame.encode(TransportFrame.Request(server: server, request: request, timeout: timeout))
        // The worker gives up after `timeout` plus 5 s itself; this bound is for a worker that hangs.
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64((timeout + 10) * 1000)))
        var failure = FrameSocket.Failure.malformed
        var outcome: Result<SyncHTTPResponse, TransportError>?
        do throws(FrameSocket.Failure) {
            outcome = TransportFrame.decodeOutcome(try worker.exchange(frame, until: deadline))
        } catch {
            failure = error
        }
        switch outcome {
        case .success(let response): return response
        case .failure(let error): throw error
        case nil: break
        }
        self.worker = nil
        worker.stop(force: true)
        if case .timedOut = failure {
            throw TransportError(.timedOut, localized("transport.noAnswer", ["request": request.label, "seconds": String(Int(timeout))]))
        }
        throw TransportError(
            .connectionLost, localized("transport.broken", ["request": request.label]))
    }

}

/// The worker side of ``IsolatedTransport``: answers requests on descriptor 3 until it closes.
public enum TransportWorker {
    /// The hidden first argument that makes `gisement` a worker.
    public static let argument = "__sync-transport-worker"

    /// Serves requests until the parent closes the socket; returns the exit status.
    public static func run(descriptor: Int32 = 3) -> Int32 {
        let socket = FrameSocket(descriptor: descriptor)
        var transports: [String: URLSessionTransport] = [:]
        while true {
            let payload: [UInt8]
            do {
                payload = try socket.read(until: nil)
            } catch {
                return 0
            }
            guard let message = TransportFrame.decodeRequest(payload) else { return 70 }
            let outcome: Result<SyncHTTPResponse, TransportError>
            do throws(TransportError) {
                let transport: URLSessionTransport
                if let known = transports[message.server] {
                    transport = known
                } else {
                    transport = try URLSessionTransport(server: message.server)
                    transports[message.server] = transport
                }
                outcome = .success(try transport.send(message.request, timeout: message.timeout))
            } catch {
                outcome = .failure(error)
            }
            do {
                try socket.write(TransportFrame.encode(outcome))
            } catch {
                return 0
            }
        }
    }
}
#endif
import GisementShared
