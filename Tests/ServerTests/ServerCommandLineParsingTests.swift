import GisementCommandLine
import GisementServer
import Testing

/// The command line in-process: parsing, help and exit statuses without spawning.
@Suite struct ServerCommandLineParsingTests {
    func run(_ arguments: [String]) async -> (Int32, Console) {
        let console = Console.capturing()
        let status = await ServerCommandLine.main(arguments, console: console)
        return (status.rawValue, console)
    }

    @Test func noArguments_printsOverview() async {
        let (status, capture) = await run([])
        #expect(status == 0)
        #expect(capture.capturedOutput.contains("SUBCOMMANDS:") && capture.capturedOutput.contains("\n  token "))
    }

    @Test func helpOfServe_listsOptionsWithDefaults() async {
        let (status, capture) = await run(["help", "serve"])
        #expect(status == 0)
        #expect(capture.capturedOutput.contains("--port <port>") && capture.capturedOutput.contains("(default: 8080)"))
        #expect(capture.capturedOutput.contains("--max-skew <seconds>"))
        #expect(capture.capturedOutput.contains("--db-timeout <seconds>") && capture.capturedOutput.contains("(default: 30)"))
    }

    @Test(arguments: [
        ["serve", "--port"], ["serve", "--port", "x"], ["serve", "--bogus"], ["token"], ["token", "burn"],
        ["token", "add"], ["token", "add", "a"], ["merges", "--kind", "widget"], ["backup"], ["serve", "--json=1"],
        ["serve", "--db-timeout", "0"], ["serve", "--db-timeout", "soon"],
    ])
    func usageErrors_exit64WithErrorAndUsage(arguments: [String]) async {
        let (status, capture) = await run(arguments)
        #expect(status == 64)
        #expect(capture.capturedError.hasPrefix("Error: "))
    }

    @Test func optionEqualsValue_andDoubleDash() async {
        let (status, capture) = await run(["token", "list", "--db=/nonexistent/dir/s.sqlite", "--"])
        #expect(status == 1, "a missing database is not a usage error")
        #expect(capture.capturedError.contains("/nonexistent/dir/s.sqlite"))
    }

    @Test func invalidTokenName_isInvalidData() async {
        let (status, _) = await run(["token", "add", "bad name", "--role", "agent", "--db", "/nonexistent/x.sqlite"])
        #expect(status == 65)
    }

    /// Every help, of the program, its groups and its commands, fits in 80 columns in both languages.
    @Test(arguments: ["en_GB.UTF-8", "fr_FR.UTF-8"])
    func everyHelp_fitsIn80Columns(locale: String) async {
        var paths: [[String]] = [[]]
        for command in ServerCommandLine.program.root.subcommands {
            paths.append([command.name])
            paths += command.subcommands.map { [command.name, $0.name] }
        }
        #expect(paths.count == 14)
        for path in paths {
            let console = Console.capturing()
            let status = await ServerCommandLine.main(["help"] + path, console: console, environment: ServerEnvironment(["LANG": locale]))
            #expect(status == .success)
            for line in console.capturedOutput.split(separator: "\n") {
                #expect(line.count <= 80, "\(locale) \(path): \(line)")
            }
        }
    }

    /// Help and messages follow the locale, like `gisement`'s.
    @Test func helpAndErrors_inFrench() async {
        let french = ServerEnvironment(["LC_ALL": "fr_FR.UTF-8"])
        let help = Console.capturing()
        #expect(await ServerCommandLine.main(["token", "--help"], console: help, environment: french) == .success)
        #expect(help.capturedOutput.contains("SOUS-COMMANDES :") && help.capturedOutput.contains("Révoquer un jeton"))
        let error = Console.capturing()
        let status = await ServerCommandLine.main(["token", "scope", "t", "--db", "/nonexistent/s.sqlite"], console: error, environment: french)
        #expect(status == .usage)
        #expect(error.capturedError.hasPrefix("Erreur : Dites quoi changer : --add-district"), "\(error.capturedError)")
    }
}
