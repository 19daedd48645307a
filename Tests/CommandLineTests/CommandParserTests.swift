import GisementCommandLine
import Testing

/// The toolkit's parser and driver on a small program of its own: a group (`token add|list`) and
/// a leaf command (`serve`), a repeatable option, a global option.
@Suite struct CommandParserTests {
    let program = CommandLineProgram(
        name: "prog", version: "prog 1.0", abstract: "A program.",
        commands: [
            CommandConfiguration(
                name: "serve", abstract: "Serve.",
                options: [OptionSpec("port", value: "port", help: "The port."), OptionSpec("quiet", help: "Say less.")]),
            CommandConfiguration(
                name: "token", abstract: "Tokens.",
                subcommands: [
                    CommandConfiguration(
                        name: "add", abstract: "Add a token.", arguments: [ArgumentSpec("name", help: "Its name.")],
                        options: [
                            OptionSpec("role", value: "role", help: "Its role.", allowedValues: ["agent", "admin"], required: true),
                            OptionSpec("district", value: "district", help: "A district.", repeatable: true),
                        ]),
                    CommandConfiguration(name: "list", abstract: "List the tokens."),
                ]),
        ],
        globalOptions: [OptionSpec("db", value: "path", help: "The database.")])

    func run(_ arguments: [String]) throws(CLIError) -> ParsedArguments {
        guard case .run(_, let parsed) = try program.parse(arguments) else { throw CLIError.failure("not a run") }
        return parsed
    }

    func error(_ arguments: [String]) -> CLIError? {
        do {
            _ = try program.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func optionGivenTwice_isUsageError_unlessRepeatable() throws {
        let twice = error(["serve", "--port", "1", "--port=2"])
        #expect(twice?.status == .usage)
        #expect(twice?.message == "--port was given more than once; give it once.")
        #expect(twice?.commandPath == ["serve"])
        #expect(error(["--db", "a", "serve", "--db", "b"])?.status == .usage, "a global option too")
        let repeated = try run(["token", "add", "t", "--role", "agent", "--district", "A", "--district=B"])
        #expect(repeated.lists["district"] == ["A", "B"])
    }

    @Test func doubleDash_endsOptions() throws {
        let parsed = try run(["token", "add", "--role", "admin", "--", "--weird"])
        #expect(parsed.positionals == ["--weird"])
        #expect(parsed.values["role"] == "admin")
    }

    @Test func globalsAnywhere_negativeNumbersAndDashAreValues() throws {
        let parsed = try run(["--db", "/x", "serve", "--port", "-1", "--quiet"])
        #expect(parsed.values["db"] == "/x" && parsed.values["port"] == "-1" && parsed.flag("quiet"))
        #expect(try run(["token", "add", "-", "--role", "agent"]).positionals == ["-"])
    }

    @Test func unknownOption_isUsageError_withUsageAndHint() {
        let unknown = error(["token", "add", "x", "--bogus"])
        #expect(unknown?.status == .usage && unknown?.message == "Unknown option '--bogus'.")
        let console = Console.capturing()
        program.report(unknown!, console: console)
        #expect(console.capturedError == """
            Error: Unknown option '--bogus'.
            Usage: prog token add <name> --role <role> [--district <district>]
              See 'prog token add --help' for more.

            """)
    }

    @Test func unknownCommand_andSubcommand_areUsageErrors() {
        #expect(error(["walk"])?.message == "Unknown command 'walk'; see 'prog --help' for the list.")
        #expect(error(["token", "burn"])?.message == "Unknown subcommand 'burn'; use one of add, list.")
        #expect(error(["token"])?.message == "Missing subcommand; use one of add, list.")
        #expect(error(["help", "token", "burn"])?.status == .usage)
        #expect(error(["token", "add", "x", "--role", "boss"])?.status == .usage)
        #expect(error(["token", "add", "--role", "admin"])?.message == "Missing expected argument '<name>'.")
        #expect(error(["token", "list", "extra"])?.message == "Unexpected argument 'extra'.")
    }

    @Test func help_atEveryLevel_inEveryForm() throws {
        for (arguments, path) in [
            (["--help"], []), (["help"], []), (["token", "--help"], ["token"]), (["token", "-h"], ["token"]),
            (["help", "token"], ["token"]), (["help", "token", "add"], ["token", "add"]),
            (["token", "add", "-h"], ["token", "add"]),
        ] as [([String], [String])] {
            guard case .help(let shown) = try program.parse(arguments) else {
                Issue.record("not help: \(arguments)")
                continue
            }
            #expect(shown == path, "\(arguments)")
        }
        guard case .version = try program.parse(["token", "list", "--version"]) else {
            Issue.record("--version is not version")
            return
        }
    }

    @Test func help_isWrappedAt80Columns() {
        var long = program
        long.root.subcommands[0].discussion = String(repeating: "word ", count: 60)
        long.root.subcommands[0].options[0].help = String(repeating: "longer ", count: 30)
        let text = long.helpText(path: ["serve"])
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
        #expect(text.contains("SUBCOMMANDS:") == false && text.contains("--db <path>"))
        #expect(long.helpText(path: ["token"]).contains("SUBCOMMANDS:\n  add"))
    }
}
