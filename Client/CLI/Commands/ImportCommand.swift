import GisementCommandLine
import GisementShared

/// `gisement import KIND FILE.csv [--overwrite]`: records from a spreadsheet, the whole file or nothing.
struct ImportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "import", abstract: localized("help.import.abstract"),
            discussion: localized("help.import.discussion"),
            arguments: [
                ArgumentSpec("kind", help: localized("help.import.kind")),
                ArgumentSpec("file", help: localized("help.import.file")),
            ],
            options: [
                OptionSpec("overwrite", help: localized("help.import.overwrite"))
            ])
    }

    let kind: RecordKind
    let file: String
    let overwrite: Bool

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        file = arguments.positional(1) ?? ""
        overwrite = arguments.flag("overwrite")
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let (text, dialect) = try SpreadsheetDialect.read(try FileSystem.read(file), file: file)
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.parse(text, separator: dialect.separator)
        } catch {
            throw CLIError.data(localized("import.malformed", ["file": file, "problem": error.description]))
        }
        let now = ZonedDateTime.utcString(epochSeconds: context.clock.now() / 1000)
        let totals = try CSVImportPipeline.run(
            kind: kind, file: file, now: now, rows: rows, store: store, clock: context.clock, overwrite: overwrite)
        if kind == .pilotTest {
            for test in try store.records(kind: .pilotTest) {
                if let warning = SchemaVersionMessages.jobsWarning(test, naming: true) { context.console.error(warning) }
            }
        }
        if context.isJSON {
            context.printJSON(.object([
                "kind": .string(kind.rawValue), "imported": .integer(Int64(totals.rows)),
                "created": .integer(Int64(totals.created)), "updated": .integer(Int64(totals.changed)),
                "unchanged": .integer(Int64(totals.unchanged)), "overwritten": .integer(Int64(totals.overwritten)),
            ]))
        } else {
            let total = totals.rows
            context.console.line(
                localized(
                    "import.done",
                    ["count": String(total), "kinds": Vocabulary.kindName(kind, plural: total != 1), "file": file,
                     "created": String(totals.created), "changed": String(totals.changed),
                     "unchanged": String(totals.unchanged)]))
            if totals.overwritten > 0 {
                context.console.line(
                    localized(totals.overwritten == 1 ? "import.overwrote.one" : "import.overwrote", ["count": String(totals.overwritten)]))
            }
        }
        for note in totals.notes { context.console.error(localized("warning.prefix") + note) }
    }
}
