import GisementCommandLine
import GisementShared

/// `gisement export KIND [--format csv|json] [--excel] [--test T] [--district D]`: the records of a
/// kind, for spreadsheets and scripts.
struct ExportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "export", abstract: localized("help.export.abstract"),
            discussion: localized("help.export.discussion"),
            arguments: [ArgumentSpec("kind", help: localized("help.export.kind"))],
            options: [
                OptionSpec(
                    "format", value: "format", help: localized("help.opt.format"), allowedValues: ["csv", "json"],
                    default: "csv"),
                OptionSpec("excel", help: localized("help.export.excel")),
                OptionSpec("test", value: "test", help: localized("help.list.test")),
                OptionSpec("district", value: "district", help: localized("help.list.district")),
            ],
            acceptsJSON: false)
    }

    let kind: RecordKind
    let format: String
    let isExcel: Bool
    let test: String?
    let district: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        format = arguments.string("format") ?? "csv"
        isExcel = arguments.flag("excel")
        test = arguments.string("test")
        district = arguments.string("district")
        if isExcel, format == "json" { throw arguments.usageError(localized("export.excelJSON")) }
        let schema = Schema.of(kind)
        if test != nil, schema.field("test") == nil {
            throw arguments.usageError(
                localized("list.testNotApplicable", ["kinds": Vocabulary.kindName(kind, plural: true)]))
        }
        if district != nil, schema.field("district") == nil {
            throw arguments.usageError(
                localized("list.districtNotApplicable", ["kinds": Vocabulary.kindName(kind, plural: true)]))
        }
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        var filter = RecordFilter()
        if test != nil || district != nil {
            var resolver = ReferenceResolver(store: store)
            if let test { filter.test = try resolver.resolve(.pilotTest, test, label: "--test").id }
            if let district { filter.district = try resolver.resolve(.district, district, label: "--district").id }
        }
        let fields = Schema.of(kind).fields.filter { $0.name != Schema.deletedField }
        if format == "json" || context.isJSON {
            var items: [JSONValue] = []
            try store.forEachRecord(kind: kind, filter: filter) { items.append($0.flatJSON) }
            context.printJSON(.array(items))
            return
        }
        // A removed record that an exported one still refers to is exported too, marked deleted,
        // so that importing every kind into a fresh replica finds what each reference names.
        let referencedRemoved = try store.removedButReferenced(kind)
        let clocks = try store.recordClocks(kind)
        let separator: Character = isExcel ? ";" : ","
        // Excel opens a UTF-8 file right only when it starts with a byte order mark.
        if isExcel { context.console.write("\u{FEFF}") }
        var header = CSVWriter(separator: separator)
        header.append(["id"] + fields.map(\.name) + [Schema.deletedField, SheetClock.column])
        context.console.write(header.text)
        filter.includesDeleted = !referencedRemoved.isEmpty
        try store.forEachRecord(kind: kind, filter: filter) { record in
            if record.isDeleted, !referencedRemoved.contains(record.id) { return }
            var row = CSVWriter(separator: separator)
            row.append(
                [record.id] + fields.map { field in
                    guard let value = record[field.name] else { return "" }
                    if case .text(let text) = value, field.type == .text { return SpreadsheetGuard.guarded(text) }
                    // French Excel reads `12,5` as a number and `12.5` as text (or a date).
                    if isExcel, case .decimal = value { return value.description.replacingOccurrences(".", with: ",") }
                    return value.description
                }
                    + [record.isDeleted ? "true" : "", SheetClock.text(clocks[record.id] ?? VectorClock())])
            context.console.write(row.text)
        }
    }
}
