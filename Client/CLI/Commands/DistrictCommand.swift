import GisementCommandLine
import GisementShared

/// `gisement district add|list`.
struct DistrictCommand: CLICommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "district", abstract: localized("help.district.abstract"),
            subcommands: [DistrictAddCommand.self, DistrictListCommand.self])
    }
}

/// `gisement district add NAME [--commune C] [--code C] [--population N] [--habitat H]`.
struct DistrictAddCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.district
        return CommandConfiguration(
            name: "add", abstract: localized("help.districtAdd.abstract"),
            discussion: localized("help.districtAdd.discussion"),
            arguments: [ArgumentSpec("name", help: localized("help.districtAdd.name"))],
            options: [
                .field("commune", schema, "commune", value: "commune"),
                .field("code", schema, "code", value: "code"),
                .field("population", schema, "population", value: "n", help: localized("help.districtAdd.population")),
                .field("habitat", schema, "habitat", value: "habitat", help: localized("help.districtAdd.habitat")),
                RecordCommands.allowSameNameOption(.district),
            ])
    }

    let fields: FieldList
    let name: String
    let allowsSameName: Bool

    init(_ arguments: ParsedArguments) throws(CLIError) {
        var fields = FieldList()
        name = arguments.positional(0) ?? ""
        allowsSameName = arguments.flag("allow-same-name")
        fields.add("name", try RecordCommands.name(arguments))
        fields.add("commune", try arguments.fieldValue("commune"))
        fields.add("code", try arguments.fieldValue("code"))
        fields.add("population", try arguments.fieldValue("population"))
        fields.add("habitat", try arguments.fieldValue("habitat"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        if !allowsSameName { try RecordCommands.refuseSameName(.district, name, store: store) }
        let id = try store.create(kind: .district, fields: fields.fields)
        context.printCreated(id, kind: .district)
    }
}

/// `gisement district list`.
struct DistrictListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: localized("help.districtList.abstract"),
            discussion: "  gisement district list --json")
    }

    init(_ arguments: ParsedArguments) throws(CLIError) {}

    func run(_ context: CommandContext) throws {
        try RecordCommands.list(.district, filter: .all, context: context)
    }
}

/// Helpers the record commands share.
enum RecordCommands {
    /// The NAME argument checked as a `name` field (1 to 2,000 characters).
    static func name(_ arguments: ParsedArguments) throws(CLIError) -> FieldValue {
        let name = arguments.positional(0) ?? ""
        guard !name.trimmingSpaces.isEmpty else { throw arguments.usageError(localized("name.empty")) }
        guard name.count <= FieldSpec.maxTextLength else {
            throw arguments.usageError(localized("name.tooLong", ["maximum": String(FieldSpec.maxTextLength), "count": String(name.count)]))
        }
        return .text(name)
    }

    /// `--allow-same-name`, for the commands that refuse a name a live record of the kind already has.
    static func allowSameNameOption(_ kind: RecordKind) -> OptionSpec {
        OptionSpec("allow-same-name", help: localized("help.opt.allowSameName", ["kinds": Vocabulary.kindName(kind, plural: true)]))
    }

    /// Refuses (exit 65, naming it) a name a live record of `kind` already has: a second record of
    /// that name would make every later reference by name ambiguous.
    static func refuseSameName(_ kind: RecordKind, _ name: String, store: ReplicaStore) throws {
        guard let existing = try store.records(kind: kind, named: name).first else { return }
        throw CLIError.data(
            localized("name.taken", ["kind": Vocabulary.kindName(kind), "name": name, "id": existing.id]))
    }

    /// Prints the records of a kind as a table (or JSON).
    static func list(
        _ kind: RecordKind, filter: RecordFilter, context: CommandContext, where matches: (Record) -> Bool = { _ in true }
    ) throws {
        let store = try context.openReplica()
        if context.isJSON {
            var items: [JSONValue] = []
            try store.forEachRecord(kind: kind, filter: filter) { if matches($0) { items.append($0.flatJSON) } }
            context.printJSON(.array(items))
            return
        }
        var table = RecordTable(kind: kind, store: store)
        try store.forEachRecord(kind: kind, filter: filter) { if matches($0) { try table.append($0) } }
        table.table.write(to: context.console, emptyMessage: localized("list.empty", ["kinds": Vocabulary.kindName(kind, plural: true)]))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Foundation-free).
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
