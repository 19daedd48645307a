import GisementShared

/// `gisement import KIND FILE.csv`: records from a spreadsheet, the whole file or nothing.
struct ImportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "import", abstract: "Read records of a kind from a CSV file: the whole file or nothing.",
            discussion: """
                The first row names the fields (as 'gisement export' writes them); an id column is
                optional: a known id updates that record, other rows make new records. References
                (test, district, partner) take ids or exact names. Every row is checked first, then
                everything is written in one transaction.

                  gisement import collections week12.csv
                """,
            arguments: [
                ArgumentSpec("kind", help: "The kind of record in the file."),
                ArgumentSpec("file", help: "The CSV file."),
            ])
    }

    let kind: RecordKind
    let file: String

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        file = arguments.positional(1) ?? ""
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
        let plan = try CSVImportPipeline.run(
            kind: kind, file: file, now: now, rows: rows, store: store, clock: context.clock)
        let total = plan.created + plan.updated
        if context.isJSON {
            context.printJSON(.object([
                "kind": .string(kind.rawValue), "imported": .integer(Int64(total)),
                "created": .integer(Int64(plan.created)), "updated": .integer(Int64(plan.updated)),
            ]))
        } else {
            context.console.line(
                "Imported \(total) \(total == 1 ? kind.rawValue : kind.plural) from \(file) "
                    + "(\(plan.created) new, \(plan.updated) updated).")
        }
    }
}
