import GisementShared
import Testing

struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017),
        ("2026-11-21", 20_778), ("2028-02-29", 21_243), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896),
    ])
    func daysSinceEpoch_matchesHandWorkedValues(text: String, days: Int) throws {
        let date = try #require(CivilDate(text))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
        #expect(date.description == text)
    }

    @Test func dayArithmetic_roundTrips_overFourHundredYears() {
        let start = CivilDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        var previous = CivilDate(daysSinceEpoch: start - 1)
        for day in start..<(start + 146_097) {
            let date = CivilDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            #expect(previous < date)
            previous = date
            if date.day == 1 && date.month == 3 {
                // The day before 1 March is 28 or 29 February, as the leap rule says.
                let before = CivilDate(daysSinceEpoch: day - 1)
                #expect(before.day == (CivilDate.isLeap(date.year) ? 29 : 28))
            }
        }
    }

    @Test(arguments: [
        "2026-02-29", "2100-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00", "0000-01-01",
        "26-01-01", "2026/01/01", "2026-1-1", " 2026-01-01", "2026-01-01 ", "", "2026-01-0a", "+026-01-01",
    ])
    func parse_rejects(text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test func leapYears_followTheGregorianRule() {
        #expect(CivilDate.isLeap(2028) && CivilDate.isLeap(2000) && CivilDate.isLeap(2400))
        #expect(!CivilDate.isLeap(2026) && !CivilDate.isLeap(1900) && !CivilDate.isLeap(2100))
        #expect(CivilDate("2028-02-29") != nil)
        #expect(CivilDate("2026-02-29") == nil)
    }
}

struct ZonedDateTimeTests {
    @Test(arguments: [
        ("2026-11-21T10:15:30Z", Int64(1_795_256_130), 0),
        ("2026-11-21T11:15:30+01:00", 1_795_256_130, 60),
        ("2026-11-21T05:45:30-04:30", 1_795_256_130, -270),
        ("2026-11-21T10:15:30.999Z", 1_795_256_130, 0),
        ("2026-11-21 10:15:30z", 1_795_256_130, 0),
        ("2026-11-22T00:15:30+14:00", 1_795_256_130, 840),
        ("1970-01-01T00:00:00Z", 0, 0),
        ("1969-12-31T23:59:59Z", -1, 0),
        ("2028-02-29T23:30:00-01:00", 1_835_483_400, -60),
    ])
    func parse_givesTheInstant_andTheOffset(text: String, epoch: Int64, offset: Int) throws {
        let value = try #require(ZonedDateTime(text))
        #expect(value.epochSeconds == epoch)
        #expect(value.offsetMinutes == offset)
    }

    @Test(arguments: [
        "2026-11-21T10:15:30", "2026-11-21T10:15", "2026-11-21", "2026-11-21T25:00:00Z", "2026-11-21T10:60:00Z",
        "2026-11-21T10:15:30+0100", "2026-11-21T10:15:30+01", "2026-11-21T10:15:30Zjunk", "2026-11-21T10:15:30.Z",
        "2026-02-29T10:15:30Z", "2026-11-21X10:15:30Z", "", "2026-11-21T10:15:30+24:00",
    ])
    func parse_rejects(text: String) {
        #expect(ZonedDateTime(text) == nil)
    }

    @Test func utcString_formatsTheInstant() {
        #expect(ZonedDateTime.utcString(epochSeconds: 1_795_256_130) == "2026-11-21T10:15:30Z")
        #expect(ZonedDateTime.utcString(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(ZonedDateTime.utcString(epochSeconds: -1) == "1969-12-31T23:59:59Z")
        let parsed = ZonedDateTime("2026-11-21T11:15:30+01:00")!
        #expect(ZonedDateTime.utcString(epochSeconds: parsed.epochSeconds) == "2026-11-21T10:15:30Z")
    }

    @Test func order_followsTheInstant_notTheText() {
        let paris = ZonedDateTime("2026-11-21T11:00:00+01:00")!
        let utc = ZonedDateTime("2026-11-21T10:30:00Z")!
        #expect(paris < utc)
    }
}
