import GisementShared

/// `gisement import KIND FILE.csv [--overwrite]`: records from a spreadsheet, the whole file or nothing.
struct ImportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "import", abstract: "Read records of a kind from a CSV file: the whole file or nothing.",
            discussion: """
                The first row names the fields (as 'gisement export' writes them); an id column is
                optional: a known id updates that record, other rows make new records. References
                (test, district, partner) take ids or exact names. Cells equal to the current values
                write nothing. Every row is checked first, then everything is written in one
                transaction.

                A sheet from 'gisement export' has a _clock column: a cell that would undo an edit
                made after the export (here or pulled from another replica) stops the import, which
                lists those cells; --overwrite writes them anyway.

                  gisement import collections week12.csv
                """,
            arguments: [
                ArgumentSpec("kind", help: "The kind of record in the file."),
                ArgumentSpec("file", help: "The CSV file."),
            ],
            options: [
                OptionSpec("overwrite", help: "Write cells that would undo an edit made since the export.")
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
        let bytes = try FileSystem.read(file)
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.parse(bytes)
        } catch {
            throw CLIError.data("\(file), \(error.description); fix the file and import it again.")
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
                "Imported \(total) \(total == 1 ? kind.rawValue : kind.plural) from \(file) "
                    + "(\(totals.created) new, \(totals.changed) changed, \(totals.unchanged) unchanged).")
            if totals.overwritten > 0 {
                let cells = totals.overwritten == 1 ? "1 cell overwrote an edit" : "\(totals.overwritten) cells overwrote edits"
                context.console.line("\(cells) made since the sheet was exported (--overwrite).")
            }
        }
    }
}
