/// Help and usage texts in swift-argument-parser's layout: `OVERVIEW`, `USAGE`, `ARGUMENTS`,
/// `OPTIONS`, `SUBCOMMANDS`, labels in a 26-column column.
enum ServerHelp {
    static let program = "gisement-server"
    static let labelWidth = 26

    /// The help of one command.
    static func help(_ spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n"
        if !spec.discussion.isEmpty { out += "\n\(spec.discussion)\n" }
        out += "\n" + usage(spec) + "\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in spec.arguments { out += entry("<\(argument.name)>", argument.help) }
        }
        out += "\nOPTIONS:\n"
        for option in spec.options {
            var notes: [String] = []
            if !option.allowedValues.isEmpty { notes.append("values: " + option.allowedValues.joined(separator: ", ")) }
            if let value = option.defaultValue { notes.append("default: " + value) }
            out += entry(option.label, notes.isEmpty ? option.help : option.help + " (" + notes.joined(separator: "; ") + ")")
        }
        out += entry("-h, --help", "Show help information.")
        return out
    }

    /// `USAGE: gisement-server token add <name> --role <role> [--db <path>]`.
    static func usage(_ spec: CommandSpec) -> String {
        var words = ["USAGE:", program, spec.name]
        words += spec.arguments.map { "<\($0.name)>" }
        words += spec.options.map { $0.isRequired ? $0.label : "[\($0.label)]" }
        return words.joined(separator: " ")
    }

    /// The top-level help: every command.
    static func overview(_ specs: [CommandSpec]) -> String {
        var out = "OVERVIEW: The Gisement sync server: serves the API, manages tokens, reads the logs.\n"
        out += "\nUSAGE: \(program) <subcommand>\n"
        out += "\nOPTIONS:\n"
        out += entry("--version", "Show the version.")
        out += entry("-h, --help", "Show help information.")
        out += "\nSUBCOMMANDS:\n"
        for spec in specs { out += entry(spec.name, spec.abstract) }
        out += "\n  See '\(program) help <subcommand>' for detailed help.\n"
        return out
    }

    private static func entry(_ label: String, _ text: String) -> String {
        let head = "  " + label
        if head.count <= labelWidth - 2 {
            return head + String(repeating: " ", count: labelWidth - head.count) + text + "\n"
        }
        return head + "\n" + String(repeating: " ", count: labelWidth) + text + "\n"
    }
}
