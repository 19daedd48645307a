#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GisementShared

/// The environment variables the command line reads, read in one place.
///
/// `GISEMENT_DB` names the replica file when `--db` is not given; otherwise the replica lives
/// under the user's data folder, `$XDG_DATA_HOME/gisement/replica.sqlite` or
/// `~/.local/share/gisement/replica.sqlite` (the XDG Base Directory specification).
public struct CLIEnvironment: Sendable, Hashable {
    public var databasePath: String?
    public var xdgDataHome: String?
    public var home: String?
    /// `GISEMENT_TOKEN`: the access token `sync` uses when none is given on its command line
    /// (used, not remembered).
    public var token: String?
    /// The language the locale asks for (`LC_ALL`, `LC_MESSAGES`, `LANG`); `--lang` overrides it.
    public var language: Language

    public init(
        databasePath: String? = nil, xdgDataHome: String? = nil, home: String? = nil, token: String? = nil,
        language: Language = .en
    ) {
        self.databasePath = databasePath
        self.xdgDataHome = xdgDataHome
        self.home = home
        self.token = token
        self.language = language
    }

    /// The process's environment.
    public static func current() -> CLIEnvironment {
        func read(_ name: String) -> String? {
            guard let pointer = getenv(name) else { return nil }
            let value = String(cString: pointer)
            return value.isEmpty ? nil : value
        }
        return CLIEnvironment(
            databasePath: read("GISEMENT_DB"), xdgDataHome: read("XDG_DATA_HOME"), home: read("HOME"),
            token: read("GISEMENT_TOKEN"),
            language: Language.fromLocale(lcAll: read("LC_ALL"), lcMessages: read("LC_MESSAGES"), lang: read("LANG")))
    }

    /// The data folder of Gisement under the user's data home.
    public var dataDirectory: String {
        if let xdgDataHome, xdgDataHome.hasPrefix("/") { return xdgDataHome + "/gisement" }
        return (home ?? ".") + "/.local/share/gisement"
    }

    /// The replica file: `--db`, then `GISEMENT_DB`, then the data folder's `replica.sqlite`.
    public func databasePath(_ globals: GlobalOptions) -> String {
        globals.databasePath ?? databasePath ?? dataDirectory + "/replica.sqlite"
    }
}
