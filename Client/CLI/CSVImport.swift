import GisementCommandLine
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
/// A cell equal to the record's current value writes nothing, so re-importing an unchanged export
/// changes nothing. A sheet with a `_clock` column (``SheetClock``, as `export` writes it) is also
/// checked for cells that would undo an edit made since the export: they are collected
/// (``staleCells``) and stop the import unless `overwrite` is set. A sheet without the column is
/// not checked that way.
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
    /// Whether cells that would undo a later edit are written anyway (`--overwrite`).
    let overwrite: Bool
    /// The field of each column; nil for the `id` and `_clock` columns.
    private let columns: [FieldSpec?]
    private let idColumn: Int?
    private let clockColumn: Int?
    private var resolver: ReferenceResolver
    private var seenIDs = Set<String>()
    private(set) var totals = ImportTotals()
    /// The cells that would undo a later edit, in file order.
    private(set) var staleCells: [StaleCell] = []

    /// Reads the header row.
    /// - Throws: ``CLIError`` (exit 65) for an empty file, an unknown or repeated column.
    init(
        kind: RecordKind, file: String, now: String, header: CSVReader.Row?, store: ReplicaStore, overwrite: Bool = false
    ) throws {
        self.kind = kind
        self.file = file
        self.now = now
        self.store = store
        self.overwrite = overwrite
        schema = Schema.of(kind)
        // An export writes the ids of removed records that its rows still refer to.
        resolver = ReferenceResolver(store: store, acceptsRemovedIDs: true)
        guard let header else { throw CLIError.data(localized("import.empty", ["file": file])) }
        var columns: [FieldSpec?] = []
        var idColumn: Int? = nil
        var clockColumn: Int? = nil
        for (i, raw) in header.cells.enumerated() {
            let name = String(raw.trimmingSpaces).replacingOccurrences("-", with: "_")
            if name == SheetClock.column {
                guard clockColumn == nil else { throw CLIError.data(localized("import.columnTwice", ["file": file, "column": name])) }
                clockColumn = i
                columns.append(nil)
                continue
            }
            if name == "id" {
                guard idColumn == nil else { throw CLIError.data(localized("import.columnTwice", ["file": file, "column": "id"])) }
                idColumn = i
                columns.append(nil)
                continue
            }
            guard let spec = schema.field(name) else {
                throw CLIError.data(
                    localized(
                        "import.unknownColumn",
                        ["file": file, "column": ShownValue.quoted(raw), "kinds": Vocabulary.kindName(kind, plural: true),
                         "columns": (["id"] + schema.fieldNames + [SheetClock.column]).joined(separator: ", ")]))
            }
            if columns.contains(where: { $0?.name == name }) {
                throw CLIError.data(localized("import.columnTwice", ["file": file, "column": name]))
            }
            columns.append(spec)
        }
        self.columns = columns
        self.idColumn = idColumn
        self.clockColumn = clockColumn
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
        func fail(_ problem: String) -> CLIError {
            CLIError.data(localized("import.lineProblem", ["file": file, "line": String(row.line), "problem": problem]))
        }
        guard row.cells.count == columns.count else {
            throw fail(
                localized("import.cellCount", ["cells": String(row.cells.count), "columns": String(columns.count)]))
        }
        var fields = FieldList()
        /// The cell each field was read from, for the message about a stale cell.
        var cells: [String] = []
        for (i, spec) in columns.enumerated() {
            guard let spec, !row.cells[i].isEmpty else { continue }
            let text = spec.type == .text ? SpreadsheetGuard.unguarded(row.cells[i]) : row.cells[i]
            let value: FieldValue
            if case .reference(let target) = spec.type {
                do {
                    value = .text(try resolver.resolve(target, text, label: localized("import.column", ["column": spec.name])).id)
                } catch {
                    throw fail(CLIError.sentence(error.message).dropLastFullStop)
                }
            } else {
                do {
                    if spec.type == .dateTime, let reading = LocalDateTime.read(text) {
                        if let note = reading.note {
                            totals.notes.append(
                                localized("import.lineNote", ["line": String(row.line), "column": spec.name, "note": note]))
                        }
                        value = try spec.parse(reading.value)
                    } else {
                        value = try spec.parse(text)
                    }
                } catch {
                    throw fail(localized("import.columnProblem", ["column": spec.name, "reason": error.reason]))
                }
            }
            fields.add(spec.name, value)
            // Kept only for a sheet that can have stale cells: a plain import of new rows skips the copy.
            if clockColumn != nil, fields.fields.count > cells.count { cells.append(text) }
        }
        var id = idColumn.map { row.cells[$0] } ?? ""
        if kind == .participation {
            let test = fields.fields.first { $0.name == "test" }?.value.textValue
            let partner = fields.fields.first { $0.name == "partner" }?.value.textValue
            if let test, let partner {
                let derived = Schema.participationID(test: test, partner: partner)
                if !id.isEmpty, id != derived {
                    throw fail(localized("import.participationID", ["derived": derived, "id": id]))
                }
                id = derived
            }
        }
        var existing: Record? = nil
        if !id.isEmpty {
            if let why = Identifier.problem(with: id) { throw fail(localized("import.badID", ["id": id, "why": why])) }
            guard seenIDs.insert(id).inserted else { throw fail(localized("import.idTwice", ["id": id])) }
            existing = try store.record(kind: kind, id: id)
        }
        guard let existing else {
            try addDefaults(&fields)
            do {
                try schema.checkRequired(fields.fields)
            } catch {
                throw fail(localized("import.required", ["column": error.field ?? "?", "kind": Vocabulary.kindName(kind)]))
            }
            totals.created += 1
            let newID = id.isEmpty ? store.newID(for: kind) : id
            try notePlausibility(Record(kind: kind, id: newID, fields: Dictionary(fields.fields, uniquingKeysWith: { $1 })), line: row.line)
            return RecordWrite(kind: kind, id: newID, fields: fields.fields, isNew: true)
        }
        var sheetClock: VectorClock? = nil
        if let clockColumn {
            guard let clock = SheetClock.parse(row.cells[clockColumn]) else {
                throw fail(localized("import.badClock", ["column": SheetClock.column, "value": ShownValue.quoted(row.cells[clockColumn])]))
            }
            sheetClock = clock
        }
        let changed = try changedFields(of: existing, fields.fields, cells: cells, sheetClock: sheetClock)
        if changed.isEmpty {
            totals.unchanged += 1
            return nil
        }
        totals.changed += 1
        var updated = existing
        for field in changed { updated.fields[field.name] = field.value }
        try notePlausibility(updated, line: row.line)
        return RecordWrite(kind: kind, id: id, fields: changed, isNew: false)
    }

    /// The fields whose value differs from the record's current one (texts by their bytes). With
    /// a sheet clock, a differing cell whose current version the sheet had not seen is stale:
    /// collected, and written only with `overwrite`.
    private mutating func changedFields(
        of record: Record, _ fields: [(name: String, value: FieldValue)], cells: [String], sheetClock: VectorClock?
    ) throws -> [(name: String, value: FieldValue)] {
        var changed: [(name: String, value: FieldValue)] = []
        var versions: [String: FieldVersion]? = nil
        for (index, field) in fields.enumerated() where record.fields[field.name] ?? .null != field.value {
            if let sheetClock {
                if versions == nil { versions = try store.fieldVersions(kind: kind, id: record.id) }
                if let version = versions?[field.name], !sheetClock.contains(version.dot) {
                    staleCells.append(
                        StaleCell(
                            kind: kind, id: record.id, field: field.name, sheetText: cells[index],
                            current: record.fields[field.name] ?? .null, writer: version.dot.replica))
                    if !overwrite { continue }
                }
            }
            changed.append(field)
        }
        return changed
    }

    /// Notes an implausible collection (``CollectionPlausibility``): the import goes on, and the
    /// command prints the notes as warnings.
    private mutating func notePlausibility(_ collection: Record, line: Int) throws {
        guard kind == .collection else { return }
        let test = try collection.text("test").flatMap { try store.record(kind: .pilotTest, id: $0) }
        let concerns = CollectionPlausibility.concerns(collection, test: test)
        guard !concerns.isEmpty else { return }
        totals.notes.append(
            localized(
                "plausibility.line",
                ["line": String(line), "id": collection.id,
                 "concerns": concerns.map(CollectionPlausibility.describe).joined(separator: localized("list.separator"))]))
    }

    /// The defaults of a new record, as `test create` and `log` give them.
    private mutating func addDefaults(_ fields: inout FieldList) throws {
        let given = fields.fields.map(\.name)  // a handful: a list is cheaper than a set per row
        if kind == .collection {
            if !given.contains("district"), let test = fields.fields.first(where: { $0.name == "test" })?.value.textValue {
                fields.add("district", try resolver.resolve(.pilotTest, test, label: localized("import.column", ["column": "test"]))["district"])
            }
            if !given.contains("collected_at") { fields.add("collected_at", .text(now)) }
        }
        for spec in schema.fields where !given.contains(spec.name) {
            fields.add(spec.name, spec.defaultValue)
        }
    }
}

/// What an import did with the rows of its file.
struct ImportTotals: Sendable, Hashable {
    /// Rows that made a new record.
    var created = 0
    /// Rows of a known record with at least one cell that differs from its current value.
    var changed = 0
    /// Rows of a known record whose every cell equals its current value: nothing written.
    var unchanged = 0
    /// Cells written with `--overwrite` over an edit made since the sheet's export.
    var overwritten = 0
    /// What the user should know about rows that were read anyway: a local time at a clock
    /// change, an implausible collection. Printed as warnings; they never stop the import.
    var notes: [String] = []

    var rows: Int { created + changed + unchanged }
}

extension String {
    /// The string without a final full stop.
    var dropLastFullStop: String { hasSuffix(".") ? String(dropLast()) : self }
}
