import GisementShared

/// What the server says about a replica and itself at the start of a sync
/// (`GET /v1/replicas/{replica}?lineage=…`, docs/protocol.md "Recovery").
public struct ServerReplicaStatus: Sendable, Hashable {
    /// The highest counter the replica pushed itself.
    public var counter: UInt64
    /// The highest counter of the replica that others relayed.
    public var relayedCounter: UInt64
    /// The store's identity; nil from a server older than contract 1.1.
    public var store: String?
    public var generation: String?
    /// The feed head when the current generation started.
    public var generationBase: Int64?
    /// The latest generation of the lineage sent that the server holds too.
    public var common: String?
    public var head: Int64?
    /// Where the feed went back to since the generations the replica knew; nil when it did not.
    public var rewind: Int64?
}

extension SyncServerClient {
    /// `GET /v1/replicas/{replica}?lineage=g1,g2`.
    /// - Throws: ``SyncError``.
    public func replicaStatus(_ replica: ReplicaID, lineage: [String]) throws(SyncError) -> ServerReplicaStatus {
        var query: [SyncQueryItem] = []
        if !lineage.isEmpty { query.append(SyncQueryItem("lineage", lineage.joined(separator: ","))) }
        let request = SyncHTTPRequest(method: "GET", path: "/v1/replicas/\(replica)", query: query, token: token)
        let json = try jsonExchange(request)
        guard let counter = json["counter"]?.integerValue, counter >= 0 else {
            throw SyncError(.protocolError, localized("recovery.noCounter", ["request": request.label]))
        }
        noteFeedHead(json["head"]?.integerValue)
        return ServerReplicaStatus(
            counter: UInt64(counter), relayedCounter: UInt64(max(0, json["relayed_counter"]?.integerValue ?? 0)),
            store: json["store"]?.stringValue, generation: json["generation"]?.stringValue,
            generationBase: json["generation_base"]?.integerValue, common: json["common"]?.stringValue,
            head: json["head"]?.integerValue, rewind: json["rewind"]?.integerValue)
    }

    /// `GET /v1/verify/buckets`; nil from a server older than contract 1.1 (no such route).
    /// - Throws: ``SyncError``.
    public func verifyBuckets() throws(SyncError) -> VerifyMessages.Buckets? {
        let request = SyncHTTPRequest(method: "GET", path: "/v1/verify/buckets", token: token)
        let response = try exchange(request)
        if response.status == 404 { return nil }
        guard response.isSuccess else { throw failure(response, request: request.label) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(response.body)
        } catch {
            throw unreadable(request.label, error)
        }
        guard let buckets = VerifyMessages.Buckets(json) else {
            throw SyncError(.protocolError, localized("recovery.notBuckets", ["request": request.label]))
        }
        return buckets
    }

    /// `POST /v1/verify/records`: the records of `buckets` and their digests on the server.
    /// - Throws: ``SyncError``.
    public func verifyRecords(buckets: [Int]) throws(SyncError) -> [(RecordKey, UInt64)] {
        var records: [(RecordKey, UInt64)] = []
        for start in stride(from: 0, to: buckets.count, by: VerifyMessages.maxBucketsPerRequest) {
            let part = Array(buckets[start..<min(buckets.count, start + VerifyMessages.maxBucketsPerRequest)])
            let request = SyncHTTPRequest(
                method: "POST", path: "/v1/verify/records",
                body: JSONWriter.encode(VerifyMessages.bucketsRequest(part)), token: token, isCompressible: true)
            guard let found = VerifyMessages.records(fromAnswer: try jsonExchange(request)) else {
                throw SyncError(.protocolError, localized("recovery.notRecords", ["request": request.label]))
            }
            records += found
        }
        return records
    }

    /// `POST /v1/verify/versions`: every version the server holds of `records`.
    /// - Throws: ``SyncError``.
    public func verifyVersions(records: [RecordKey]) throws(SyncError) -> [Change] {
        var changes: [Change] = []
        for start in stride(from: 0, to: records.count, by: VerifyMessages.maxRecordsPerRequest) {
            let part = Array(records[start..<min(records.count, start + VerifyMessages.maxRecordsPerRequest)])
            let request = SyncHTTPRequest(
                method: "POST", path: "/v1/verify/versions",
                body: JSONWriter.encode(VerifyMessages.versionsRequest(part)), token: token, isCompressible: true)
            let response = try exchange(request)
            guard response.isSuccess else { throw failure(response, request: request.label) }
            do {
                changes += try PullPage.decode(response.body).changes
            } catch {
                throw unreadable(request.label, error)
            }
        }
        return changes
    }

    /// Sends `request` and reads a JSON answer.
    private func jsonExchange(_ request: SyncHTTPRequest) throws(SyncError) -> JSONValue {
        let response = try exchange(request)
        guard response.isSuccess else { throw failure(response, request: request.label) }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw unreadable(request.label, error)
        }
    }
}
