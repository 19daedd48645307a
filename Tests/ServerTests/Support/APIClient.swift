import Foundation
import GisementShared
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small HTTP client for the live tests, over URLSession.
struct APIClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]

        /// The body parsed as JSON.
        var json: JSONValue { (try? JSONParser.parse([UInt8](body))) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The error code of an error body.
        var errorCode: String? { json["error"]?["code"]?.stringValue }
    }

    let baseURL: String
    var token: String?
    let session: URLSession

    init(baseURL: String, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 32
        self.session = URLSession(configuration: configuration)
    }

    func with(token: String?) -> APIClient {
        var copy = self
        copy.token = token
        return copy
    }

    func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body)
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            fields[String(describing: name).lowercased()] = String(describing: value)
        }
        return Reply(status: http.statusCode, body: data, headers: fields)
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }

    /// Pushes changes; returns the reply.
    func push(_ changes: [Change], replica: ReplicaID) async throws -> Reply {
        try await send("POST", "/v1/changes", body: PushBody(replica: replica, changes: changes).encoded())
    }

    /// Pulls one page.
    func pull(since: Int64, limit: Int? = nil, excluding: String? = nil) async throws -> PullPage {
        var path = "/v1/changes?since=\(since)"
        if let limit { path += "&limit=\(limit)" }
        if let excluding { path += "&exclude_replica=\(excluding)" }
        let reply = try await get(path)
        guard reply.status == 200 else { throw APIErrorBody(code: "status \(reply.status)", message: reply.text) }
        return try PullPage.decode([UInt8](reply.body))
    }

    /// Pulls every page from `since` to the end.
    func pullAll(since: Int64 = 0, limit: Int = 1000, excluding: String? = nil) async throws -> [Change] {
        var cursor = since
        var all: [Change] = []
        while true {
            let page = try await pull(since: cursor, limit: limit, excluding: excluding)
            all += page.changes
            cursor = page.cursor
            if !page.more { return all }
        }
    }
}
