import GisementCommandLine
import GisementSQLite
import GisementShared

/// Turns the districts and tests an admin names on `token add` and `token scope` (ids or exact
/// names) into ``ScopeKey`` keys, refusing a name that matches nothing or more than one record.
enum ScopeNames {
    /// The key of the district or test `text` names.
    /// - Throws: ``ServerCommandError`` (data) for an unknown or ambiguous name.
    static func key(_ db: Database, kind: RecordKind, _ text: String) throws -> String {
        let byID = try db.scalar(
            sql: "SELECT 1 FROM field_versions WHERE kind = ? AND id = ? LIMIT 1",
            arguments: [.text(kind.rawValue), .text(text)])
        if byID != nil { return ScopeKey.of(kind, id: text, test: nil)! }
        let ids = try db.query(
            sql: "SELECT id FROM field_versions WHERE kind = ? AND field = 'name' AND value = ? ORDER BY id",
            arguments: [.text(kind.rawValue), .text(text)]
        ).compactMap { $0[0].textValue }
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
    static func keys(_ db: Database, _ parsed: ParsedArguments, district: String, test: String) throws -> Set<String> {
        var keys: Set<String> = []
        for text in parsed.lists[district] ?? [] { keys.insert(try key(db, kind: .district, text)) }
        for text in parsed.lists[test] ?? [] { keys.insert(try key(db, kind: .pilotTest, text)) }
        return keys
    }

    /// `district d-1 (Quartier Nord), test t-1`: a scope as people read it.
    static func describe(_ db: Database, _ scope: Set<String>?) -> String {
        guard let scope else { return "all" }
        if scope.isEmpty { return "nothing" }
        return scope.sorted().compactMap { key -> String? in
            guard let (letter, id) = ScopeKey.split(key) else { return nil }
            let kind: RecordKind = letter == "d" ? .district : .pilotTest
            let name = try? db.scalar(
                sql: "SELECT value FROM field_versions WHERE kind = ? AND id = ? AND field = 'name'",
                arguments: [.text(kind.rawValue), .text(id)])?.textValue
            return "\(kind == .district ? "district" : "test") \(id)" + (name.map { " (\($0))" } ?? "")
        }.joined(separator: ", ")
    }
}
