/// Every `gisement` command, in the order the root help lists them.
///
/// The one place a command is added: append its type here (`report` and `sync` are wired by
/// their own parts of the program).
public enum CommandTable {
    public static var commands: [any CLICommand.Type] {
        [
        ]
    }
}
