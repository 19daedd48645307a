import GisementShared

/// What the command line asks for, once parsed.
public enum Invocation {
    /// Print the help of the command at this path (empty path: the root help).
    case help(path: [String])
    /// Print the version.
    case version
    /// Run a command.
    case run(command: any CLICommand.Type, arguments: ParsedArguments, globals: GlobalOptions)
}

/// Turns `argv` into an ``Invocation`` against the command table.
///
/// `--opt value` and `--opt=value`; `--` ends the options; global options (`--db`, `--json`,
/// `--version`, `-h`/`--help`) are accepted before or after the command name; `help <command>`
/// is the same as `<command> --help`. Every shape error is a ``CLIError`` with exit status 64
/// naming the command path, so that its usage can be printed.
public struct CommandLineParser {
    public let commands: [any CLICommand.Type]

    public init(commands: [any CLICommand.Type]) {
        self.commands = commands
    }

    /// Parses the arguments after the program name.
    /// - Throws: ``CLIError`` (usage) for an unknown command or option, a missing or repeated value,
    ///   a value outside an option's allowed list, a missing or unexpected argument.
    public func parse(_ arguments: [String]) throws(CLIError) -> Invocation {
        do {
            return try parseArguments(arguments)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.usage("\(error)")
        }
    }

    private func parseArguments(_ arguments: [String]) throws -> Invocation {
        var globals = GlobalOptions()
        var wantsHelp = false
        var wantsVersion = false
        var path: [String] = []
        var current: (any CLICommand.Type)? = nil
        var index = 0

        // Phase 1: global options and the command path.
        while index < arguments.count {
            let token = arguments[index]
            if token.hasPrefix("-") && token != "-" {
                if token == "--" { break }
                if try consumeGlobal(token, arguments, &index, &globals, &wantsHelp, &wantsVersion, path) {
                    continue
                }
                if current == nil { throw CLIError.usage(localized("parse.unknownOption", ["option": token]), commandPath: []) }
                break
            }
            if let command = current {
                let subcommands = command.configuration.subcommands
                if subcommands.isEmpty { break }
                guard let sub = command.configuration.subcommand(token) else {
                    throw CLIError.usage(
                        localized("parse.unknownSubcommand", [
                            "word": token, "choices": subcommands.map { $0.configuration.name }.joined(separator: ", "),
                        ]),
                        commandPath: path)
                }
                current = sub
                path.append(token)
            } else if token == "help" {
                return try helpInvocation(Array(arguments[(index + 1)...]))
            } else {
                guard let command = commands.first(where: { $0.configuration.name == token }) else {
                    throw CLIError.usage(
                        localized("parse.unknownCommand", ["word": token]), commandPath: [])
                }
                current = command
                path.append(token)
            }
            index += 1
        }

        guard let command = current else {
            if wantsVersion { return .version }
            if wantsHelp { return .help(path: []) }
            throw CLIError.usage(localized("parse.missingCommand"), commandPath: [])
        }
        let configuration = command.configuration
        if !configuration.subcommands.isEmpty {
            if wantsVersion { return .version }
            if wantsHelp || arguments[index...].contains(where: { $0 == "-h" || $0 == "--help" }) {
                return .help(path: path)
            }
            throw CLIError.usage(
                localized("parse.missingSubcommand", [
                    "choices": configuration.subcommands.map { $0.configuration.name }.joined(separator: ", ")
                ]),
                commandPath: path)
        }

        // Phase 2: the command's own options and positional arguments.
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var optionsEnded = false
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if optionsEnded || token == "-" || !token.hasPrefix("-") || CommandLineParser.isNumber(token) {
                positionals.append(token)
                continue
            }
            if token == "--" {
                optionsEnded = true
                continue
            }
            index -= 1
            if try consumeGlobal(token, arguments, &index, &globals, &wantsHelp, &wantsVersion, path) { continue }
            index += 1
            guard token.hasPrefix("--") else {
                throw CLIError.usage(localized("parse.unknownOption", ["option": token]), commandPath: path)
            }
            let (name, inline) = CommandLineParser.split(token)
            guard let spec = configuration.option(name) else {
                throw CLIError.usage(localized("parse.unknownOption", ["option": "--" + name]), commandPath: path)
            }
            if spec.isFlag {
                if inline != nil { throw CLIError.usage(localized("parse.takesNoValue", ["option": "--" + name]), commandPath: path) }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else if index < arguments.count, !isKnownOption(arguments[index], configuration) {
                value = arguments[index]
                index += 1
            } else {
                throw CLIError.usage(localized("parse.missingValue", ["option": spec.label]), commandPath: path)
            }
            if values[name] != nil {
                throw CLIError.usage(localized("parse.repeated", ["option": "--" + name]), commandPath: path)
            }
            if !spec.allowedValues.isEmpty, !spec.allowedValues.contains(value) {
                throw CLIError.usage(
                    localized("parse.notAllowed", [
                        "value": value, "option": "--" + name, "choices": spec.allowedValues.joined(separator: ", "),
                    ]),
                    commandPath: path)
            }
            values[name] = value
        }
        if wantsVersion { return .version }
        if wantsHelp { return .help(path: path) }

        try checkArguments(positionals, configuration, path)
        for spec in configuration.options where spec.isRequired && values[spec.name] == nil {
            throw CLIError.usage(localized("parse.missingArgument", ["argument": spec.label]), commandPath: path)
        }
        let parsed = ParsedArguments(
            commandPath: path, values: values, flags: flags, positionals: positionals,
            options: configuration.options)
        return .run(command: command, arguments: parsed, globals: globals)
    }

    /// `help`, `help district`, `help district add`.
    private func helpInvocation(_ words: [String]) throws -> Invocation {
        var path: [String] = []
        var current: (any CLICommand.Type)? = nil
        for word in words where !word.hasPrefix("-") {
            let next: (any CLICommand.Type)?
            if let command = current {
                next = command.configuration.subcommand(word)
            } else {
                next = commands.first { $0.configuration.name == word }
            }
            guard let found = next else {
                throw CLIError.usage(
                    localized("parse.unknownCommand", ["word": (path + [word]).joined(separator: " ")]),
                    commandPath: [])
            }
            current = found
            path.append(word)
        }
        return .help(path: path)
    }

    /// Handles a global option at `index`; returns false when the token is not one.
    private func consumeGlobal(
        _ token: String, _ arguments: [String], _ index: inout Int, _ globals: inout GlobalOptions,
        _ wantsHelp: inout Bool, _ wantsVersion: inout Bool, _ path: [String]
    ) throws -> Bool {
        if token == "-h" || token == "--help" {
            wantsHelp = true
            index += 1
            return true
        }
        let (name, inline) = CommandLineParser.split(token)
        switch name {
        case "version", "json":
            if inline != nil { throw CLIError.usage(localized("parse.takesNoValue", ["option": "--" + name]), commandPath: path) }
            if name == "json" { globals.isJSON = true } else { wantsVersion = true }
            index += 1
            return true
        case "lang":
            let value: String
            if let inline {
                value = inline
                index += 1
            } else if index + 1 < arguments.count {
                value = arguments[index + 1]
                index += 2
            } else {
                throw CLIError.usage(localized("parse.missingValue", ["option": "--lang <fr|en>"]), commandPath: path)
            }
            guard let language = Language(rawValue: value) else {
                throw CLIError.usage(
                    localized("parse.notAllowed", ["value": value, "option": "--lang", "choices": "fr, en"]),
                    commandPath: path)
            }
            globals.language = language
            return true
        case "db":
            if let inline {
                globals.databasePath = inline
                index += 1
            } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                globals.databasePath = arguments[index + 1]
                index += 2
            } else {
                throw CLIError.usage(localized("parse.missingValue", ["option": "--db <path>"]), commandPath: path)
            }
            if globals.databasePath?.isEmpty ?? true {
                throw CLIError.usage(localized("parse.dbNeedsPath"), commandPath: path)
            }
            return true
        default:
            return false
        }
    }

    private func checkArguments(
        _ positionals: [String], _ configuration: CommandConfiguration, _ path: [String]
    ) throws {
        let specs = configuration.arguments
        let repeats = specs.last?.isRepeating ?? false
        if !repeats, positionals.count > specs.count {
            throw CLIError.usage(localized("parse.unexpectedArgument", ["argument": positionals[specs.count]]), commandPath: path)
        }
        for (i, spec) in specs.enumerated() where spec.isRequired && i >= positionals.count {
            throw CLIError.usage(localized("parse.missingArgument", ["argument": "<" + spec.name + ">"]), commandPath: path)
        }
    }

    private func isKnownOption(_ token: String, _ configuration: CommandConfiguration) -> Bool {
        guard token.hasPrefix("-"), !CommandLineParser.isNumber(token) else { return false }
        if token == "--" || token == "-h" || token == "--help" { return true }
        let (name, _) = CommandLineParser.split(token)
        return configuration.option(name) != nil || ["db", "json", "version", "lang"].contains(name)
    }

    /// `--name=value` → (`name`, `value`); `--name` → (`name`, nil).
    static func split(_ token: String) -> (String, String?) {
        let body = token.drop { $0 == "-" }
        if let eq = body.firstIndex(of: "=") {
            return (String(body[..<eq]), String(body[body.index(after: eq)...]))
        }
        return (String(body), nil)
    }

    /// Whether a token that starts with `-` is a negative number (a value, not an option).
    static func isNumber(_ token: String) -> Bool {
        token.count > 1 && Double(token) != nil
    }
}
