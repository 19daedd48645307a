import GisementShared

/// Turns the rows of a CSV file into record writes, checking every row before anything is kept.
///
/// The header names fields (the contract's names; `weight-kg` is read as `weight_kg`) and may
/// have an `id` column: a row whose id exists updates that record, any other row creates one
/// (with the given id, or a new random one). Reference columns take ids or exact names. An empty
/// cell leaves the field as it is. A new record gets the same defaults as on the command line
/// (a test's status, a collection's district, time, items and outcome) and must have every
/// required field.
///
/// Rows are planned a chunk at a time (``plan(_:)``), so that an import can write one chunk while
/// the next is being checked (see ``CSVImportPipeline``); ids and references are checked against
/// the replica as it was before the import.
struct CSVImport {
    let kind: RecordKind
    let file: String
    let now: String
    private let store: ReplicaStore
    private let schema: KindSchema
    /// The field of each column; nil for the `id` column.
    private let columns: [FieldSpec?]
    private let idColumn: Int?
    private var resolver: ReferenceResolver
    private var seenIDs = Set<String>()
    private(set) var created = 0
    private(set) var updated = 0

    /// Reads the header row.
    /// - Throws: ``CLIError`` (exit 65) for an empty file, an unknown or repeated column.
    init(kind: RecordKind, file: String, now: String, header: CSVReader.Row?, store: ReplicaStore) throws {
        self.kind = kind
        self.file = file
        self.now = now
        self.store = store
        schema = Schema.of(kind)
        resolver = ReferenceResolver(store: store)
        guard let header else { throw CLIError.data("\(file) is empty; it needs a header row naming the fields.") }
        var columns: [FieldSpec?] = []
        var idColumn: Int? = nil
        for (i, raw) in header.cells.enumerated() {
            let name = String(raw.trimmingSpaces).replacingOccurrences("-", with: "_")
            if name == "id" {
                guard idColumn == nil else { throw CLIError.data("\(file): the column id appears twice.") }
                idColumn = i
                columns.append(nil)
                continue
            }
            guard let spec = schema.field(name) else {
                throw CLIError.data(
                    "\(file): unknown column '\(raw)'; \(kind.plural) have id, \(schema.fieldNames.joined(separator: ", ")).")
            }
            if columns.contains(where: { $0?.name == name }) {
                throw CLIError.data("\(file): the column \(name) appears twice.")
            }
            columns.append(spec)
        }
        self.columns = columns
        self.idColumn = idColumn
    }

    /// Checks `rows` (after the header) and returns their writes.
    /// - Throws: ``CLIError`` (exit 65) naming the line, column and problem of the first bad row.
    mutating func plan<Rows: Collection<CSVReader.Row>>(_ rows: Rows) throws -> [RecordWrite] {
        var writes: [RecordWrite] = []
        writes.reserveCapacity(rows.count)
        for row in rows {
            if let write = try plan(row) { writes.append(write) }
        }
        return writes
    }

    private mutating func plan(_ row: CSVReader.Row) throws -> RecordWrite? {
        func fail(_ problem: String) -> CLIError { CLIError.data("\(file), line \(row.line): \(problem).") }
        guard row.cells.count == columns.count else {
            throw fail("\(row.cells.count) cells where the header has \(columns.count)")
        }
        var fields = FieldList()
        for (i, spec) in columns.enumerated() {
            guard let spec, !row.cells[i].isEmpty else { continue }
            let text = row.cells[i]
            let value: FieldValue
            if case .reference(let target) = spec.type {
                do {
                    value = .text(try resolver.resolve(target, text, label: "column \(spec.name)").id)
                } catch {
                    throw fail(CLIError.sentence(error.message).dropLastFullStop)
                }
            } else {
                do {
                    value = try spec.parse(text)
                } catch {
                    throw fail("column \(spec.name): \(error.reason)")
                }
            }
            fields.add(spec.name, value)
        }
        var id = idColumn.map { row.cells[$0] } ?? ""
        if kind == .participation {
            let test = fields.fields.first { $0.name == "test" }?.value.textValue
            let partner = fields.fields.first { $0.name == "partner" }?.value.textValue
            if let test, let partner {
                let derived = Schema.participationID(test: test, partner: partner)
                if !id.isEmpty, id != derived {
                    throw fail("a participation's id must be '<test id>.<partner id>' (\(derived)), not '\(id)'")
                }
                id = derived
            }
        }
        var existing: Record? = nil
        if !id.isEmpty {
            if let why = Identifier.problem(with: id) { throw fail("the id '\(id)' \(why)") }
            guard seenIDs.insert(id).inserted else { throw fail("the id '\(id)' appears on two lines") }
            existing = try store.record(kind: kind, id: id)
        }
        if existing == nil {
            try addDefaults(&fields)
            do {
                try schema.checkRequired(fields.fields)
            } catch {
                throw fail("column \(error.field ?? "?") is required for a new \(kind)")
            }
            created += 1
        } else {
            updated += 1
        }
        if fields.fields.isEmpty { return nil }
        return RecordWrite(
            kind: kind, id: id.isEmpty ? store.newID(for: kind) : id, fields: fields.fields, isNew: existing == nil)
    }

    /// The defaults of a new record, as `test create` and `log` give them.
    private mutating func addDefaults(_ fields: inout FieldList) throws {
        let given = fields.fields.map(\.name)  // a handful: a list is cheaper than a set per row
        if kind == .collection {
            if !given.contains("district"), let test = fields.fields.first(where: { $0.name == "test" })?.value.textValue {
                fields.add("district", try resolver.resolve(.pilotTest, test, label: "column test")["district"])
            }
            if !given.contains("collected_at") { fields.add("collected_at", .text(now)) }
        }
        for spec in schema.fields where !given.contains(spec.name) {
            fields.add(spec.name, spec.defaultValue)
        }
    }
}

extension String {
    /// The string without a final full stop.
    var dropLastFullStop: String { hasSuffix(".") ? String(dropLast()) : self }
}
