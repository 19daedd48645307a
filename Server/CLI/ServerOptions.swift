import GisementCommandLine
import GisementShared

extension OptionSpec {
    /// `--db PATH`, which every command that opens the database takes.
    static let serverDatabase = OptionSpec(
        "db", value: "path", help: "The server database file.", default: ServerConfiguration.defaultDatabasePath)

    /// `--json`, for commands that print data.
    static let json = OptionSpec("json", help: "Print JSON instead of text.")
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
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'.")
        }
        return value
    }
}
