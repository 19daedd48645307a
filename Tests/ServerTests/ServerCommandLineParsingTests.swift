import GisementServer
import Synchronization
import Testing

/// The command line in-process: parsing, help and exit statuses without spawning.
@Suite struct ServerCommandLineParsingTests {
    final class Capture: Sendable {
        let out = Mutex<[String]>([])
        let err = Mutex<[String]>([])
        var console: Console {
            Console(out: { line in self.out.withLock { $0.append(line) } }, err: { line in self.err.withLock { $0.append(line) } })
        }
        var stdout: String { out.withLock { $0.joined(separator: "\n") } }
        var stderr: String { err.withLock { $0.joined(separator: "\n") } }
    }

    func run(_ arguments: [String]) async -> (Int32, Capture) {
        let capture = Capture()
        let status = await ServerCommandLine.main(arguments, console: capture.console)
        return (status, capture)
    }

    @Test func noArguments_printsOverview() async {
        let (status, capture) = await run([])
        #expect(status == 0)
        #expect(capture.stdout.contains("SUBCOMMANDS:") && capture.stdout.contains("token add"))
    }

    @Test func helpOfServe_listsOptionsWithDefaults() async {
        let (status, capture) = await run(["help", "serve"])
        #expect(status == 0)
        #expect(capture.stdout.contains("--port <port>") && capture.stdout.contains("(default: 8080)"))
        #expect(capture.stdout.contains("--max-skew <seconds>"))
    }

    @Test(arguments: [
        ["serve", "--port"], ["serve", "--port", "x"], ["serve", "--bogus"], ["token"], ["token", "burn"],
        ["token", "add"], ["token", "add", "a"], ["merges", "--kind", "widget"], ["backup"], ["serve", "--json=1"],
    ])
    func usageErrors_exit64WithErrorAndUsage(arguments: [String]) async {
        let (status, capture) = await run(arguments)
        #expect(status == 64)
        #expect(capture.stderr.hasPrefix("Error: "))
    }

    @Test func optionEqualsValue_andDoubleDash() async {
        let (status, capture) = await run(["token", "list", "--db=/nonexistent/dir/s.sqlite", "--"])
        #expect(status == 1, "a missing database is not a usage error")
        #expect(capture.stderr.contains("/nonexistent/dir/s.sqlite"))
    }

    @Test func invalidTokenName_isInvalidData() async {
        let (status, _) = await run(["token", "add", "bad name", "--role", "agent", "--db", "/nonexistent/x.sqlite"])
        #expect(status == 65)
    }
}
