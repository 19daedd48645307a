import GisementCommandLine
import GisementShared

/// The access token given on the command line: `--token T` or `--token-file FILE`.
///
/// `--token` shows the token to every user of the machine (`ps`); `--token-file` and the
/// `GISEMENT_TOKEN` environment variable (``CLIEnvironment/token``) keep it out of the process list.
/// A file holds the token alone; surrounding spaces and line ends are ignored.
enum TokenOption {
    /// The two options, for a command's option list; `remembered` when the command stores the token.
    static func specs(remembered: Bool = true) -> [OptionSpec] {
        return [
            OptionSpec("token", value: "token", help: localized(remembered ? "help.opt.token.remembered" : "help.opt.token.used")),
            OptionSpec("token-file", value: "file", help: localized("help.opt.tokenFile")),
        ]
    }

    /// The token of `--token` or `--token-file`, checked; nil when neither is given.
    /// - Throws: ``CLIError`` (usage) for both options at once, an unreadable file or a malformed token.
    static func read(_ arguments: ParsedArguments) throws(CLIError) -> String? {
        let given = arguments.string("token")
        let file = arguments.string("token-file")
        if given != nil, file != nil {
            throw arguments.usageError(localized("token.both"))
        }
        var token = given
        if let file {
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.read(file)
            } catch {
                throw arguments.usageError(error.message + " " + localized("token.giveFile"))
            }
            token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        }
        if let token, !isWellFormed(token) {
            throw arguments.usageError(
                file.map { localized("token.malformedInFile", ["path": $0]) } ?? localized("token.malformed"))
        }
        return token
    }

    /// A token is one word of printable ASCII.
    static func isWellFormed(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line ends.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
