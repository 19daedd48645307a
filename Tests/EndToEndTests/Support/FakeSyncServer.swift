import Foundation
import GisementClient
import GisementGzip
import GisementShared

/// A sync server in memory, spoken to through ``SyncTransport``: the same routes, dedup by dot,
/// merge and feed rules as the real one, plus scripted faults. Lets the sync algorithm be
/// tested without sockets or a second process.
final class FakeSyncServer: SyncTransport, @unchecked Sendable {
    /// A fault to inject into the next matching request.
    enum Fault {
        /// No answer: the transport fails with this kind.
        case transport(TransportError.Kind)
        /// An HTTP error status with an `internal` error body.
        case status(Int)
        /// The push is applied, then the connection drops before the answer (a lost acknowledgement).
        case applyThenDrop
    }

    struct Key: Hashable { var kind: RecordKind; var id: RecordID; var field: String }

    private(set) var versions: [Key: (change: Change, seq: Int64)] = [:]
    private(set) var seen: Set<Dot> = []
    private(set) var counters: [ReplicaID: UInt64] = [:]
    private(set) var seq: Int64 = 0
    private(set) var requests: [SyncHTTPRequest] = []
    /// Concurrent different-value conflicts found, both sides.
    private(set) var mergeLog: [(key: Key, winner: Change, loser: Change)] = []
    var tokens: Set<String> = ["agent-token"]
    /// The server's clock, in milliseconds since 1970.
    var time: Int64 = 1_763_720_130_000
    var maxSkew: Int64 = 600_000
    /// A push of more changes than this is answered 413.
    var maxChangesPerPush = Int.max
    /// Faults for the next requests whose label starts with the key (`POST /v1/changes`), in order.
    var faults: [(prefix: String, fault: Fault)] = []
    /// The schema version and app version its health answer announces (nil: says none, as a server
    /// older than schema versions); a push of a kind or field beyond it is refused like such a server would.
    var schemaVersion: Int?
    var appVersion = "test"

    func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        requests.append(request)
        if let index = faults.firstIndex(where: { request.label.hasPrefix($0.prefix) }) {
            let fault = faults.remove(at: index).fault
            switch fault {
            case .transport(let kind): throw TransportError(kind, "injected \(kind)")
            case .status(let status): return error(status, "internal", "injected failure")
            case .applyThenDrop:
                _ = route(request)
                throw TransportError(.connectionLost, "injected drop after apply")
            }
        }
        return route(request)
    }

    private func route(_ request: SyncHTTPRequest) -> SyncHTTPResponse {
        if request.path == "/v1/health" {
            let schema = schemaVersion.map { #","schema_version":\#($0)"# } ?? ""
            return json(
                #"{"status":"ok","version":"\#(appVersion)"\#(schema),"server_time":"\#(FakeSyncServer.iso(time))"}"#)
        }
        guard let token = request.token, tokens.contains(token) else {
            return error(401, "unauthorized", "unknown token")
        }
        if request.method == "GET", request.path.hasPrefix("/v1/replicas/") {
            let replica = String(request.path.dropFirst("/v1/replicas/".count))
            return json(#"{"replica":"\#(replica)","counter":\#(counters[replica] ?? 0)}"#)
        }
        if request.method == "POST", request.path == "/v1/changes" { return push(request.body ?? []) }
        if request.method == "GET", request.path == "/v1/changes" { return pull(request.query) }
        return error(404, "not_found", "no route")
    }

    private func push(_ body: [UInt8]) -> SyncHTTPResponse {
        let plain = Gzip.isGzip(body) ? ((try? Gzip.decompress(body, limit: 64 << 20)) ?? []) : body
        guard let push = try? PushBody.decode(plain) else { return error(400, "invalid_json", "bad body") }
        if push.changes.count > maxChangesPerPush { return error(413, "payload_too_large", "too many") }
        for (index, change) in push.changes.enumerated() {
            do {
                _ = try change.validated()
            } catch {
                return errorBody(400, APIErrorBody(
                    code: "invalid_change", message: error.reason, index: index, field: error.field ?? change.field))
            }
            if change.hlc.wall > time + maxSkew { return error(400, "clock_ahead", "stamped ahead") }
            if !SchemaVersion.holds(schemaVersion ?? 1, kind: change.kind, field: change.field) {
                return errorBody(400, APIErrorBody(
                    code: "invalid_change", message: "unknown kind or field", index: index, field: change.field))
            }
        }
        var accepted = 0
        var duplicates = 0
        var conflicts = 0
        for change in push.changes {
            guard seen.insert(change.dot).inserted else { duplicates += 1; continue }
            accepted += 1
            counters[change.replica] = max(counters[change.replica] ?? 0, change.counter)
            // The one record merge the stores run, on this field alone.
            let key = Key(kind: change.kind, id: change.id, field: change.field)
            let stored = versions[key]
            let plan = RecordMerger.plan(
                record: change.record,
                stored: StoredRecord(versions: stored.map { [change.field: $0.change.version] } ?? [:]),
                incoming: [change])
            if plan.log.contains(where: { $0.kind == .conflict }), let stored {
                conflicts += 1
                mergeLog.append(plan.applied == 1 ? (key, change, stored.change) : (key, stored.change, change))
            }
            if plan.applied == 1 {
                seq += 1
                versions[key] = (change, seq)
            }
        }
        return json(
            #"{"accepted":\#(accepted),"duplicates":\#(duplicates),"conflicts":\#(conflicts),"cursor":\#(seq),"#
                + #""server_time":"\#(FakeSyncServer.iso(time))"}"#)
    }

    private func pull(_ query: [SyncQueryItem]) -> SyncHTTPResponse {
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let since = Int64(value("since") ?? "0") ?? 0
        let limit = Int(value("limit") ?? "1000") ?? 1000
        let exclude = value("exclude_replica")
        let after = versions.values.filter { $0.seq > since }.sorted { $0.seq < $1.seq }
        var page: [Change] = []
        var cursor = since
        var more = false
        for entry in after {
            if page.count == limit { more = true; break }
            cursor = entry.seq
            if entry.change.replica == exclude { continue }
            var change = entry.change
            change.seq = entry.seq
            page.append(change)
        }
        if !more { cursor = max(cursor, seq) }
        return SyncHTTPResponse(status: 200, body: PullPage(changes: page, cursor: cursor, more: more).encoded())
    }

    /// The winning value of every field, for comparison with a replica.
    var state: [Key: FieldValue] { versions.mapValues(\.change.value) }

    private func json(_ text: String) -> SyncHTTPResponse { SyncHTTPResponse(status: 200, body: Array(text.utf8)) }

    private func error(_ status: Int, _ code: String, _ message: String) -> SyncHTTPResponse {
        errorBody(status, APIErrorBody(code: code, message: message))
    }

    private func errorBody(_ status: Int, _ body: APIErrorBody) -> SyncHTTPResponse {
        SyncHTTPResponse(status: status, body: body.encoded())
    }

    static func iso(_ ms: Int64) -> String {
        ZonedDateTime.utcString(epochSeconds: ms / 1000).dropLast() + ".\(String(format: "%03d", Int(ms % 1000)))Z"
    }
}
