#if canImport(Glibc)
import Glibc
#endif
import GisementShared

/// Reads the dates and date-times people type or spreadsheets write, for `--at`, `set`, filters
/// and `import`: ISO 8601 with a zone (kept as typed), or a local time in the process's time zone,
/// `2026-03-21 10:00[:SS]` (also with `T`) or the French `21/03/2026 10:00[:SS]`.
///
/// A local time the clock skipped (the spring change: 02:30 does not exist in Paris on the last
/// Sunday of March) is read as the time before the change, which the clock shows an hour later;
/// a local time the clock showed twice (the autumn change) is read as its first occurrence. Both
/// are said (``Reading/note``), never silently guessed.
enum LocalDateTime {
    /// A date-time read from text: the UTC value to store and, when the local time was skipped or
    /// repeated by a clock change, a sentence that says how it was read.
    struct Reading: Equatable {
        var value: String
        var note: String?
    }

    /// The date-time to store, or nil when `text` is none of the forms.
    static func parse(_ text: String) -> String? { read(text)?.value }

    /// The date-time to store with its clock-change note, or nil when `text` is none of the forms.
    static func read(_ text: String) -> Reading? {
        if ZonedDateTime(text) != nil { return Reading(value: text) }
        let trimmed = String(text.trimmingSpaces)
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "T" }) else { return nil }
        guard let date = LocalDate.parse(String(trimmed[..<space])) else { return nil }
        let clock = trimmed[trimmed.index(after: space)...].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3,
            let hour = number(clock[0], digits: 1...2), let minute = number(clock[1], digits: 2...2), hour < 24,
            minute < 60
        else { return nil }
        var second = 0
        if clock.count == 3 {
            guard let s = number(clock[2], digits: 2...2), s < 60 else { return nil }
            second = s
        }
        return resolve(date: date, hour: hour, minute: minute, second: second, typed: trimmed)
    }

    /// The instant of a local wall time, with the clock-change cases found by trying it as
    /// standard time and as summer time and keeping the readings that show that wall time again.
    private static func resolve(date: CivilDate, hour: Int, minute: Int, second: Int, typed: String) -> Reading? {
        func instant(isDST: Int32) -> Int64? {
            var parts = tm()
            parts.tm_year = Int32(date.year - 1900)
            parts.tm_mon = Int32(date.month - 1)
            parts.tm_mday = Int32(date.day)
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            parts.tm_isdst = isDST
            let seconds = mktime(&parts)
            return seconds == -1 ? nil : Int64(seconds)
        }
        func showsTheTypedTime(_ seconds: Int64) -> Bool {
            var t = time_t(seconds)
            var parts = tm()
            guard localtime_r(&t, &parts) != nil else { return false }
            return Int(parts.tm_year) + 1900 == date.year && Int(parts.tm_mon) + 1 == date.month
                && Int(parts.tm_mday) == date.day && Int(parts.tm_hour) == hour && Int(parts.tm_min) == minute
        }
        let candidates = Set([instant(isDST: 0), instant(isDST: 1)].compactMap { $0 }).filter(showsTheTypedTime).sorted()
        if let first = candidates.first {
            let note = candidates.count > 1
                ? localized("time.overlap", ["typed": typed, "utc": ZonedDateTime.utcString(epochSeconds: first)]) : nil
            return Reading(value: ZonedDateTime.utcString(epochSeconds: first), note: note)
        }
        guard let skipped = instant(isDST: 0) ?? instant(isDST: -1) else { return nil }
        let shown = LocalFormat.dateTime(Display.localTime(epochSeconds: skipped))
        return Reading(
            value: ZonedDateTime.utcString(epochSeconds: skipped),
            note: localized("time.gap", ["typed": typed, "shown": shown]))
    }

    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

/// Reads a calendar date as people and spreadsheets write it: `2026-03-21` or `21/03/2026`
/// (also `21/3/2026`).
enum LocalDate {
    static func parse(_ text: String) -> CivilDate? {
        if let date = CivilDate(text) { return date }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
