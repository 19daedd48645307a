import GisementCommandLine
import GisementShared

/// `gisement log --test T --category C [...]`: logs one collection.
struct LogCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.collection
        return CommandConfiguration(
            name: "log", abstract: localized("help.log.abstract"),
            discussion: localized("help.log.discussion"),
            options: [
                OptionSpec("test", value: "test", help: localized("help.log.test"), required: true),
                .field("category", schema, "category", value: "category", help: localized("help.log.category"), required: true),
                OptionSpec("district", value: "district", help: localized("help.log.district")),
                .field("item", schema, "item", value: "item", help: localized("help.log.item")),
                .field("items", schema, "items", value: "n", help: localized("help.log.items")),
                .field("kg", schema, "weight_kg", value: "kg", help: localized("help.log.kg")),
                .field("source", schema, "source", value: "source", help: localized("help.log.source")),
                OptionSpec("partner", value: "partner", help: localized("help.log.partner")),
                .field("condition", schema, "condition", value: "condition", help: localized("help.log.condition")),
                .field("outcome", schema, "outcome", value: "outcome", help: localized("help.log.outcome")),
                OptionSpec(
                    "at", value: "datetime",
                    help: localized("help.log.at"), default: localized("help.log.at.now")),
                .field("notes", schema, "notes", value: "notes", help: localized("help.log.notes")),
            ])
    }

    let test: String
    let district: String?
    let partner: String?
    let collectedAt: LocalDateTime.Reading?
    let fields: FieldList

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = try arguments.required("test")
        district = arguments.string("district")
        partner = arguments.string("partner")
        if let at = arguments.values["at"] {
            guard let parsed = LocalDateTime.read(at) else {
                throw arguments.usageError(localized("log.badAt", ["value": ShownValue.quoted(at)]))
            }
            collectedAt = parsed
        } else {
            collectedAt = nil
        }
        var fields = FieldList()
        fields.add("category", try arguments.fieldValue("category"))
        fields.add("source", try arguments.fieldValue("source"))
        fields.add("item", try arguments.fieldValue("item"))
        fields.add("items", try arguments.fieldValue("items"))
        fields.add("weight_kg", try arguments.fieldValue("kg"))
        fields.add("condition", try arguments.fieldValue("condition"))
        fields.add("outcome", try arguments.fieldValue("outcome"))
        fields.add("notes", try arguments.fieldValue("notes"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplicaForWriting()
        var resolver = ReferenceResolver(store: store)
        let test = try resolver.resolve(.pilotTest, test, label: "--test")
        var districtID = test.text("district")
        if let district { districtID = try resolver.resolve(.district, district, label: "--district").id }
        let partnerID = try partner.map { text throws(CLIError) in try resolver.resolve(.partner, text, label: "--partner").id }
        let now = ZonedDateTime.utcString(epochSeconds: context.clock.now() / 1000)
        var all = FieldList()
        all.add("test", .text(test.id))
        all.add("district", districtID.map(FieldValue.text))
        if let note = collectedAt?.note { context.console.error(localized("warning.prefix") + note) }
        all.add("collected_at", .text(collectedAt?.value ?? now))
        all.add("partner", partnerID.map(FieldValue.text))
        for field in fields.fields { all.add(field.name, field.value) }
        let given = Set(all.fields.map(\.name))
        for spec in Schema.collection.fields where !given.contains(spec.name) {
            all.add(spec.name, spec.defaultValue)
        }
        if let agent = try store.agent() { all.add("agent", .text(agent)) }
        let id = try store.create(kind: .collection, fields: all.fields)
        context.printCreated(id, kind: .collection)
        if let created = try store.record(kind: .collection, id: id) { try context.warnIfImplausible(created, store: store) }
    }
}
