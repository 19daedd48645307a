import GisementServer
import Testing

@Suite struct ServerClockTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_763_720_130_123), "2025-11-21T10:15:30.123Z"),
        (Int64(1_763_720_130_005), "2025-11-21T10:15:30.005Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func iso8601_formatsMillisecondsInUTC(milliseconds: Int64, expected: String) {
        #expect(ServerClock.iso8601(milliseconds: milliseconds) == expected)
    }

    @Test func iso8601_withoutFraction() {
        #expect(ServerClock.iso8601(milliseconds: 1_763_720_130_123, fraction: false) == "2025-11-21T10:15:30Z")
    }

    @Test func injectedClock_isWhatTheServerReads() {
        let clock = ServerClock { 42_000 }
        #expect(clock.nowMilliseconds() == 42_000)
        #expect(clock.iso8601() == "1970-01-01T00:00:42.000Z")
    }
}
