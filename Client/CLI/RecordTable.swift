import GisementShared

/// The table `list` prints for people, with the columns that matter for each kind and the names
/// of referenced records instead of their ids.
struct RecordTable {
    let kind: RecordKind
    let store: ReplicaStore
    private(set) var table: TextTable
    private var names: [String: String] = [:]

    /// What a reference to a removed record shows.
    static var removed: String { localized("list.removed") }

    init(kind: RecordKind, store: ReplicaStore) {
        self.kind = kind
        self.store = store
        switch kind {
        case .district:
            table = TextTable([.init("id"), .init(RecordTable.h("name")), .init(RecordTable.h("commune")), .init(RecordTable.h("code")),
                               .init(RecordTable.h("population"), rightAligned: true), .init(RecordTable.h("habitat"))])
        case .partner:
            table = TextTable([.init("id"), .init(RecordTable.h("name")), .init(RecordTable.h("kind")), .init(RecordTable.h("contact"))])
        case .pilotTest:
            table = TextTable([.init("id"), .init(RecordTable.h("name")), .init(RecordTable.h("district")), .init(RecordTable.h("starts")), .init(RecordTable.h("ends")),
                               .init(RecordTable.h("status")), .init(RecordTable.h("target"), rightAligned: true)])
        case .participation:
            table = TextTable([.init("id"), .init(RecordTable.h("test")), .init(RecordTable.h("partner")), .init(RecordTable.h("role"))])
        case .collection:
            table = TextTable([.init("id"), .init(RecordTable.h("when")), .init(RecordTable.h("test")), .init(RecordTable.h("category")), .init(RecordTable.h("item")),
                               .init(RecordTable.h("items"), rightAligned: true), .init(RecordTable.h("weight"), rightAligned: true),
                               .init(RecordTable.h("source")), .init(RecordTable.h("condition")), .init(RecordTable.h("outcome"))])
        case .workshop:
            table = TextTable([.init("id"), .init(RecordTable.h("heldOn")), .init(RecordTable.h("test")), .init(RecordTable.h("topic")),
                               .init(RecordTable.h("places"), rightAligned: true), .init(RecordTable.h("attendees"), rightAligned: true),
                               .init(RecordTable.h("newMembers"), rightAligned: true)])
        }
    }

    /// Adds one record as a row.
    mutating func append(_ record: Record) throws {
        let schema = Schema.of(kind)
        func cell(_ field: String) -> String {
            Display.value(record[field], field: field, type: schema.field(field)?.type)
        }
        switch kind {
        case .district:
            table.append([record.id, cell("name"), cell("commune"), cell("code"), cell("population"), cell("habitat")])
        case .partner:
            table.append([record.id, cell("name"), cell("kind"), cell("contact")])
        case .pilotTest:
            var target: [String] = []
            if record["target_kg"] != nil { target.append(cell("target_kg")) }
            if record["target_items"] != nil { target.append(localized("list.targetItems", ["count": cell("target_items")])) }
            table.append([record.id, cell("name"), try name(.district, record.text("district")), cell("starts_on"),
                          cell("ends_on"), cell("status"), target.joined(separator: ", ")])
        case .participation:
            table.append([record.id, try name(.pilotTest, record.text("test")), try name(.partner, record.text("partner")),
                          cell("role")])
        case .collection:
            table.append([record.id, cell("collected_at"), try name(.pilotTest, record.text("test")), cell("category"),
                          cell("item"), cell("items"), cell("weight_kg"), cell("source"), cell("condition"),
                          cell("outcome")])
        case .workshop:
            table.append([record.id, cell("held_on"), try name(.pilotTest, record.text("test")), cell("topic"),
                          cell("places"), cell("attendees"), cell("new_members")])
        }
    }

    /// The name of a referenced record (its id when it has none or is unknown here, "(removed)"
    /// when it was removed), cached.
    /// A column heading in the current language.
    private static func h(_ column: String) -> String { localized("list.column." + column) }

    private mutating func name(_ kind: RecordKind, _ id: RecordID?) throws -> String {
        guard let id else { return "" }
        if let name = names[id] { return name }
        let record = try store.record(kind: kind, id: id)
        let name = record?.isDeleted == true ? RecordTable.removed : record?.text("name") ?? id
        names[id] = name
        return name
    }
}
