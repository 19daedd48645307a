/// The exit status of a Gisement program (`gisement`, `gisement-server`), as the contract fixes it:
/// the BSD `sysexits.h` numbers, so that scripts read both programs the same way.
///
/// A protocol vocabulary (a `RawRepresentable` struct with `static let`s) rather than an enum,
/// so that a status read from a child process compares directly:
/// `0` success, `64` usage error, `65` invalid data, `69` server unreachable,
/// `77` token refused, `1` anything else (see `docs/cli.md`).
public struct ExitStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The command did what was asked.
    public static let success = ExitStatus(rawValue: 0)
    /// Anything not covered below: a missing replica, an I/O failure, a refused re-init.
    public static let failure = ExitStatus(rawValue: 1)
    /// `EX_USAGE`: the command line itself is wrong: unknown option, missing argument, a value an
    /// option does not allow.
    public static let usage = ExitStatus(rawValue: 64)
    /// `EX_DATAERR`: the data is wrong: an unknown or ambiguous reference, a bad CSV file, a field
    /// value `set` refuses, a database file that is not Gisement's.
    public static let dataError = ExitStatus(rawValue: 65)
    /// `EX_UNAVAILABLE`: the server cannot be reached (used by `sync`).
    public static let unavailable = ExitStatus(rawValue: 69)
    /// `EX_SOFTWARE`: an internal error (a bug).
    public static let software = ExitStatus(rawValue: 70)
    /// `EX_CANTCREAT`: an output file cannot be created.
    public static let cannotCreate = ExitStatus(rawValue: 73)
    /// `EX_IOERR`: reading or writing a file failed.
    public static let ioError = ExitStatus(rawValue: 74)
    /// `EX_TEMPFAIL`: try again later (a busy resource).
    public static let temporaryFailure = ExitStatus(rawValue: 75)
    /// `EX_NOPERM`: the server refused the token (used by `sync`).
    public static let refused = ExitStatus(rawValue: 77)

    public var description: String { String(rawValue) }
}
