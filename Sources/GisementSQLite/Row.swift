/// One row of a query result, read by column index or name.
public struct Row: Hashable, Sendable {
    public let names: [String]
    public let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of the column named `name` (case-sensitive).
    /// - Throws: ``SQLiteError`` `SQLITE_RANGE` when the result has no such column: a missing
    ///   column is a damaged table or a wrong query, never a NULL.
    public subscript(name: String) -> SQLValue {
        get throws(SQLiteError) {
            guard let i = names.firstIndex(of: name) else {
                throw SQLiteError(
                    code: .SQLITE_RANGE,
                    message: "no column named \"\(name)\" in the result (columns: \(names.joined(separator: ", ")))")
            }
            return values[i]
        }
    }
}
