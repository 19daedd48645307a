import GisementCommandLine

/// The one error type of the server's command line: the toolkit's ``CLIError`` (one sentence for
/// standard error and an exit status), under the name the server's code and its database opener
/// have always used.
///
/// A usage error also prints the command's usage line and where to find its help:
/// ```
/// Error: Missing value for '--role <role>'.
/// Usage: gisement-server token add <name> --role <role> [--district <district>] [...]
///   See 'gisement-server token add --help' for more.
/// ```
public typealias ServerCommandError = CLIError
