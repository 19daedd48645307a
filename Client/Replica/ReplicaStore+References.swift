import GisementShared
import GisementSQLite

/// Which records refer to which: what `rm` checks before removing a district, partner or test,
/// and what `export` adds so that a sheet never refers to a record it leaves out.
extension ReplicaStore {
    /// A reference field of one kind that points at another: `collections.test` → tests.
    struct ReferenceField {
        let kind: RecordKind
        let field: String
        let target: RecordKind
    }

    /// Every reference field of the schema, in dependency order of the referring kind.
    static let referenceFields: [ReferenceField] = Schema.kindsInDependencyOrder.flatMap { kind in
        Schema.of(kind).fields.compactMap { spec -> ReferenceField? in
            guard case .reference(let target) = spec.type else { return nil }
            return ReferenceField(kind: kind, field: spec.name, target: target)
        }
    }

    /// The live (not removed) records that refer to the record `kind`/`id`, by kind, in
    /// dependency order; a record referring to it through two fields counts once.
    /// - Throws: ``SQLiteError``.
    public func liveReferrers(to kind: RecordKind, id: RecordID) throws -> [(kind: RecordKind, ids: [RecordID])] {
        var result: [(kind: RecordKind, ids: [RecordID])] = []
        for referring in Schema.kindsInDependencyOrder {
            let fields = ReplicaStore.referenceFields.filter { $0.kind == referring && $0.target == kind }
            guard !fields.isEmpty else { continue }
            let condition = fields.map { "\"\($0.field)\" = ?1" }.joined(separator: " OR ")
            let statement = try database.cachedStatement(
                sql: "SELECT \"id\" FROM \"\(KindTable.of(referring).name)\" WHERE (\(condition)) AND \"deleted\" IS NOT 1 ORDER BY \"id\"")
            statement.bind(text: id, at: 1)
            defer { statement.reset() }
            var ids: [RecordID] = []
            while try statement.step() { ids.append(statement.text(at: 0)) }
            if !ids.isEmpty { result.append((referring, ids)) }
        }
        return result
    }

    /// The removed records of `kind` that an export still needs: those a live record refers to,
    /// or a removed record that is itself needed (a removed test of a live collection brings its
    /// removed district). Such references come from a removal and an edit made on two replicas
    /// before either saw the other's.
    /// - Throws: ``SQLiteError``.
    public func removedButReferenced(_ kind: RecordKind) throws -> Set<RecordID> {
        var needed: Set<RecordID> = []
        for reference in ReplicaStore.referenceFields where reference.target == kind {
            let referringNeeded = try removedButReferenced(reference.kind)
            let statement = try database.cachedStatement(
                sql: """
                    SELECT r."id", r."deleted" IS 1, r."\(reference.field)" FROM "\(KindTable.of(reference.kind).name)" r
                    JOIN "\(KindTable.of(kind).name)" t ON t."id" = r."\(reference.field)" WHERE t."deleted" IS 1
                    """)
            defer { statement.reset() }
            while try statement.step() {
                if statement.int64(at: 1) == 0 || referringNeeded.contains(statement.text(at: 0)) {
                    needed.insert(statement.text(at: 2))
                }
            }
        }
        return needed
    }

    /// The vector clock of every record of `kind` held here, by id: what `export` writes in its
    /// `_clock` column.
    /// - Throws: ``SQLiteError``, ``ReplicaError`` for a clock naming an unknown replica number.
    public func recordClocks(_ kind: RecordKind) throws -> [RecordID: VectorClock] {
        let statement = try database.makeStatement(sql: "SELECT id, clock FROM records WHERE kind = ?1")
        statement.bind(int64: KindCode.of(kind), at: 1)
        var clocks: [RecordID: VectorClock] = [:]
        while try statement.step() {
            clocks[statement.text(at: 0)] = try numbers.decode(statement.text(at: 1))
        }
        return clocks
    }
}
