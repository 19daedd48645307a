import GisementCommandLine
import GisementShared

/// Turns the districts and tests an admin names on `token add` and `token scope` (ids or exact
/// names) into ``ScopeKey`` keys, refusing a name that matches nothing or more than one record.
enum ScopeNames {
    /// The key of the district or test `text` names.
    /// - Throws: ``ServerCommandError`` (data) for an unknown or ambiguous name.
    static func key(_ db: any TokenBook, kind: RecordKind, _ text: String) throws -> String {
        if try db.holdsRecord(kind: kind, id: text) { return ScopeKey.of(kind, id: text, test: nil)! }
        let ids = try db.ids(kind: kind, named: text)
        switch ids.count {
        case 0:
            throw ServerCommandError.data(
                localized(kind == .pilotTest ? "server.scope.noTest" : "server.scope.noDistrict", ["text": text]))
        case 1:
            return ScopeKey.of(kind, id: ids[0], test: nil)!
        default:
            throw ServerCommandError.data(
                localized(
                    kind == .pilotTest ? "server.scope.ambiguousTest" : "server.scope.ambiguousDistrict",
                    ["count": String(ids.count), "text": text, "ids": ids.prefix(5).joined(separator: ", ")]))
        }
    }

    /// The keys of every `--district` and `--test` value under the given option names.
    static func keys(_ db: any TokenBook, _ parsed: ParsedArguments, district: String, test: String) throws -> Set<String> {
        var keys: Set<String> = []
        for text in parsed.lists[district] ?? [] { keys.insert(try key(db, kind: .district, text)) }
        for text in parsed.lists[test] ?? [] { keys.insert(try key(db, kind: .pilotTest, text)) }
        return keys
    }

    /// `district d-1 (Quartier Nord), test t-1`: a scope as people read it.
    static func describe(_ db: any TokenBook, _ scope: Set<String>?) -> String {
        guard let scope else { return "all" }
        if scope.isEmpty { return "nothing" }
        return scope.sorted().compactMap { key -> String? in
            guard let (letter, id) = ScopeKey.split(key) else { return nil }
            let kind: RecordKind = letter == "d" ? .district : .pilotTest
            let name = (try? db.name(kind: kind, id: id)) ?? nil
            return "\(kind == .district ? "district" : "test") \(id)" + (name.map { " (\($0))" } ?? "")
        }.joined(separator: ", ")
    }
}
