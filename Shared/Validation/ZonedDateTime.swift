/// An ISO 8601 date-time with a zone: `2026-11-21T10:15:30Z`, `2026-11-21T11:15:30.250+01:00`.
///
/// Gisement keeps the text a user gave; this type checks it and gives the instant it names.
public struct ZonedDateTime: Hashable, Sendable, Comparable {
    /// The local calendar date as written.
    public var date: CivilDate
    /// Seconds since 1970-01-01T00:00:00Z (fraction dropped).
    public var epochSeconds: Int64
    /// The zone offset as written, in minutes east of UTC.
    public var offsetMinutes: Int

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. A space instead of `T` is accepted;
    /// a missing zone is not (the instant would be ambiguous).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, let date = CivilDate(String(decoding: b[0..<10], as: UTF8.self)),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hh = CivilDate.digits(b, 11, 2), let mm = CivilDate.digits(b, 14, 2),
            let ss = CivilDate.digits(b, 17, 2), hh < 24, mm < 60, ss < 61
        else { return nil }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > start, i - start <= 9 else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                let oh = CivilDate.digits(b, i + 1, 2), let om = CivilDate.digits(b, i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = sign * (oh * 60 + om)
        } else {
            return nil
        }
        self.date = date
        self.offsetMinutes = offset
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hh * 3600 + mm * 60 + min(ss, 59))
        self.epochSeconds = local - Int64(offset * 60)
    }

    /// Formats an instant as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func utcString(epochSeconds: Int64) -> String {
        let days = Int(epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400)
        let secs = Int(epochSeconds - Int64(days) * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(date)T\(pad(secs / 3600)):\(pad(secs / 60 % 60)):\(pad(secs % 60))Z"
    }

    public static func < (lhs: ZonedDateTime, rhs: ZonedDateTime) -> Bool { lhs.epochSeconds < rhs.epochSeconds }
}
