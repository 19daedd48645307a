import Testing

@testable import GisementClient

/// The frames between `gisement sync` and its transport worker: what goes in comes out, and a
/// broken frame is refused rather than misread.
struct TransportFrameTests {
    static func payload(_ frame: [UInt8]) -> [UInt8] { Array(frame.dropFirst(4)) }

    @Test func request_roundTrips_withAndWithoutBodyAndToken() {
        let requests = [
            SyncHTTPRequest(method: "GET", path: "/v1/health"),
            SyncHTTPRequest(
                method: "GET", path: "/v1/changes", query: [SyncQueryItem("since", "12"), SyncQueryItem("é", "a&b")],
                token: "gis_abc"),
            SyncHTTPRequest(
                method: "POST", path: "/v1/changes", body: Array("{\"changes\":[]}".utf8), token: "gis_abc",
                isCompressible: true),
            SyncHTTPRequest(method: "POST", path: "/v1/verify/records", body: []),
        ]
        for request in requests {
            let message = TransportFrame.Request(server: "http://127.0.0.1:8080", request: request, timeout: 12.5)
            let frame = TransportFrame.encode(message)
            #expect(frame.count == 4 + Self.payload(frame).count)
            #expect(TransportFrame.decodeRequest(Self.payload(frame)) == message)
        }
    }

    @Test func outcome_roundTrips_answersAndErrors() {
        let outcomes: [Result<SyncHTTPResponse, TransportError>] = [
            .success(SyncHTTPResponse(status: 200, body: Array("{}".utf8))),
            .success(SyncHTTPResponse(status: 503, body: [], retryAfter: 2.5)),
            .success(SyncHTTPResponse(status: 307, body: [0, 255], location: "http://elsewhere/v1/health")),
            .failure(TransportError(.connectionLost, "GET /v1/health: the connection broke")),
            .failure(TransportError(.badRequest, "not a URL")),
        ]
        for outcome in outcomes {
            let decoded = TransportFrame.decodeOutcome(Self.payload(TransportFrame.encode(outcome)))
            #expect(decoded == outcome)
        }
    }

    @Test func brokenFrames_areRefused() {
        let good = Self.payload(
            TransportFrame.encode(.success(SyncHTTPResponse(status: 200, body: Array("{\"a\":1}".utf8)))))
        for cut in 0..<good.count {
            #expect(TransportFrame.decodeOutcome(Array(good.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(TransportFrame.decodeOutcome(good + [0]) == nil)
        #expect(TransportFrame.decodeOutcome([7]) == nil)
        let request = Self.payload(
            TransportFrame.encode(
                TransportFrame.Request(server: "http://h", request: SyncHTTPRequest(method: "GET", path: "/"), timeout: 1)))
        for cut in 0..<request.count {
            #expect(TransportFrame.decodeRequest(Array(request.prefix(cut))) == nil, "cut at \(cut)")
        }
    }
}
