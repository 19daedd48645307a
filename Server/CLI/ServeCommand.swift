import GisementCommandLine
import GisementShared
import Dispatch
import Foundation
import GisementHTTP
import Synchronization
import GisementPostgres
import GisementSQLite

#if canImport(Glibc)
import Glibc
#endif

/// `gisement-server serve`: serves the API until SIGINT or SIGTERM.
///
/// The signal sources are installed before `listening on http://HOST:PORT` is printed, so a
/// supervisor that signals as soon as it reads the line is always heard. On a signal the server
/// stops accepting, finishes in-flight requests, writes what is queued, closes the database and
/// exits 0.
struct ServeCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "serve", abstract: localized("server.help.serve.abstract"),
            discussion: localized("server.help.serve.discussion"),
            options: [
                .init("host", value: "host", help: localized("server.help.serve.host"), default: "127.0.0.1"),
                .init("port", value: "port", help: localized("server.help.serve.port"), default: "8080"),
                .serverDatabase,
                .init(
                    "max-skew", value: "seconds", help: localized("server.help.serve.maxSkew"),
                    default: "600"),
                .init("max-body", value: "bytes", help: localized("server.help.serve.maxBody"), default: "33554432"),
                .init(
                    "db-timeout", value: "seconds", help: localized("server.help.serve.dbTimeout"),
                    default: String(Int(PostgresStore.defaultAnswerTimeout))),
                .init(
                    "metrics", value: "on|off", help: localized("server.help.serve.metrics"),
                    allowedValues: ["on", "off"], default: "on"),
            ])
    }

    let configuration: ServerConfiguration

    init(_ parsed: ParsedArguments) throws {
        var configuration = ServerConfiguration(databasePath: parsed.databasePath)
        configuration.postgresURL = PostgresURL(parsed.databasePath)
        configuration.host = parsed.values["host"] ?? configuration.host
        configuration.port = try parsed.integer("port", in: 0...65_535) ?? configuration.port
        configuration.maxSkewSeconds =
            try parsed.integer("max-skew", in: 0...31_536_000) ?? configuration.maxSkewSeconds
        configuration.maxBodyBytes =
            try parsed.integer("max-body", in: 1024...(1 << 31)) ?? configuration.maxBodyBytes
        configuration.databaseAnswerTimeout =
            try parsed.integer("db-timeout", in: 1...86_400).map(Double.init) ?? configuration.databaseAnswerTimeout
        configuration.servesMetrics = parsed.values["metrics"] != "off"
        self.configuration = configuration
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        var configuration = configuration
        if let warning = environment.logLevelWarning { console.error(warning) }
        configuration.logger = Logger(label: "gisement.server", level: environment.logLevel, sink: .standardError)
        configuration.accessLogger = Logger(label: "gisement.access", level: environment.logLevel, sink: .standardError)
        let signals = ShutdownSignals()
        signals.install()
        let server: RunningServer
        do {
            server = try await GisementServerApp.start(configuration)
        } catch let error as ServerStartError {
            throw ServerCommandError.failure(ServerDatabase.sentence(error.description))
        } catch let error as SocketError {
            throw ServerCommandError.failure(
                localized(
                    "server.serve.cannotListen",
                    ["host": configuration.host, "port": String(configuration.port), "reason": "\(error)"]))
        } catch {
            throw ServerDatabase.describe(error, path: configuration.databasePath)
        }
        if !((try? await server.store.hasAdminToken()) ?? true) {
            console.error(
                localized(
                    "server.serve.noAdmin",
                    ["path": configuration.postgresURL?.redacted ?? configuration.databasePath]))
        }
        console.line("listening on \(server.baseURL)")
        let signal = await signals.next()
        configuration.logger.info("stopping on \(signal == SIGTERM ? "SIGTERM" : "SIGINT")")
        await server.stop(timeout: .seconds(10))
        configuration.logger.info("stopped")
    }
}

/// SIGINT and SIGTERM as Dispatch sources: the default handlers are ignored so the process
/// is never killed half-way, and the first signal resumes ``next()``.
///
/// `@unchecked Sendable`: the sources are made in `init` and only resumed afterwards; the mutable
/// state sits behind a mutex.
final class ShutdownSignals: @unchecked Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private let state = Mutex(State())
    private let sources: [any DispatchSourceSignal]

    init() {
        let queue = DispatchQueue(label: "gisement.signals")
        sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
    }

    /// Ignores the default action of SIGINT and SIGTERM and starts listening for them.
    func install() {
        for (number, source) in zip([SIGINT, SIGTERM], sources) {
            Glibc.signal(number, SIG_IGN)
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
        }
    }

    /// Waits for the first signal and returns its number.
    func next() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received: Int32? = state.withLock { state in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }

    private func deliver(_ number: Int32) {
        let waiter: CheckedContinuation<Int32, Never>? = state.withLock { state in
            guard state.received == nil else { return nil }
            state.received = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }
}
