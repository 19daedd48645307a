import GisementCommandLine
import GisementShared

/// Turns what a person typed for `--district`, `--test`, `--partner` (or a reference column of a
/// CSV file) into a record: an id, or else an exact name.
///
/// An unknown reference says how to list the candidates; an ambiguous name lists them (ids and
/// names) so that the person can give the id instead. Both are invalid data (exit 65).
public struct ReferenceResolver {
    let store: ReplicaStore
    /// Whether an id of a removed record is accepted (an import: an export writes the ids of
    /// removed records its rows still refer to). A name only ever matches records not removed.
    let acceptsRemovedIDs: Bool
    /// Records already resolved, by kind then by the text given (a CSV column repeats the same few).
    private var cache: [RecordKind: [String: Record]] = [:]

    public init(store: ReplicaStore, acceptsRemovedIDs: Bool = false) {
        self.store = store
        self.acceptsRemovedIDs = acceptsRemovedIDs
    }

    /// The record of `kind` that `text` names, by id first, then by exact name. Removed records are
    /// refused, unless `acceptsRemovedIDs` and `text` is the id.
    /// - Parameter label: how the reference is called in messages (`--test`, `column test on line 4`).
    /// - Throws: ``CLIError`` (exit 65) for an unknown, removed or ambiguous reference.
    public mutating func resolve(_ kind: RecordKind, _ text: String, label: String) throws(CLIError) -> Record {
        if let record = cache[kind]?[text] { return record }
        let record = try lookUp(kind, text, label: label)
        cache[kind, default: [:]][text] = record
        return record
    }

    private func lookUp(_ kind: RecordKind, _ text: String, label: String) throws(CLIError) -> Record {
        let byID: Record?
        let byName: [Record]
        do {
            byID = Identifier.isValid(text) ? try store.record(kind: kind, id: text) : nil
            byName = try store.records(kind: kind, named: text)
        } catch {
            throw CLIError.from(error, path: store.path)
        }
        if let byID {
            if byID.isDeleted, acceptsRemovedIDs { return byID }
            if byID.isDeleted, byName.isEmpty {
                throw CLIError.data(
                    localized(
                        "reference.removed",
                        ["kind": Vocabulary.kindName(kind), "text": text, "option": label,
                         "command": ReferenceResolver.listCommand(kind)]))
            }
            if !byID.isDeleted { return byID }
        }
        switch byName.count {
        case 0:
            throw CLIError.data(
                localized(
                    "reference.notFound",
                    ["kind": Vocabulary.kindName(kind), "text": text, "option": label,
                     "command": ReferenceResolver.listCommand(kind)]))
        case 1:
            return byName[0]
        default:
            let candidates = byName.map { "\($0.id) (\($0.text("name") ?? ""))" }.joined(separator: ", ")
            throw CLIError.data(
                localized(
                    "reference.ambiguous",
                    ["text": text, "option": label, "count": String(byName.count),
                     "kinds": Vocabulary.kindName(kind, plural: true), "candidates": candidates]))
        }
    }

    /// The command that lists the records of a kind.
    public static func listCommand(_ kind: RecordKind) -> String {
        switch kind {
        case .district, .partner, .pilotTest: return "gisement \(kind.rawValue) list"
        case .participation, .collection, .workshop: return "gisement list \(kind.plural)"
        }
    }

    /// A record's name for people, `name (id)`; the id alone when it has no name.
    public static func label(_ record: Record?) -> String {
        guard let record else { return "" }
        if let name = record.text("name") { return name }
        return record.id
    }
}
