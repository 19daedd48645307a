import GisementCommandLine
import GisementShared

/// The filters `list collections` and `export collections` take besides test and district:
/// `--category`, `--agent` and a date range `--from`/`--to` (local days, both included, written
/// `2026-03-21` or `21/03/2026`), as coordinators used to ODK or Kobo expect.
struct CollectionFilter {
    var category: String?
    var agent: String?
    var from: CivilDate?
    var to: CivilDate?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        category = arguments.string("category")
        agent = arguments.string("agent")
        from = try CollectionFilter.date(arguments, "from")
        to = try CollectionFilter.date(arguments, "to")
        if let from, let to, to < from {
            throw arguments.usageError(
                localized("filter.toBeforeFrom", ["to": LocalFormat.date(to.description), "from": LocalFormat.date(from.description)]))
        }
    }

    private static func date(_ arguments: ParsedArguments, _ name: String) throws(CLIError) -> CivilDate? {
        guard let text = arguments.string(name) else { return nil }
        guard let date = LocalDate.parse(text) else {
            throw arguments.usageError(localized("filter.badDate", ["value": ShownValue.quoted(text), "option": "--" + name]))
        }
        return date
    }

    /// Whether any of these filters was given.
    var isActive: Bool { category != nil || agent != nil || from != nil || to != nil }

    /// Whether a collection passes the filters; the date is the local day it was collected.
    func matches(_ record: Record) -> Bool {
        if let category, record.text("category") != category { return false }
        if let agent, record.text("agent") != agent { return false }
        if from != nil || to != nil {
            guard let at = record.text("collected_at").flatMap(ZonedDateTime.init),
                let day = CivilDate(String(Display.localTime(epochSeconds: at.epochSeconds).prefix(10)))
            else { return false }
            if let from, day < from { return false }
            if let to, to < day { return false }
        }
        return true
    }
}
