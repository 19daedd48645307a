#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GisementCommandLine
import GisementShared

/// `gisement sync [--server URL] [--token T | --token-file FILE]`: pushes pending changes, pulls the rest.
///
/// A given server or token is remembered in the replica once the server has accepted the token.
/// On a terminal a progress line is rewritten in place on standard error; the summary goes to
/// standard output (one JSON document with `--json`). Exit status: 69 when the server cannot be
/// reached (nothing is lost), 77 when it refuses the token, 65 when the device clock is too far
/// ahead, 64 when no server is known. See `docs/sync.md`.
struct SyncCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "sync",
            abstract: localized("help.sync.abstract"),
            discussion: localized("help.sync.discussion"),
            options: [
                OptionSpec("server", value: "url", help: localized("help.sync.server")),
            ] + TokenOption.specs() + [
                OptionSpec(
                    "batch-size", value: "n", help: localized("help.sync.batchSize"),
                    default: String(SyncConfiguration().pushBatchSize)),
                OptionSpec(
                    "page-size", value: "n", help: localized("help.sync.pageSize"),
                    default: String(SyncConfiguration().pullPageSize)),
                OptionSpec("timeout", value: "seconds", help: localized("help.sync.timeout"), default: "3600"),
            ])
    }

    let server: String?
    let token: String?
    let configuration: SyncConfiguration

    init(_ arguments: ParsedArguments) throws(CLIError) {
        server = arguments.string("server")
        token = try TokenOption.read(arguments)
        if let server, !InitCommand.isServerURL(server) {
            throw arguments.usageError(localized("init.badServer", ["value": server]))
        }
        func positive(_ name: String, limit: Int) throws(CLIError) -> Int {
            let text = arguments.string(name) ?? ""
            guard let value = Int(text), value > 0, value <= limit else {
                throw arguments.usageError(
                    localized(
                        "sync.badNumber",
                        ["value": ShownValue.quoted(text), "option": "--" + name, "limit": LocalFormat.integer(Int64(limit))]))
            }
            return value
        }
        configuration = SyncConfiguration(
            pushBatchSize: try positive("batch-size", limit: 50_000), pullPageSize: try positive("page-size", limit: PullPage.maxLimit),
            overallTimeout: Double(try positive("timeout", limit: 7 * 86_400)))
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let lock = store.lockForSync {
            context.console.error(localized("sync.waitingForLock"))
        }
        defer { withExtendedLifetime(lock) {} }
        let status = try store.syncStatus()
        guard let server = server ?? status.server else {
            throw CLIError.usage(
                localized("sync.noServer"), commandPath: ["sync"])
        }
        let (transport, label) = try ServerConnection.transport(server, command: "sync")
        let token = try ServerConnection.token(
            self.token, environment: context.environment, remembered: status.token, server: server,
            rememberedServer: status.server, command: "sync")
        let client = SyncServerClient(
            transport: transport, serverLabel: label, token: token,
            requestTimeout: configuration.requestTimeout,
            deadline: SyncDeadline(seconds: configuration.overallTimeout))
        let observer = SyncProgressPrinter(console: context.console, isTerminal: isatty(STDERR_FILENO) == 1)
        let session = SyncSession(
            store: store, client: client, configuration: configuration, observer: observer, clock: context.clock,
            remember: (self.server, self.token))
        let summary: SyncSummary
        do {
            summary = try session.run()
            observer.finish()
        } catch {
            observer.finish()
            var message = error.message
            if error.code == .refused, token == nil {
                message = localized("sync.noToken")
            }
            throw CLIError(ExitStatus(rawValue: error.exitCode), message)
        }
        if context.isJSON {
            context.printJSON(summary.json)
        } else {
            context.console.line(summary.text)
        }
    }
}

/// Shows a sync's progress on a terminal (one line on standard error, rewritten in place, at most
/// ten times a second) and prints its notices; shows no progress when standard error is not a terminal.
final class SyncProgressPrinter: SyncObserver {
    private let console: Console
    private let isTerminal: Bool
    private var lastDraw = ContinuousClock.now.advanced(by: .seconds(-1))
    private var isLineShown = false

    init(console: Console, isTerminal: Bool) {
        self.console = console
        self.isTerminal = isTerminal
    }

    func syncDidProgress(_ progress: SyncProgress) {
        guard isTerminal, progress.phase == .pushing || progress.phase == .pulling else { return }
        let now = ContinuousClock.now
        guard lastDraw.duration(to: now) >= .milliseconds(100) else { return }
        lastDraw = now
        draw("\r\u{1B}[K" + progress.line)
        isLineShown = true
    }

    func syncNotice(_ message: String) {
        finish()
        console.error(message)
    }

    /// Clears the progress line, so that what follows starts on a clean line.
    func finish() {
        guard isLineShown else { return }
        draw("\r\u{1B}[K")
        isLineShown = false
    }

    private func draw(_ text: String) {
        console.flush()
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
