import GisementShared

/// What a command line asks for, once parsed.
public enum Invocation {
    /// Print the help of the command at this path (empty path: the program's help).
    case help(path: [String])
    /// Print the version.
    case version
    /// Run the leaf command `command` with its parsed arguments (global options included).
    case run(command: CommandConfiguration, arguments: ParsedArguments)
}

/// Turns `argv` into an ``Invocation`` against a program's command tree, in one pass from left
/// to right.
///
/// Words name the command path (`district add`) until a leaf command is reached, then they are
/// its positional arguments. `--opt value` and `--opt=value`; a value is the next word unless that
/// word is an option itself; `--` ends the options; a negative number and `-` are values. The
/// program's global options and `-h`/`--help`/`--version` are accepted anywhere; `help <command>` is
/// the same as `<command> --help`. An option given twice that is not repeatable is refused. Every
/// shape error is a ``CLIError`` with exit status 64 naming the command path, so that its usage
/// can be printed.
struct CommandParser {
    let program: CommandLineProgram

    private var node: CommandConfiguration
    private var path: [String] = []
    private var values: [String: String] = [:]
    private var lists: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var positionals: [String] = []
    private var optionsEnded = false
    private var wantsHelp = false
    private var wantsVersion = false

    init(program: CommandLineProgram) {
        self.program = program
        self.node = program.root
    }

    /// Parses the arguments after the program name.
    mutating func parse(_ arguments: [String]) throws(CLIError) -> Invocation {
        var words = arguments[...]
        while let word = words.popFirst() {
            if optionsEnded || !Self.isOption(word) {
                if node.isGroup, path.isEmpty, word == "help" { return try helpInvocation(words) }
                try take(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word == "-h" || word == "--help" {
                wantsHelp = true
            } else if word == "--version" {
                wantsVersion = true
            } else {
                try takeOption(word, from: &words)
            }
        }
        return try finish()
    }

    /// A word that is not an option: the next step of the command path, or a positional value.
    private mutating func take(_ word: String) throws(CLIError) {
        guard node.isGroup else {
            positionals.append(word)
            return
        }
        guard let next = node.subcommand(word) else {
            if path.isEmpty {
                throw CLIError.usage(localized("parse.unknownCommand", ["word": word, "program": program.name]))
            }
            throw CLIError.usage(
                localized("parse.unknownSubcommand", ["word": word, "choices": node.subcommandNames]), commandPath: path)
        }
        node = next
        path.append(word)
    }

    /// `--name`, `--name value` or `--name=value`, of the command or of the program.
    private mutating func takeOption(_ word: String, from words: inout ArraySlice<String>) throws(CLIError) {
        let (name, inline) = Self.split(word)
        guard word.hasPrefix("--"), let spec = spec(name) else {
            throw CLIError.usage(
                localized("parse.unknownOption", ["option": word.hasPrefix("--") ? "--" + name : word]), commandPath: path)
        }
        if spec.isFlag {
            if inline != nil { throw usage("parse.takesNoValue", ["option": "--" + name]) }
            flags.insert(name)
            return
        }
        let value: String
        if let inline {
            value = inline
        } else if let next = words.first, !isKnownOption(next) {
            value = next
            words.removeFirst()
        } else {
            throw usage("parse.missingValue", ["option": spec.label])
        }
        if values[name] != nil, !spec.isRepeatable {
            throw usage("parse.repeated", ["option": "--" + name])
        }
        if !spec.allowedValues.isEmpty, !spec.allowedValues.contains(value) {
            throw usage(
                "parse.notAllowed",
                ["value": value, "option": "--" + name, "choices": spec.allowedValues.joined(separator: ", ")])
        }
        values[name] = value
        lists[name, default: []].append(value)
    }

    /// The end of the words: help, version, a missing subcommand, or the command to run.
    private func finish() throws(CLIError) -> Invocation {
        if wantsVersion { return .version }
        if wantsHelp { return .help(path: path) }
        if node.isGroup {
            if path.isEmpty {
                if program.helpWhenEmpty { return .help(path: []) }
                throw CLIError.usage(localized("parse.missingCommand", ["program": program.name]))
            }
            throw usage("parse.missingSubcommand", ["choices": node.subcommandNames])
        }
        let specs = node.arguments
        if !(specs.last?.isRepeating ?? false), positionals.count > specs.count {
            throw usage("parse.unexpectedArgument", ["argument": positionals[specs.count]])
        }
        for (index, spec) in specs.enumerated() where spec.isRequired && index >= positionals.count {
            throw usage("parse.missingArgument", ["argument": "<" + spec.name + ">"])
        }
        for spec in node.options where spec.isRequired && values[spec.name] == nil {
            throw usage("parse.missingArgument", ["argument": spec.label])
        }
        let arguments = ParsedArguments(
            commandPath: path, values: values, lists: lists, flags: flags, positionals: positionals,
            options: node.options + program.globalOptions)
        return .run(command: node, arguments: arguments)
    }

    /// `help`, `help district`, `help district add`: options among the words are ignored.
    private func helpInvocation(_ words: ArraySlice<String>) throws(CLIError) -> Invocation {
        let path = words.filter { !$0.hasPrefix("-") }
        guard program.root.descendant(Array(path)) != nil else {
            throw CLIError.usage(
                localized("parse.unknownCommand", ["word": path.joined(separator: " "), "program": program.name]))
        }
        return .help(path: Array(path))
    }

    /// The option `name` of the current command (leaf commands only) or of the program.
    private func spec(_ name: String) -> OptionSpec? {
        (node.isGroup ? nil : node.option(name)) ?? program.globalOptions.first { $0.name == name }
    }

    /// Whether `word` is an option this command line knows, so not the value of the one before it.
    private func isKnownOption(_ word: String) -> Bool {
        guard Self.isOption(word) else { return false }
        if ["--", "-h", "--help", "--version"].contains(word) { return true }
        return spec(Self.split(word).0) != nil
    }

    private func usage(_ id: String, _ arguments: [String: String]) -> CLIError {
        CLIError.usage(localized(id, arguments), commandPath: path)
    }

    /// Whether `word` reads as an option: it starts with `-`, and is neither `-` nor a negative number.
    static func isOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word != "-" && !(word.count > 1 && Double(word) != nil)
    }

    /// `--name=value` → (`name`, `value`); `--name` → (`name`, nil).
    static func split(_ word: String) -> (String, String?) {
        let body = word.drop { $0 == "-" }
        if let eq = body.firstIndex(of: "=") {
            return (String(body[..<eq]), String(body[body.index(after: eq)...]))
        }
        return (String(body), nil)
    }
}
