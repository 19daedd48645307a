import GisementCommandLine
import GisementShared

/// `gisement set ID FIELD=VALUE [FIELD=VALUE ...]`: edits fields of any record.
struct SetCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "set", abstract: localized("help.set.abstract"),
            discussion: localized("help.set.discussion"),
            arguments: [
                ArgumentSpec("id", help: localized("help.arg.id")),
                ArgumentSpec("assignments", help: localized("help.set.assignments"), repeating: true),
            ],
            options: [RecordLocator.kindOption])
    }

    let id: String
    let kind: RecordKind?
    let assignments: [(field: String, text: String)]

    init(_ arguments: ParsedArguments) throws(CLIError) {
        id = arguments.positional(0) ?? ""
        kind = RecordLocator.kind(arguments)
        var assignments: [(field: String, text: String)] = []
        for word in arguments.positionals.dropFirst() {
            guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                throw arguments.usageError(localized("set.notAssignment", ["word": ShownValue.quoted(word)]))
            }
            let field = String(word[..<eq]).replacingOccurrences("-", with: "_")
            if assignments.contains(where: { $0.field == field }) {
                throw arguments.usageError(localized("set.twice", ["field": field]))
            }
            assignments.append((field, String(word[word.index(after: eq)...])))
        }
        if assignments.isEmpty { throw arguments.usageError(localized("parse.missingArgument", ["argument": "<assignments> ..."])) }
        self.assignments = assignments
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplicaForWriting()
        let record = try RecordLocator.find(id, kind: kind, store: store)
        let schema = Schema.of(record.kind)
        var resolver = ReferenceResolver(store: store)
        var fields = FieldList()
        var cleared: [(name: String, value: FieldValue)] = []
        for (field, text) in assignments {
            guard let spec = schema.field(field) else {
                throw CLIError.data(
                    localized(
                        "set.noSuchField",
                        ["kind": Vocabulary.kindName(record.kind), "field": field,
                         "fields": schema.fieldNames.joined(separator: ", ")]))
            }
            if record.kind == .participation, field == "test" || field == "partner" {
                throw CLIError.data(
                    localized("set.participationKey"))
            }
            if text.isEmpty, spec.isRequired {
                throw CLIError.data(localized("set.required", ["field": field]))
            }
            let value: FieldValue
            if case .reference(let target) = spec.type, !text.isEmpty {
                value = .text(try resolver.resolve(target, text, label: field).id)
            } else {
                do {
                    value = try spec.parse(text)
                } catch {
                    throw CLIError.data(
                        localized("parse.invalidFieldValue", ["value": ShownValue.quoted(text), "option": field, "reason": error.reason]))
                }
            }
            if record.fields[field] ?? .null == value { continue }
            if value.isNull { cleared.append((field, value)) } else { fields.add(field, value) }
        }
        let changes = fields.fields + cleared
        if !changes.isEmpty { try store.write(kind: record.kind, id: record.id, fields: changes) }
        let updated = try store.record(kind: record.kind, id: record.id) ?? record
        // A warning, not a refusal (contract 1.1): the figures may be entered in either order.
        if let warning = SchemaVersionMessages.jobsWarning(updated) { context.console.error(warning) }
        if record.kind == .collection, !changes.isEmpty { try context.warnIfImplausible(updated, store: store) }
        if context.isJSON {
            context.printJSON(updated.documentJSON)
        } else if changes.isEmpty {
            context.console.line(localized("set.nothing", ["kind": Vocabulary.kindName(record.kind), "id": record.id]))
        } else {
            context.console.line(
                localized(
                    "set.updated",
                    ["kind": Vocabulary.kindName(record.kind), "id": record.id,
                     "fields": changes.map(\.name).joined(separator: ", ")]))
        }
    }
}
