import GisementCommandLine
import GisementShared

/// `gisement test create|list|show|add-partner`.
struct TestCommand: CLICommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "test", abstract: localized("help.test.abstract"),
            subcommands: [TestCreateCommand.self, TestListCommand.self, TestShowCommand.self, TestAddPartnerCommand.self])
    }
}

/// `gisement test create NAME --district D [--starts DATE] [--ends DATE] [--target-kg X] [--target-items N]
/// [--target-reuse-rate R]`.
struct TestCreateCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.pilotTest
        return CommandConfiguration(
            name: "create", abstract: localized("help.testCreate.abstract"),
            discussion: localized("help.testCreate.discussion"),
            arguments: [ArgumentSpec("name", help: localized("help.testCreate.name"))],
            options: [
                OptionSpec("district", value: "district", help: localized("help.opt.district"), required: true),
                .field("starts", schema, "starts_on", value: "date", help: localized("help.testCreate.starts")),
                .field("ends", schema, "ends_on", value: "date", help: localized("help.testCreate.ends")),
                .field("target-kg", schema, "target_kg", value: "kg", help: localized("help.testCreate.targetKg")),
                .field("target-items", schema, "target_items", value: "n", help: localized("help.testCreate.targetItems")),
                .field("target-reuse-rate", schema, "target_reuse_rate", value: "rate",
                       help: localized("help.testCreate.targetReuseRate")),
                RecordCommands.allowSameNameOption(.pilotTest),
            ])
    }

    let name: FieldValue
    let district: String
    let fields: FieldList
    let allowsSameName: Bool

    init(_ arguments: ParsedArguments) throws(CLIError) {
        name = try RecordCommands.name(arguments)
        allowsSameName = arguments.flag("allow-same-name")
        district = try arguments.required("district")
        var fields = FieldList()
        let starts = try arguments.fieldValue("starts")
        let ends = try arguments.fieldValue("ends")
        if let s = starts?.textValue.flatMap(CivilDate.init), let e = ends?.textValue.flatMap(CivilDate.init), e < s {
            throw arguments.usageError(localized("test.endsBeforeStarts", ["ends": LocalFormat.date(e.description), "starts": LocalFormat.date(s.description)]))
        }
        fields.add("starts_on", starts)
        fields.add("ends_on", ends)
        fields.add("status", Schema.pilotTest.field("status")?.defaultValue)
        fields.add("target_kg", try arguments.fieldValue("target-kg"))
        fields.add("target_items", try arguments.fieldValue("target-items"))
        fields.add("target_reuse_rate", try arguments.fieldValue("target-reuse-rate"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        var resolver = ReferenceResolver(store: store)
        let district = try resolver.resolve(.district, district, label: "--district")
        if !allowsSameName, let text = name.textValue { try RecordCommands.refuseSameName(.pilotTest, text, store: store) }
        let all = [("name", name), ("district", FieldValue.text(district.id))] + fields.fields
        let id = try store.create(kind: .pilotTest, fields: all)
        context.printCreated(id, kind: .pilotTest)
    }
}

/// `gisement test list [--district D]`.
struct TestListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: localized("help.testList.abstract"),
            discussion: "  gisement test list --district Bellevue",
            options: [OptionSpec("district", value: "district", help: localized("help.testList.district"))])
    }

    let district: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        district = arguments.string("district")
    }

    func run(_ context: CommandContext) throws {
        var filter = RecordFilter()
        if let district {
            var resolver = ReferenceResolver(store: try context.openReplica())
            filter.district = try resolver.resolve(.district, district, label: "--district").id
        }
        try RecordCommands.list(.pilotTest, filter: filter, context: context)
    }
}

/// `gisement test add-partner TEST PARTNER [--role R]`.
struct TestAddPartnerCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "add-partner", abstract: localized("help.testAddPartner.abstract"),
            discussion: localized("help.testAddPartner.discussion"),
            arguments: [
                ArgumentSpec("test", help: localized("help.arg.test")),
                ArgumentSpec("partner", help: localized("help.arg.partner")),
            ],
            options: [.field("role", Schema.participation, "role", value: "role", help: localized("help.testAddPartner.role"))])
    }

    let test: String
    let partner: String
    let role: FieldValue?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = arguments.positional(0) ?? ""
        partner = arguments.positional(1) ?? ""
        role = try arguments.fieldValue("role")
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        var resolver = ReferenceResolver(store: store)
        let test = try resolver.resolve(.pilotTest, test, label: "<test>")
        let partner = try resolver.resolve(.partner, partner, label: "<partner>")
        let id = Schema.participationID(test: test.id, partner: partner.id)
        let existing = try store.record(kind: .participation, id: id)
        var fields = FieldList()
        if existing == nil || existing?.text("test") != test.id { fields.add("test", .text(test.id)) }
        if existing == nil || existing?.text("partner") != partner.id { fields.add("partner", .text(partner.id)) }
        if let role, existing?["role"] != role { fields.add("role", role) }
        if existing?.isDeleted == true { fields.add(Schema.deletedField, .bool(false)) }
        if !fields.fields.isEmpty {
            try store.write(kind: .participation, id: id, fields: fields.fields, isNew: existing == nil)
        }
        context.printCreated(id, kind: .participation)
    }
}

/// `gisement test show T`.
struct TestShowCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "show", abstract: localized("help.testShow.abstract"),
            discussion: "  gisement test show \"Bellevue spring\"",
            arguments: [ArgumentSpec("test", help: localized("help.arg.test"))])
    }

    let test: String

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = arguments.positional(0) ?? ""
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        var resolver = ReferenceResolver(store: store)
        let test = try resolver.resolve(.pilotTest, test, label: "<test>")
        let participations = try store.records(kind: .participation, filter: RecordFilter(test: test.id))
        let summary = try store.collectionSummary(test: test.id)
        let workshops = try store.records(kind: .workshop, filter: RecordFilter(test: test.id))
        var partners: [(participation: Record, partner: Record?)] = []
        for participation in participations {
            partners.append((participation, try store.record(kind: .partner, id: participation.text("partner") ?? "")))
        }
        if context.isJSON {
            guard case .object(var object) = test.documentJSON else { return }
            object["partners"] = .array(partners.map { item in
                .object([
                    "id": .string(item.participation.id), "partner": .string(item.participation.text("partner") ?? ""),
                    "name": item.partner?.text("name").map(JSONValue.string) ?? .null,
                    "role": item.participation.text("role").map(JSONValue.string) ?? .null,
                ])
            })
            var byOutcome = JSONObject()
            for (outcome, totals) in summary.byOutcome.sorted(by: { $0.key < $1.key }) {
                byOutcome[outcome.isEmpty ? "none" : outcome] = TestShowCommand.json(totals)
            }
            guard case .object(var all) = TestShowCommand.json(summary.all) else { return }
            all["by_outcome"] = .object(byOutcome)
            object["collections"] = .object(all)
            object["workshops"] = .array(workshops.map(\.documentJSON))
            context.printJSON(.object(object))
            return
        }
        let console = context.console
        for line in try RecordDetails(store: store).lines(test) { console.line(line) }
        console.line()
        console.line(localized(partners.isEmpty ? "testShow.partnersNone" : "testShow.partners"))
        for item in partners {
            let role = item.participation.text("role").map { " — " + Vocabulary.label($0, field: "role") } ?? ""
            let name = item.partner?.text("name") ?? item.participation.text("partner") ?? "?"
            let removed = item.partner?.isDeleted == true ? " " + RecordTable.removed : ""
            console.line("  \(name)\(removed)\(role)")
        }
        console.line()
        let all = summary.all
        func describe(_ totals: CollectionSummary.Totals) -> String {
            localized(
                totals.items == 1 ? "testShow.totals.one" : "testShow.totals",
                ["collections": String(totals.collections), "items": String(totals.items),
                 "kg": LocalFormat.number(Display.number2(totals.kilograms))])
        }
        console.line(localized("testShow.collections") + " " + describe(summary.all))
        for (outcome, totals) in summary.byOutcome.sorted(by: { $0.key < $1.key }) {
            let label = outcome.isEmpty ? localized("testShow.noOutcome") : Vocabulary.label(outcome, field: "outcome")
            console.line("  " + localized("label.colon", ["label": label]) + " " + describe(totals))
        }
        if !workshops.isEmpty {
            let attendees = workshops.compactMap { $0.integer("attendees") }.reduce(0, +)
            console.line()
            console.line(
                localized(
                    attendees == 1 ? "testShow.workshops.one" : "testShow.workshops",
                    ["count": String(workshops.count), "attendees": String(attendees), "id": test.id]))
        }
    }

    static func json(_ totals: CollectionSummary.Totals) -> JSONValue {
        .object([
            "count": .integer(Int64(totals.collections)), "items": .integer(totals.items),
            "weight_kg": .number(totals.kilograms),
        ])
    }
}
