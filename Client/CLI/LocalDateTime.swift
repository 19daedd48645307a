#if canImport(Glibc)
import Glibc
#endif
import GisementShared

/// Reads the date-times people type for `--at`: ISO 8601 with a zone (kept as typed), or a local
/// `YYYY-MM-DD HH:MM[:SS]` (also with `T`), which is turned into UTC with the process's time zone.
enum LocalDateTime {
    /// The date-time to store, or nil when `text` is neither form.
    static func parse(_ text: String) -> String? {
        if ZonedDateTime(text) != nil { return text }
        let bytes = Array(text.utf8)
        guard bytes.count == 16 || bytes.count == 19,
            let date = CivilDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            let hour = digits(bytes, 11), let minute = digits(bytes, 14), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if bytes.count == 19 {
            guard bytes[16] == UInt8(ascii: ":"), let s = digits(bytes, 17), s < 60 else { return nil }
            second = s
        }
        var parts = tm()
        parts.tm_year = Int32(date.year - 1900)
        parts.tm_mon = Int32(date.month - 1)
        parts.tm_mday = Int32(date.day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        guard seconds != -1 else { return nil }
        return ZonedDateTime.utcString(epochSeconds: Int64(seconds))
    }

    private static func digits(_ bytes: [UInt8], _ start: Int) -> Int? {
        let a = bytes[start]
        let b = bytes[start + 1]
        let zero = UInt8(ascii: "0")
        let nine = UInt8(ascii: "9")
        guard (zero...nine).contains(a), (zero...nine).contains(b) else { return nil }
        return Int(a - zero) * 10 + Int(b - zero)
    }
}
