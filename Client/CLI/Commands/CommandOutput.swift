import GisementShared

extension CommandContext {
    /// Prints the id of a record a command made: alone on a line (so that `ID=$(gisement …)` works),
    /// or `{"id": …}` with `--json`.
    func printCreated(_ id: RecordID, kind: RecordKind) {
        if isJSON {
            printJSON(.object(["id": .string(id), "kind": .string(kind.rawValue)]))
        } else {
            console.line(id)
        }
    }

    /// Prints records as an aligned table, or as a JSON array of flat objects with `--json`.
    func printRecords(_ records: [Record], kind: RecordKind, table: TextTable, emptyMessage: String) {
        if isJSON {
            printJSON(.array(records.map(\.flatJSON)))
        } else {
            table.write(to: console, emptyMessage: emptyMessage)
        }
    }
}

/// Collects the fields of a record being created, in order, skipping options that were not given.
struct FieldList {
    private(set) var fields: [(name: String, value: FieldValue)] = []

    /// Adds a field when the value is there.
    mutating func add(_ name: String, _ value: FieldValue?) {
        guard let value, !value.isNull else { return }
        fields.append((name, value))
    }
}
