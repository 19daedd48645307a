/// Every `gisement` command, in the order the root help lists them.
///
/// The one place a command is added: append its type here.
public enum CommandTable {
    public static var commands: [any CLICommand.Type] {
        [
            InitCommand.self,
            DistrictCommand.self,
            PartnerCommand.self,
            TestCommand.self,
            LogCommand.self,
            WorkshopCommand.self,
            SetCommand.self,
            RemoveCommand.self,
            ShowCommand.self,
            ListCommand.self,
            StatusCommand.self,
            SyncCommand.self,
            VerifyCommand.self,
            ConflictsCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            ImportCommand.self,
        ]
    }
}
