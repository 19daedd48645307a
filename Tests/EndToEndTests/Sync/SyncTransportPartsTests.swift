import GisementClient
import GisementShared
import Testing

/// The small parts under the sync: backoff, the health answer, request URLs.
@Suite struct SyncTransportPartsTests {
    @Test(arguments: [1, 2, 3, 4, 10])
    func retryPolicy_delayStaysWithinJitterBounds(retry: Int) {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxDelay: 4)
        var rng = SystemRandomNumberGenerator()
        let ceiling = min(4, 0.25 * Double(1 << (retry - 1)))
        for _ in 0..<50 {
            let delay = policy.delay(beforeRetry: retry, using: &rng)
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
    }

    @Test func retryPolicy_honoursRetryAfter_upToMaxDelay() {
        var rng = SystemRandomNumberGenerator()
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxDelay: 4)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 2, using: &rng) == 2)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 60, using: &rng) == 4)
    }

    @Test func serverHealth_readsISOTimeWithMilliseconds() {
        #expect(ServerHealth.milliseconds(iso8601: "2025-11-21T10:15:30.123Z") == 1_763_720_130_123)
        #expect(ServerHealth.milliseconds(iso8601: "2025-11-21T11:15:30+01:00") == 1_763_720_130_000)
        #expect(ServerHealth.milliseconds(iso8601: "yesterday") == nil)
    }

    @Test func urlSessionTransport_refusesNonHTTPServer() {
        #expect(throws: TransportError.self) { try URLSessionTransport(server: "ftp://example.org") }
        #expect(throws: TransportError.self) { try URLSessionTransport(server: "not a url") }
    }

    @Test func urlSessionTransport_reportsCannotConnect_whenNothingListens() throws {
        // Port 9 (discard) on the loopback address: nothing listens there on a test machine.
        let transport = try URLSessionTransport(server: "http://127.0.0.1:9")
        let error = #expect(throws: TransportError.self) {
            try transport.send(SyncHTTPRequest(method: "GET", path: "/v1/health"), timeout: 5)
        }
        #expect(error?.kind == .cannotConnect || error?.kind == .connectionLost)
    }
}
