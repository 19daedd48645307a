import CPostgres

/// The rows a statement returned, copied out of libpq's result (text format; nil is NULL).
public struct PostgresRows: Sendable {
    public let columns: [String]
    private let values: [String?]
    /// For a command (`INSERT`, `UPDATE`…): how many rows it touched.
    public let affectedRows: Int

    init(_ result: OpaquePointer?) {
        guard let result else {
            columns = []
            values = []
            affectedRows = 0
            return
        }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                values.append(PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
            }
        }
        self.values = values
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public var count: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// The text of row `row`, column `column`; nil for NULL.
    public subscript(row: Int, column: Int) -> String? {
        precondition(row < count && column < columns.count, "row \(row), column \(column) is outside the result")
        return values[row * columns.count + column]
    }

    /// An integer column; nil for NULL or for text that is not an integer.
    public func integer(_ row: Int, _ column: Int) -> Int64? { self[row, column].flatMap { Int64($0) } }
}
