import GisementCommandLine
import GisementShared

/// `gisement workshop add|list`: the self-repair workshops of a test (attendance, new members).
struct WorkshopCommand: CLICommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "workshop", abstract: localized("help.workshop.abstract"),
            subcommands: [WorkshopAddCommand.self, WorkshopListCommand.self])
    }
}

/// `gisement workshop add --test T --on DATE [--topic X] [--places N] [--attendees N] [--new-members N]`.
struct WorkshopAddCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.workshop
        return CommandConfiguration(
            name: "add", abstract: localized("help.workshopAdd.abstract"),
            discussion: localized("help.workshopAdd.discussion"),
            options: [
                OptionSpec("test", value: "test", help: localized("help.log.test"), required: true),
                .field("on", schema, "held_on", value: "date", help: localized("help.workshopAdd.on"), required: true),
                .field("topic", schema, "topic", value: "topic", help: localized("help.workshopAdd.topic")),
                .field("places", schema, "places", value: "n", help: localized("help.workshopAdd.places")),
                .field("attendees", schema, "attendees", value: "n", help: localized("help.workshopAdd.attendees")),
                .field("new-members", schema, "new_members", value: "n", help: localized("help.workshopAdd.newMembers")),
            ])
    }

    let test: String
    let fields: FieldList

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = try arguments.required("test")
        var fields = FieldList()
        fields.add("held_on", try arguments.fieldValue("on"))
        fields.add("topic", try arguments.fieldValue("topic"))
        fields.add("places", try arguments.fieldValue("places"))
        fields.add("attendees", try arguments.fieldValue("attendees"))
        fields.add("new_members", try arguments.fieldValue("new-members"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplicaForWriting()
        var resolver = ReferenceResolver(store: store)
        let test = try resolver.resolve(.pilotTest, test, label: "--test")
        var all = FieldList()
        all.add("test", .text(test.id))
        for field in fields.fields { all.add(field.name, field.value) }
        let id = try store.create(kind: .workshop, fields: all.fields)
        context.printCreated(id, kind: .workshop)
    }
}

/// `gisement workshop list [--test T]`, the same as `gisement list workshops`.
struct WorkshopListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: localized("help.workshopList.abstract"), discussion: "  gisement workshop list --test \"Bellevue spring\"",
            options: [OptionSpec("test", value: "test", help: localized("help.workshopList.test"))])
    }

    let test: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        test = arguments.string("test")
    }

    func run(_ context: CommandContext) throws {
        var filter = RecordFilter()
        if let test {
            var resolver = ReferenceResolver(store: try context.openReplica())
            filter.test = try resolver.resolve(.pilotTest, test, label: "--test").id
        }
        try RecordCommands.list(.workshop, filter: filter, context: context)
    }
}
