import Foundation
import GisementClient
import GisementShared

/// The client's handling of a hostile server's pull answer: a whole `SyncSession` runs against a
/// scripted server whose `GET /v1/changes` answers the fuzz bytes, on a real SQLite replica.
///
/// Properties: nothing crashes; the sync ends with a summary or a ``SyncError`` that carries a
/// message; the stored cursor is never beyond what the server stated or sent; no version stored
/// is stamped beyond the allowed skew (a poisoned clock would block every later edit); the
/// replica's own HLC stays near the device's time.
enum PullPageFuzzCheck {
    /// The time the scripted server and the replica agree on.
    static let now: Int64 = 1_795_292_389_000
    static let statedHead: Int64 = 50

    /// One replica file per process, reused by every input (its cursor is set back each time).
    nonisolated(unsafe) private static var replica: ReplicaStore? = {
        let path = NSTemporaryDirectory() + "gisement-fuzz-pull-\(getpid()).sqlite"
        try? FileManager.default.removeItem(atPath: path)
        return try? ReplicaStore.create(
            path: path, settings: ReplicaStore.Settings(server: "http://fuzz", token: "t"), clock: .fixed(now),
            synchronous: .off)
    }()

    static func check(_ bytes: [UInt8]) -> FuzzFailure? {
        guard let store = replica else { return "the fuzz replica could not be created" }
        do {
            try store.setCursor(0)
        } catch {
            return "could not reset the cursor: \(error)"
        }
        let server = ScriptedServer(page: bytes)
        let client = SyncServerClient(
            transport: server, serverLabel: "fuzz", token: "t", retry: RetryPolicy(maxAttempts: 1),
            sleeper: RetrySleeper { _ in })
        let session = SyncSession(store: store, client: client, clock: .fixed(now))
        do {
            _ = try session.run()
        } catch {
            if error.message.isEmpty { return "a sync error without a message: \(error)" }
        }
        do {
            let state = try store.syncState
            let sent = server.highestSeqSent
            if state.cursor > max(statedHead, sent) {
                return "the cursor \(state.cursor) was stored beyond the stated head \(statedHead) and the positions sent"
            }
            if state.hlc.wall > now + ServerHealth.defaultMaxSkew {
                return "the replica's clock was moved to \(state.hlc), beyond the allowed skew"
            }
        } catch {
            return "the replica could not be read after the sync: \(error)"
        }
        return nil
    }

    /// A server that answers every route of a sync, the pull with the fuzz bytes once.
    final class ScriptedServer: SyncTransport, @unchecked Sendable {
        let page: [UInt8]
        private(set) var pagesServed = 0
        private(set) var highestSeqSent: Int64 = 0

        init(page: [UInt8]) { self.page = page }

        func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
            func json(_ text: String, status: Int = 200) -> SyncHTTPResponse {
                SyncHTTPResponse(status: status, body: Array(text.utf8))
            }
            switch request.path {
            case "/v1/health":
                return json(#"{"status":"ok","version":"fuzz","server_time":"2026-11-21T20:19:49.000Z"}"#)
            case "/v1/changes" where request.method == "GET":
                pagesServed += 1
                guard pagesServed == 1 else { return json(#"{"changes":[],"cursor":0,"more":false}"#) }
                if let decoded = try? PullPage.decode(page) {
                    highestSeqSent = max(highestSeqSent, decoded.changes.compactMap(\.seq).max() ?? 0)
                }
                return SyncHTTPResponse(status: 200, body: page)
            case "/v1/changes":
                return json(#"{"accepted":0,"duplicates":0,"conflicts":0,"cursor":0,"server_time":"2026-11-21T20:19:49.000Z"}"#)
            default:
                if request.path.hasPrefix("/v1/replicas/") {
                    return json(#"{"replica":"r","counter":0,"head":\#(PullPageFuzzCheck.statedHead)}"#)
                }
                return json(#"{"error":{"code":"not_found","message":"no route"}}"#, status: 404)
            }
        }
    }
}
