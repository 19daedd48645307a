/// The options every command takes, wherever they stand on the command line.
///
/// `--db PATH` picks the replica file (falling back to `GISEMENT_DB`, then a file under the
/// user's data folder; see ``CLIEnvironment``); `--json` asks for machine-readable output.
public struct GlobalOptions: Sendable, Hashable {
    /// The path given with `--db`, if any.
    public var databasePath: String?
    /// Whether `--json` was given.
    public var isJSON: Bool

    public init(databasePath: String? = nil, isJSON: Bool = false) {
        self.databasePath = databasePath
        self.isJSON = isJSON
    }

    /// The global options as help prints them, after a command's own.
    static func specs(acceptsJSON: Bool) -> [OptionSpec] {
        var specs = [
            OptionSpec(
                "db", value: "path",
                help: "The replica database file (or $GISEMENT_DB; default $XDG_DATA_HOME/gisement/replica.sqlite).")
        ]
        if acceptsJSON { specs.append(OptionSpec("json", help: "Print machine-readable JSON.")) }
        specs.append(OptionSpec("version", help: "Show the version."))
        return specs
    }
}
