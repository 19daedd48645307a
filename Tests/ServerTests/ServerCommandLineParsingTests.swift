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
    }

    @Test(arguments: [
        ["serve", "--port"], ["serve", "--port", "x"], ["serve", "--bogus"], ["token"], ["token", "burn"],
        ["token", "add"], ["token", "add", "a"], ["merges", "--kind", "widget"], ["backup"], ["serve", "--json=1"],
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
}
