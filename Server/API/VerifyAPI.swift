import GisementHTTP
import GisementShared

/// The verify routes (role agent): what `gisement verify` and the recovery after a server went
/// back compare, from the coarsest to the finest, so equal stores cost one request.
enum VerifyAPI {
    /// `GET /v1/verify/buckets`: the 1,024 bucket digests and the feed head of one snapshot.
    static func buckets(caller: Caller, context: APIContext) async throws -> HTTPResponse {
        let buckets = try await context.store.bucketDigests(scope: caller.tokenScope)
        return HTTPResponse(
            json: VerifyMessages.Buckets(store: buckets.store, head: buckets.head, digests: buckets.digests).json)
    }

    /// `POST /v1/verify/records` `{"buckets":[…]}`: the records of those buckets with their digests.
    static func records(_ request: HTTPRequest, caller: Caller, context: APIContext) async throws -> HTTPResponse {
        guard ChangesAPI.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        guard let json = try? JSONParser.parse(request.body), let buckets = VerifyMessages.buckets(fromRequest: json)
        else {
            throw APIError.invalidJSON(
                "Send {\"buckets\": [n, …]} with at most \(VerifyMessages.maxBucketsPerRequest) bucket numbers from 0 to "
                    + "\(VersionDigest.bucketCount - 1).")
        }
        let records = try await context.store.recordDigests(buckets: buckets, scope: caller.tokenScope)
        return HTTPResponse(json: VerifyMessages.recordsAnswer(records.map { ($0.record, $0.digest) }))
    }

    /// `POST /v1/verify/versions` `{"records":[{"kind","id"}…]}`: every stored version of those
    /// records, as a pull page (`cursor` is the feed head, `more` false).
    static func versions(_ request: HTTPRequest, caller: Caller, context: APIContext) async throws -> HTTPResponse {
        guard ChangesAPI.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        guard let json = try? JSONParser.parse(request.body), let records = VerifyMessages.records(fromRequest: json)
        else {
            throw APIError.invalidJSON(
                "Send {\"records\": [{\"kind\": …, \"id\": …}, …]} with at most \(VerifyMessages.maxRecordsPerRequest) records.")
        }
        let changes = try await context.store.versions(of: records, scope: caller.tokenScope)
        let head = try await context.store.feedHead()
        return .json(bytes: PullPage(changes: changes, cursor: head, more: false).encoded())
    }
}
