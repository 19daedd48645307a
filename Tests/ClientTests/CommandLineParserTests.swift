import GisementCommandLine
import GisementShared
import GisementClient
import Testing

@Suite struct CommandLineParserTests {
    let parser = GisementCLI.program

    func parsed(_ arguments: [String]) throws -> (ParsedArguments, GlobalOptions) {
        guard case .run(_, let parsed) = try parser.parse(arguments) else {
            throw TestFailure("not a run: \(arguments)")
        }
        return (parsed, try GlobalOptions(parsed))
    }

    func usageError(_ arguments: [String]) -> CLIError? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func parse_optionValueBothForms_andGlobalsAnywhere() throws {
        let (a, g) = try parsed(["--db", "/x.sqlite", "log", "--test=T", "--category", "tools", "--json", "--kg", "-1"])
        #expect(a.commandPath == ["log"])
        #expect(a.values["test"] == "T")
        #expect(a.values["category"] == "tools")
        #expect(a.values["kg"] == "-1")
        #expect(g.databasePath == "/x.sqlite")
        #expect(g.isJSON)
    }

    @Test func parse_doubleDashEndsOptions() throws {
        let (a, _) = try parsed(["district", "add", "--", "--weird name"])
        #expect(a.commandPath == ["district", "add"])
        #expect(a.positionals == ["--weird name"])
    }

    @Test func parse_helpFormsAreTheSame() throws {
        for arguments in [["help", "district", "add"], ["district", "add", "--help"], ["district", "add", "-h"]] {
            guard case .help(let path) = try parser.parse(arguments) else {
                Issue.record("not help: \(arguments)")
                continue
            }
            #expect(path == ["district", "add"])
        }
        guard case .version = try parser.parse(["--version"]) else {
            Issue.record("--version is not version")
            return
        }
    }

    @Test(arguments: [
        (["log", "--test", "T"], "Missing expected argument '--category <category>'."),
        (["log", "--test", "T", "--category", "food"], "Invalid value 'food' for --category; use one of electrical, textiles, furniture, books-media, leisure, tools, other."),
        (["log", "--test", "T", "--category", "tools", "--kg"], "Missing value for '--kg <kg>'."),
        (["log", "--test", "T", "--test", "U", "--category", "tools"], "--test was given more than once; give it once."),
        (["log", "--nope"], "Unknown option '--nope'."),
        (["district"], "Missing subcommand; use one of add, list."),
        (["district", "remove"], "Unknown subcommand 'remove'; use one of add, list."),
        (["district", "add", "A", "B"], "Unexpected argument 'B'."),
        (["walk"], "Unknown command 'walk'; see 'gisement --help' for the list."),
        (["status", "--json=yes"], "--json takes no value."),
    ])
    func parse_badCommandLine_isUsageError(arguments: [String], message: String) {
        let error = usageError(arguments)
        #expect(error?.status == .usage)
        #expect(error?.message == message)
    }

    @Test func fieldValue_checksRulesAndNamesTheFlag() throws {
        let (a, _) = try parsed(["log", "--test", "T", "--category", "tools", "--kg", "-3"])
        #expect(throws: CLIError.usage("Invalid value '-3' for --kg: must be a number of at least 0, got -3.", commandPath: ["log"])) {
            try a.fieldValue("kg")
        }
        let (b, _) = try parsed(["log", "--test", "T", "--category", "tools", "--kg", "12,5"])
        #expect(try b.fieldValue("kg") == .decimal(12.5))
        #expect(try b.fieldValue("items") == .integer(1))
    }

    @Test func help_hasSectionsAndTheLabelColumn() {
        let text = GisementCLI.helpText(path: ["district", "add"])
        #expect(text.hasPrefix("OVERVIEW: Add a district and print its id.\n"))
        #expect(text.contains("\nUSAGE: gisement district add <name> [--commune <commune>]"))
        #expect(text.contains("\nARGUMENTS:\n  <name>                  The district's name.\n"))
        #expect(text.contains("\n  --habitat <habitat>     Housing zone. (values: rural, semi-urban, dense-urban)\n"))
        #expect(text.contains("\n  -h, --help              Show help information.\n"))
        let group = GisementCLI.helpText(path: ["test"])
        #expect(group.contains("\nSUBCOMMANDS:\n  create                  Create a collection test and print its id.\n"))
    }

    @Test func help_ofEveryCommand_fitsIn80Columns() {
        var paths: [[String]] = [[]]
        for command in CommandTable.commands {
            paths.append([command.configuration.name])
            for sub in command.configuration.subcommands {
                paths.append([command.configuration.name, sub.name])
            }
        }
        for language in Language.allCases {
            Language.$current.withValue(language) {
                for path in paths {
                    for line in GisementCLI.helpText(path: path).split(separator: "\n") {
                        #expect(line.count <= 80, "\(language) \(path): \(line)")
                    }
                }
            }
        }
    }

    @Test func environment_defaultPathFollowsXDG() {
        #expect(CLIEnvironment(xdgDataHome: "/data", home: "/home/a").databasePath(GlobalOptions())
            == "/data/gisement/replica.sqlite")
        #expect(CLIEnvironment(home: "/home/a").databasePath(GlobalOptions()) == "/home/a/.local/share/gisement/replica.sqlite")
        #expect(CLIEnvironment(databasePath: "/env.sqlite", home: "/h").databasePath(GlobalOptions()) == "/env.sqlite")
        #expect(CLIEnvironment(databasePath: "/env.sqlite").databasePath(GlobalOptions(databasePath: "/flag.sqlite"))
            == "/flag.sqlite")
    }
}
