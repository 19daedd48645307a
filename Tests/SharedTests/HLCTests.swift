import GisementShared
import Testing

struct HLCTests {
    private func at(_ wall: Int64, _ logical: UInt32) -> HLCTimestamp { HLCTimestamp(wall: wall, logical: logical) }

    @Test func tick_takesPhysicalTime_whenClockMovesForward() {
        var clock = HybridLogicalClock(last: at(1_000, 7))
        #expect(clock.tick(now: 1_001) == at(1_001, 0))
        #expect(clock.tick(now: 5_000) == at(5_000, 0))
        #expect(clock.last == at(5_000, 0))
    }

    @Test func tick_countsLogically_whenClockStalls() {
        var clock = HybridLogicalClock(last: at(1_000, 0))
        #expect(clock.tick(now: 1_000) == at(1_000, 1))
        #expect(clock.tick(now: 1_000) == at(1_000, 2))
        #expect(clock.tick(now: 1_001) == at(1_001, 0))
    }

    @Test func tick_staysAheadOfLast_whenClockGoesBackwards() {
        var clock = HybridLogicalClock(last: at(9_000, 3))
        #expect(clock.tick(now: 1_000) == at(9_000, 4))
        #expect(clock.tick(now: 8_999) == at(9_000, 5))
    }

    @Test func tick_borrowsNextMillisecond_whenLogicalOverflows() {
        var clock = HybridLogicalClock(last: at(1_000, UInt32.max))
        let next = clock.tick(now: 999)
        #expect(next == at(1_001, 0))
        #expect(next > at(1_000, UInt32.max))
    }

    @Test func tick_fromZero_startsAtNow() {
        var clock = HybridLogicalClock()
        #expect(clock.tick(now: 42) == at(42, 0))
    }

    @Test func receive_movesLastForward_andNeverBack() {
        var clock = HybridLogicalClock(last: at(1_000, 0))
        clock.receive(at(5_000, 9))
        #expect(clock.last == at(5_000, 9))
        clock.receive(at(2_000, 0))
        #expect(clock.last == at(5_000, 9))
        // A write after a receive is stamped later than what was received.
        #expect(clock.tick(now: 1_500) == at(5_000, 10))
        clock.receive(at(5_000, 20))
        #expect(clock.tick(now: 5_000) == at(5_000, 21))
    }

    @Test func order_comparesWallThenLogical() {
        #expect(at(1, 9) < at(2, 0))
        #expect(at(2, 0) < at(2, 1))
        #expect(!(at(2, 1) < at(2, 1)))
        #expect(at(0, 0) == .zero)
    }

    @Test(arguments: [
        ("1763720130123:0", HLCTimestamp(wall: 1_763_720_130_123, logical: 0)),
        ("0:0", HLCTimestamp(wall: 0, logical: 0)),
        ("1:4294967295", HLCTimestamp(wall: 1, logical: UInt32.max)),
        ("253402300799999:12", HLCTimestamp(wall: HLCTimestamp.maxWall, logical: 12)),
        ("007:01", HLCTimestamp(wall: 7, logical: 1)),
    ])
    func parse_accepts_wellFormedText(text: String, expected: HLCTimestamp) {
        #expect(HLCTimestamp(text) == expected)
        #expect(HLCTimestamp.parse(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", ":", "1", "1:", ":1", "1:2:3", "-1:0", "+1:0", "1:-0", "1:+0", " 1:0", "1:0 ", "1 :0", "1: 0",
        "a:0", "1:0x", "1.5:0", "1:4294967296", "253402300800000:0", "9999999999999999:0",
        "1:99999999999", "１:0",
    ])
    func parse_rejects_malformedText(text: String) {
        #expect(HLCTimestamp(text) == nil, "accepted \(text)")
    }

    @Test func description_isWallColonLogical_andParsesBack() {
        let stamp = at(1_763_720_130_123, 42)
        #expect(stamp.description == "1763720130123:42")
        #expect(HLCTimestamp(stamp.description) == stamp)
    }
}
