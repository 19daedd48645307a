/// What a command accepts: its name, help texts, positional arguments and options.
///
/// The parser, the help text and the usage line are all made from this one description.
public struct CommandSpec: Sendable {
    /// One option: `--name <value>` or a flag `--name`.
    public struct Option: Sendable {
        public var name: String
        /// The value's placeholder (`port`); nil for a flag.
        public var valueName: String?
        public var help: String
        public var defaultValue: String?
        public var allowedValues: [String]
        public var isRequired: Bool

        public init(
            _ name: String, value valueName: String? = nil, help: String, default defaultValue: String? = nil,
            allowed allowedValues: [String] = [], required isRequired: Bool = false
        ) {
            self.name = name
            self.valueName = valueName
            self.help = help
            self.defaultValue = defaultValue
            self.allowedValues = allowedValues
            self.isRequired = isRequired
        }

        var label: String { valueName.map { "--\(name) <\($0)>" } ?? "--\(name)" }
    }

    /// One positional argument.
    public struct Argument: Sendable {
        public var name: String
        public var help: String

        public init(_ name: String, help: String) {
            self.name = name
            self.help = help
        }
    }

    /// The words that name the command (`token add`).
    public var name: String
    public var abstract: String
    public var discussion: String
    public var arguments: [Argument]
    public var options: [Option]

    public init(name: String, abstract: String, discussion: String = "", arguments: [Argument] = [], options: [Option]) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
    }

    /// `--db PATH`, which every command takes.
    static let databaseOption = Option(
        "db", value: "path|url",
        help: "The server database file, or a postgres:// URL (also GISEMENT_DATABASE_URL).",
        default: ServerConfiguration.defaultDatabasePath)

    /// `--json`, for commands that print data.
    static let jsonOption = Option("json", help: "Print JSON instead of text.")
}

/// A command line parsed against a ``CommandSpec``.
public struct ParsedCommand: Sendable {
    public var values: [String: String] = [:]
    /// Every value of each option, in order: options such as `--district` may be given again.
    public var lists: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var arguments: [String] = []

    /// Parses `words` (after the command name): `--opt value`, `--opt=value`, flags, `--` ends options.
    /// - Throws: ``ServerCommandError`` (usage) for an unknown option, a missing value, a value that
    ///   is not allowed, a missing or extra argument.
    public init(_ words: [String], spec: CommandSpec) throws {
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if !optionsEnded, word == "--" {
                optionsEnded = true
                continue
            }
            guard !optionsEnded, word.hasPrefix("-"), word != "-" else {
                arguments.append(word)
                continue
            }
            var name = String(word.drop { $0 == "-" })
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard word.hasPrefix("--"), let option = spec.options.first(where: { $0.name == name }) else {
                throw ServerCommandError.usage("Unknown option '\(word)'.", command: spec.name)
            }
            if option.valueName == nil {
                if inlineValue != nil {
                    throw ServerCommandError.usage("The flag --\(name) takes no value.", command: spec.name)
                }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < words.count else {
                    throw ServerCommandError.usage("Missing value for --\(name).", command: spec.name)
                }
                value = words[index]
                index += 1
            }
            if !option.allowedValues.isEmpty, !option.allowedValues.contains(value) {
                throw ServerCommandError.usage(
                    "The value '\(value)' is not allowed for --\(name); use one of "
                        + option.allowedValues.joined(separator: ", ") + ".", command: spec.name)
            }
            values[name] = value
            lists[name, default: []].append(value)
        }
        for option in spec.options where option.isRequired && values[option.name] == nil {
            throw ServerCommandError.usage("Missing option --\(option.name).", command: spec.name)
        }
        if arguments.count < spec.arguments.count {
            throw ServerCommandError.usage(
                "Missing argument <\(spec.arguments[arguments.count].name)>.", command: spec.name)
        }
        if arguments.count > spec.arguments.count {
            throw ServerCommandError.usage(
                "Unexpected argument '\(arguments[spec.arguments.count])'.", command: spec.name)
        }
    }

    /// The database path given with `--db`, or the default.
    public var databasePath: String { values["db"] ?? ServerConfiguration.defaultDatabasePath }

    public var isJSON: Bool { flags.contains("json") }

    /// An integer option, checked against a range.
    /// - Throws: ``ServerCommandError`` (usage).
    func integer(_ name: String, in range: ClosedRange<Int>, command: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ServerCommandError.usage(
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'.",
                command: command)
        }
        return value
    }
}
