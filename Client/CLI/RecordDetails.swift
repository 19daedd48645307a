import GisementShared

/// The detailed view of one record for people: its kind and id, then one line per set field,
/// with referenced records shown by name.
///
/// ```
/// collection c-5b1e…
///   test          Bellevue spring (t-91aa…)
///   collected_at  2026-03-14 10:15
///   weight_kg     12.5 kg
/// ```
struct RecordDetails {
    let store: ReplicaStore

    /// The lines of the view, without a trailing newline.
    func lines(_ record: Record) throws -> [String] {
        let schema = Schema.of(record.kind)
        var lines = [Vocabulary.kindName(record.kind) + " " + record.id + (record.isDeleted ? " " + RecordTable.removed : "")]
        let width = (schema.fields.map(\.name.count).max() ?? 0) + 2
        for spec in schema.fields where spec.name != Schema.deletedField {
            guard let value = record[spec.name] else { continue }
            var shown = Display.value(value, field: spec.name, type: spec.type)
            if case .reference(let kind) = spec.type, let id = value.textValue {
                if let referenced = try store.record(kind: kind, id: id) {
                    shown = "\(referenced.text("name") ?? id) (\(id))"
                    if referenced.isDeleted { shown += " " + RecordTable.removed }
                }
            }
            if case .dateTime = spec.type, let text = value.textValue, shown != text {
                shown += " (\(text))"
            }
            lines.append("  " + spec.name + String(repeating: " ", count: width - spec.name.count) + shown)
        }
        return lines
    }
}
