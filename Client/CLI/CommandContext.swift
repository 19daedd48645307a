import GisementCommandLine
import GisementShared

/// What a running command gets: the console, the global options, the environment and the replica.
///
/// Commands open the replica through here so that a missing replica, a foreign file or a file
/// of a newer version is reported the same way by every command (see ``CLIError/from(_:)``).
public final class CommandContext {
    public let console: Console
    public let globals: GlobalOptions
    public let environment: CLIEnvironment
    public let clock: WallClock

    public init(console: Console, globals: GlobalOptions, environment: CLIEnvironment, clock: WallClock = .system) {
        self.console = console
        self.globals = globals
        self.environment = environment
        self.clock = clock
    }

    /// The replica file this invocation works on.
    public var databasePath: String { environment.databasePath(globals) }

    /// Whether the output is JSON.
    public var isJSON: Bool { globals.isJSON }

    /// Opens the existing replica; never creates a file.
    /// - Throws: ``CLIError``: exit 1 with "run 'gisement init' first" when there is none, exit 65 for a
    ///   file that is not a Gisement replica or was written by a newer version.
    public func openReplica() throws(CLIError) -> ReplicaStore {
        do {
            return try ReplicaStore(path: databasePath, clock: clock)
        } catch {
            throw CLIError.from(error, path: databasePath)
        }
    }

    /// Opens the replica for a command that stamps edits (`log`, `set`, `rm`), warning when the
    /// device clock is behind the replica's own last stamp by more than a server accepts ahead:
    /// the clock was ahead before (edits were stamped in the future) and has been set back.
    public func openReplicaForWriting() throws(CLIError) -> ReplicaStore {
        let store = try openReplica()
        if let last = try? store.syncState.hlc.wall, last - clock.now() > ServerHealth.defaultMaxSkew {
            let behind = SyncSession.duration(last - clock.now())
            console.error(localized("warning.prefix") + localized("replica.clockBehind", ["behind": behind]))
        }
        return store
    }

    /// Writes one JSON document (and a newline) to standard output.
    public func printJSON(_ value: JSONValue) {
        console.line(JSONWriter.string(value))
    }
}
