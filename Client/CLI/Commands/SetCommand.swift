import GisementShared

/// `gisement set ID FIELD=VALUE [FIELD=VALUE ...]`: edits fields of any record.
struct SetCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "set", abstract: "Edit fields of any record.",
            discussion: """
                Values are read as the field's type: numbers (12.5), dates (2026-03-01), date-times
                (2026-03-14T10:15:00Z), one of the allowed values, or for a reference an id or exact
                name. 'field=' with nothing after '=' clears the field. Fields are the contract's
                names (weight_kg, outcome, target_reuse_rate…); see docs/cli.md.

                  gisement set c-5b1e0c7d-… outcome=repaired sold_items=1
                """,
            arguments: [
                ArgumentSpec("id", help: "The record's id."),
                ArgumentSpec("assignments", help: "FIELD=VALUE pairs.", repeating: true),
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
                throw arguments.usageError("'\(word)' is not FIELD=VALUE; write e.g. outcome=reused or notes= to clear.")
            }
            let field = String(word[..<eq]).replacingOccurrences("-", with: "_")
            if assignments.contains(where: { $0.field == field }) {
                throw arguments.usageError("The field \(field) is given twice; give it once.")
            }
            assignments.append((field, String(word[word.index(after: eq)...])))
        }
        if assignments.isEmpty { throw arguments.usageError("Missing expected argument '<assignments> ...'.") }
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
                    "A \(record.kind) has no field '\(field)'; its fields are \(schema.fieldNames.joined(separator: ", ")).")
            }
            if record.kind == .participation, field == "test" || field == "partner" {
                throw CLIError.data(
                    "A participation's test and partner make its id; remove it ('gisement rm') and add another instead.")
            }
            if text.isEmpty, spec.isRequired {
                throw CLIError.data("The field \(field) is required; it cannot be cleared.")
            }
            let value: FieldValue
            if case .reference(let target) = spec.type, !text.isEmpty {
                value = .text(try resolver.resolve(target, text, label: field).id)
            } else {
                do {
                    value = try spec.parse(text)
                } catch {
                    throw CLIError.data("Invalid value '\(text)' for \(field): \(error.reason).")
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
        if context.isJSON {
            context.printJSON(updated.documentJSON)
        } else if changes.isEmpty {
            context.console.line("Nothing to change: \(record.kind) \(record.id) already has these values.")
        } else {
            context.console.line("Updated \(record.kind) \(record.id): " + changes.map(\.name).joined(separator: ", ") + ".")
        }
    }
}
