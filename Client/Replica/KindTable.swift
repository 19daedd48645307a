import GisementShared
import GisementSQLite

/// The current-state table of one kind: its name and columns, and the SQL that reads and writes it.
///
/// Columns are the kind's fields in schema order (``KindSchema/fieldNames``, `deleted` last),
/// after the `id` column. Identifiers are quoted so that a field name never clashes with SQL.
struct KindTable {
    let schema: KindSchema
    let name: String
    let columns: [String]
    /// The types of the columns, in the same order.
    let types: [FieldType]

    init(_ kind: RecordKind) {
        schema = Schema.of(kind)
        name = kind.plural
        columns = schema.fieldNames
        types = schema.fields.map(\.type)
    }

    /// The table of every kind, built once.
    static let all: [RecordKind: KindTable] = Dictionary(
        uniqueKeysWithValues: RecordKind.allCases.map { ($0, KindTable($0)) })

    static func of(_ kind: RecordKind) -> KindTable { all[kind]! }

    /// Whether `field` has a column.
    func hasColumn(_ field: String) -> Bool { schema.field(field) != nil }

    /// `SELECT "id", "name", … FROM "districts"` (no WHERE).
    var selectAll: String {
        "SELECT \"id\", " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM \"\(name)\""
    }

    /// An upsert that sets `fields` (a subset of the columns) of one row, creating the row when missing.
    func upsert(fields: [String]) -> String {
        let names = fields.map { "\"\($0)\"" }
        let placeholders = (0...fields.count).map { "?\($0 + 1)" }.joined(separator: ", ")
        let updates = names.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \"\(name)\" (\"id\", \(names.joined(separator: ", "))) VALUES (\(placeholders)) "
            + "ON CONFLICT(\"id\") DO UPDATE SET \(updates)"
    }
}

/// The kind-table upsert of the record before, reused while the next records set the same
/// columns, as an import or a pulled page does for thousands in a row: building the SQL text and
/// finding it in the statement cache cost more than the write (15 % of a pull's merging in
/// callgrind when done per record).
struct KindRowUpsert {
    private var last: (kind: RecordKind, columns: [String], statement: Statement)?

    /// The upsert setting `columns` of `kind`'s table, reset and ready to bind.
    /// - Throws: ``SQLiteError`` when it cannot be prepared.
    mutating func statement(_ kind: RecordKind, columns: [String], in database: Database) throws -> Statement {
        if let last, last.kind == kind, last.columns == columns {
            last.statement.reset()
            return last.statement
        }
        let statement = try database.cachedStatement(sql: KindTable.of(kind).upsert(fields: columns))
        last = (kind, columns, statement)
        return statement
    }
}
