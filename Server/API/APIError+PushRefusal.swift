extension APIError {
    /// The answer to a push the store refused as a whole.
    init(_ refusal: PushRefusal) {
        switch refusal {
        case .replicaConflict(let index, let dot):
            self = .replicaConflict(
                "Change \(index): the server holds a different change under \(dot.replica):\(dot.counter), pushed by "
                    + "the same replica id: this replica file is a copy of another one. Take a new replica id, stamp the "
                    + "changes not yet acknowledged again, and push them.",
                index: index)
        case .forbiddenChange(let index, let field, let reason):
            self = APIError(
                status: .forbidden, code: "forbidden_change",
                message: "Change \(index): \(reason)", index: index, field: field)
        case .replicaOwned(let replica, _):
            self = .replicaOwned(
                "The replica id \(replica) belongs to another token; sync with that replica's own token, or ask an admin "
                    + "to run 'gisement-server replica release \(replica)'.")
        }
    }
}
