import Glibc
import GisementCommandLine
import GisementShared

/// `gisement report [--test T | --district D] [--format text|csv|json|html] [--out FILE]`.
///
/// The figures come from Shared's ``ReportBuilder``, the same function the server's
/// `GET /v1/reports/tests/{id}` runs, so a synced replica and the server print the same JSON, byte for byte.
struct ReportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "report", abstract: localized("help.report.abstract"),
            discussion: localized("help.report.discussion"),
            options: [
                OptionSpec("test", value: "test", help: localized("help.report.test")),
                OptionSpec("district", value: "district", help: localized("help.report.district")),
                OptionSpec(
                    "format", value: "format", help: localized("help.opt.format"), allowedValues: ["text", "csv", "json", "html"],
                    default: "text"),
                OptionSpec("out", value: "file", help: localized("help.report.out")),
            ])
    }

    let test: String?
    let district: String?
    let format: String
    let out: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = arguments.string("test")
        district = arguments.string("district")
        format = arguments.string("format") ?? "text"
        out = arguments.string("out")
        if test != nil, district != nil {
            throw arguments.usageError(localized("report.testAndDistrict"))
        }
        if let out, out.isEmpty { throw arguments.usageError(localized("report.outEmpty")) }
        if let out, out.hasSuffix("/") || FileSystem.isDirectory(out) {
            throw arguments.usageError(localized("report.outIsFolder", ["path": out, "folder": out.hasSuffix("/") ? out : out + "/"]))
        }
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        var resolver = ReferenceResolver(store: store)
        let scope: ReportScope
        if let test {
            scope = .test(try resolver.resolve(.pilotTest, test, label: "--test").id)
        } else if let district {
            scope = .district(try resolver.resolve(.district, district, label: "--district").id)
        } else {
            scope = .all
        }
        let report: Report
        do {
            report = try ReportCommand.report(for: scope, from: store)
        } catch let error as ReportError {
            throw CLIError.data(error.description)
        }
        let format = context.isJSON ? "json" : self.format
        let text: String
        switch format {
        case "json": text = String(decoding: report.json(), as: UTF8.self) + "\n"
        case "csv": text = report.csv()
        case "html": text = report.html(generatedAt: LocalFormat.dateTime(Display.localTime(epochSeconds: context.clock.now() / 1000)))
        default: text = report.text()
        }
        if let out {
            try ReportCommand.writeAtomically(text, to: out)
            if !context.isJSON { context.console.error(localized("report.wrote", ["format": format, "path": out])) }
        } else {
            context.console.write(text)
        }
    }

    /// The report of `scope`: the small records it needs (see docs/indicators.md) loaded whole,
    /// then its collections streamed from the replica into the draft, never held in memory.
    /// - Throws: ``ReportError`` for an unknown or deleted test or district, ``SQLiteError``.
    static func report(for scope: ReportScope, from store: ReplicaStore) throws -> Report {
        var input = ReportInput()
        let everything = RecordFilter(includesDeleted: true)
        input.districts = try store.records(kind: .district, filter: everything)
        input.partners = try store.records(kind: .partner, filter: everything)
        switch scope {
        case .test(let id):
            input.tests = try store.record(kind: .pilotTest, id: id).map { [$0] } ?? []
        case .district(let id):
            input.tests = try store.records(kind: .pilotTest, filter: RecordFilter(district: id, includesDeleted: true))
        case .all:
            input.tests = try store.records(kind: .pilotTest, filter: everything)
        }
        let liveTests = input.tests.filter { !$0.isDeleted }
        if case .all = scope {
            input.participations = try store.records(kind: .participation)
            input.workshops = try store.records(kind: .workshop)
        } else {
            for test in liveTests {
                input.participations += try store.records(kind: .participation, filter: RecordFilter(test: test.id))
                input.workshops += try store.records(kind: .workshop, filter: RecordFilter(test: test.id))
            }
        }
        var draft = try ReportDraft(scope: scope, input: input)
        if case .all = scope {
            try store.addCollections(test: nil, to: &draft)
        } else {
            for test in liveTests { try store.addCollections(test: test.id, to: &draft) }
        }
        return draft.finish()
    }

    /// Writes through a temporary file and a rename, so a failed write never leaves half a report.
    /// The temporary file is created exclusively (``FileSystem/createExclusively(_:)``): a link
    /// planted at its predictable name is never followed.
    static func writeAtomically(_ text: String, to path: String) throws(CLIError) {
        let temporary = path + ".partial"
        let file = FileSystem.createExclusively(temporary)
        guard file >= 0 else {
            throw CLIError.failure(localized("report.cannotWrite", ["path": path, "reason": String(cString: strerror(errno))]))
        }
        let written = FileSystem.writeAll(Array(text.utf8), to: file)
        let closed = close(file)
        guard written, closed == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError.failure(localized("report.cannotWriteShort", ["path": path, "reason": reason]))
        }
    }
}
