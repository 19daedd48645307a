import GisementShared

/// `gisement log --test T --category C [...]`: logs one collection.
struct LogCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.collection
        return CommandConfiguration(
            name: "log", abstract: "Log a collection and print its id.",
            discussion: """
                Works offline: the collection waits in the replica until the next
                'gisement sync'. The district defaults to the test's, the time to now, the agent
                to the name given to 'gisement init', items to 1 and the outcome to pending (set
                after triage).

                  gisement log --test "Bellevue spring" --category electrical --item phone \\
                    --kg 0.2 --source door-to-door --condition repairable
                """,
            options: [
                OptionSpec("test", value: "test", help: "The collection test (id or exact name).", required: true),
                .field("category", schema, "category", value: "category", help: "Product category.", required: true),
                OptionSpec("district", value: "district", help: "The district (id or exact name); defaults to the test's."),
                .field("item", schema, "item", value: "item", help: "What it is, e.g. bike, phone, laptop."),
                .field("items", schema, "items", value: "n", help: "Number of items."),
                .field("kg", schema, "weight_kg", value: "kg", help: "Weight in kilograms, e.g. 12.5."),
                .field("source", schema, "source", value: "source", help: "Source of supply."),
                OptionSpec("partner", value: "partner", help: "The supplying partner (id or exact name)."),
                .field("condition", schema, "condition", value: "condition", help: "Condition at collection."),
                .field("outcome", schema, "outcome", value: "outcome", help: "Outcome after triage."),
                OptionSpec(
                    "at", value: "datetime",
                    help: "When, as 2026-11-21T10:15:30Z or local 2026-11-21 11:15.", default: "now"),
                .field("notes", schema, "notes", value: "notes", help: "Free notes."),
            ])
    }

    let test: String
    let district: String?
    let partner: String?
    let collectedAt: String?
    let fields: FieldList

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = try arguments.required("test")
        district = arguments.string("district")
        partner = arguments.string("partner")
        if let at = arguments.values["at"] {
            guard let parsed = LocalDateTime.parse(at) else {
                throw arguments.usageError(
                    "Invalid value '\(at)' for --at; write it like 2026-11-21T10:15:30Z or 2026-11-21 11:15 (local time).")
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
        all.add("collected_at", .text(collectedAt ?? now))
        all.add("partner", partnerID.map(FieldValue.text))
        for field in fields.fields { all.add(field.name, field.value) }
        let given = Set(all.fields.map(\.name))
        for spec in Schema.collection.fields where !given.contains(spec.name) {
            all.add(spec.name, spec.defaultValue)
        }
        if let agent = try store.agent() { all.add("agent", .text(agent)) }
        let id = try store.create(kind: .collection, fields: all.fields)
        context.printCreated(id, kind: .collection)
    }
}
