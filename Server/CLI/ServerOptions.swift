import GisementCommandLine
import GisementShared

extension OptionSpec {
    /// `--db PATH`, which every command that opens the database takes.
    static var serverDatabase: OptionSpec {
        OptionSpec("db", value: "path|url", help: localized("server.help.db"), default: ServerConfiguration.defaultDatabasePath)
    }

    /// `--json`, for commands that print data.
    static var json: OptionSpec { OptionSpec("json", help: localized("server.help.json")) }
}

extension ParsedArguments {
    /// The database path given with `--db`, or the default.
    var databasePath: String { values["db"] ?? ServerConfiguration.defaultDatabasePath }

    var isJSON: Bool { flag("json") }

    /// An integer option, checked against a range.
    /// - Throws: ``ServerCommandError`` (usage).
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw usageError(
                localized(
                    "server.parse.integer",
                    ["option": "--" + name, "low": String(range.lowerBound), "high": String(range.upperBound), "value": text]))
        }
        return value
    }
}
