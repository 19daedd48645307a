/// Why a database file was refused before any migration ran. The file is left untouched.
public enum MigrationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is a SQLite database of another program (or another Gisement role).
    case foreignDatabase(path: String, applicationID: Int32)
    /// The file was written by a newer version of the program: it holds migrations this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A programmer error: two migrations registered with one id.
    case duplicateMigration(String)

    public var description: String {
        switch self {
        case .foreignDatabase(let path, _):
            return "\(path) is not a database of this program; give another path or move that file away"
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer version of Gisement (migration \(unknown.first ?? "?")); "
                + "upgrade this program to use it"
        case .duplicateMigration(let id):
            return "the migration id \(id) is registered twice"
        }
    }
}
