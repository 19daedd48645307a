import GisementCommandLine
import GisementShared

/// `gisement partner add|list`.
struct PartnerCommand: CLICommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "partner", abstract: localized("help.partner.abstract"),
            subcommands: [PartnerAddCommand.self, PartnerListCommand.self])
    }
}

/// `gisement partner add NAME --kind K [--contact C]`.
struct PartnerAddCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.partner
        return CommandConfiguration(
            name: "add", abstract: localized("help.partnerAdd.abstract"),
            discussion: """
                  gisement partner add "Habitat 44" --kind social-landlord \\
                    --contact "M. Leroy, 02 40 00 00 00"
                """,
            arguments: [ArgumentSpec("name", help: localized("help.partnerAdd.name"))],
            options: [
                .field("kind", schema, "kind", value: "kind", help: localized("help.partnerAdd.kind"), required: true),
                .field("contact", schema, "contact", value: "contact", help: localized("help.partnerAdd.contact")),
            ])
    }

    let fields: FieldList

    init(_ arguments: ParsedArguments) throws(CLIError) {
        var fields = FieldList()
        fields.add("name", try RecordCommands.name(arguments))
        fields.add("kind", try arguments.fieldValue("kind"))
        fields.add("contact", try arguments.fieldValue("contact"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let id = try store.create(kind: .partner, fields: fields.fields)
        context.printCreated(id, kind: .partner)
    }
}

/// `gisement partner list`.
struct PartnerListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "list", abstract: localized("help.partnerList.abstract"), discussion: "  gisement partner list")
    }

    init(_ arguments: ParsedArguments) throws(CLIError) {}

    func run(_ context: CommandContext) throws {
        try RecordCommands.list(.partner, filter: .all, context: context)
    }
}
