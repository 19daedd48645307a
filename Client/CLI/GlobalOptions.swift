import GisementCommandLine
import GisementShared

/// The options every command takes, wherever they stand on the command line.
///
/// `--db PATH` picks the replica file (falling back to `GISEMENT_DB`, then a file under the
/// user's data folder; see ``CLIEnvironment``); `--json` asks for machine-readable output.
public struct GlobalOptions: Sendable, Hashable {
    /// The path given with `--db`, if any.
    public var databasePath: String?
    /// Whether `--json` was given.
    public var isJSON: Bool
    /// The language given with `--lang`, if any (else the locale's; see ``CLIEnvironment/language``).
    public var language: Language?

    public init(databasePath: String? = nil, isJSON: Bool = false, language: Language? = nil) {
        self.databasePath = databasePath
        self.isJSON = isJSON
        self.language = language
    }

    /// The value of `--lang` in raw arguments, read before parsing so that the parser's own
    /// errors and the help are already in that language (nil when absent or not fr/en).
    static func language(in arguments: [String]) -> Language? {
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let token = arguments[index]
            if token == "--lang", index + 1 < arguments.count { return Language(rawValue: arguments[index + 1]) }
            if token.hasPrefix("--lang=") { return Language(rawValue: String(token.dropFirst(7))) }
            index += 1
        }
        return nil
    }

    /// The global options as the parser accepts them and help prints them, after a command's own.
    static var specs: [OptionSpec] {
        [
            OptionSpec("db", value: "path", help: localized("help.global.db")),
            OptionSpec("json", help: localized("help.global.json")),
            OptionSpec("lang", value: "fr|en", help: localized("help.global.lang")),
        ]
    }

    /// The global options of a parsed command line.
    /// - Throws: ``CLIError`` (usage) for an empty `--db` or a `--lang` other than fr and en.
    public init(_ arguments: ParsedArguments) throws(CLIError) {
        self.init(databasePath: arguments.values["db"], isJSON: arguments.flag("json"))
        if databasePath?.isEmpty ?? false { throw arguments.usageError(localized("parse.dbNeedsPath")) }
        if let text = arguments.values["lang"] {
            guard let language = Language(rawValue: text) else {
                throw arguments.usageError(
                    localized("parse.notAllowed", ["value": text, "option": "--lang", "choices": "fr, en"]))
            }
            self.language = language
        }
    }
}
