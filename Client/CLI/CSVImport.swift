import GisementShared

/// Turns the rows of a CSV file into record writes, checking every row before anything is written.
///
/// The header names fields (the contract's names; `weight-kg` is read as `weight_kg`) and may
/// have an `id` column: a row whose id exists updates that record, any other row creates one
/// (with the given id, or a new random one). Reference columns take ids or exact names. An empty
/// cell leaves the field as it is. A new record gets the same defaults as on the command line
/// (a test's status, a collection's district, time, items and outcome) and must have every
/// required field.
struct CSVImport {
    let kind: RecordKind
    let file: String
    let now: String

    struct Plan {
        var writes: [RecordWrite] = []
        var created = 0
        var updated = 0
    }

    /// Checks every row and returns the writes.
    /// - Throws: ``CLIError`` (exit 65) naming the line, column and problem of the first bad row.
    func plan(_ rows: [CSVReader.Row], store: ReplicaStore) throws -> Plan {
        let schema = Schema.of(kind)
        guard let header = rows.first else { throw CLIError.data("\(file) is empty; it needs a header row naming the fields.") }
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
        var resolver = ReferenceResolver(store: store)
        var plan = Plan()
        plan.writes.reserveCapacity(rows.count - 1)
        var seenIDs = Set<String>()
        for row in rows.dropFirst() {
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
                try addDefaults(&fields, resolver: &resolver)
                do {
                    try schema.checkRequired(fields.fields)
                } catch {
                    throw fail("column \(error.field ?? "?") is required for a new \(kind)")
                }
                plan.created += 1
            } else {
                plan.updated += 1
            }
            if fields.fields.isEmpty { continue }
            plan.writes.append(RecordWrite(
                kind: kind, id: id.isEmpty ? store.newID(for: kind) : id, fields: fields.fields,
                isNew: existing == nil))
        }
        return plan
    }

    /// The defaults of a new record, as `test create` and `log` give them.
    private func addDefaults(_ fields: inout FieldList, resolver: inout ReferenceResolver) throws {
        let given = fields.fields.map(\.name)  // a handful: a list is cheaper than a set per row
        if kind == .collection {
            if !given.contains("district"), let test = fields.fields.first(where: { $0.name == "test" })?.value.textValue {
                fields.add("district", try resolver.resolve(.pilotTest, test, label: "column test")["district"])
            }
            if !given.contains("collected_at") { fields.add("collected_at", .text(now)) }
        }
        for spec in Schema.of(kind).fields where !given.contains(spec.name) {
            fields.add(spec.name, spec.defaultValue)
        }
    }
}

extension String {
    /// The string without a final full stop.
    var dropLastFullStop: String { hasSuffix(".") ? String(dropLast()) : self }
}
