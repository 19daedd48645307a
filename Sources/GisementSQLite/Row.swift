/// One row of a query result, read by column index or name.
public struct Row: Hashable, Sendable {
    public let names: [String]
    public let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of the column named `name` (case-sensitive), `.null` when there is none.
    public subscript(name: String) -> SQLValue {
        guard let i = names.firstIndex(of: name) else { return .null }
        return values[i]
    }
}
