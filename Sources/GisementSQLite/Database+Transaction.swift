/// How a transaction takes its locks. See https://www.sqlite.org/lang_transaction.html
public enum TransactionKind: String, Sendable {
    /// Takes locks when first needed; a read may later fail to upgrade to a write.
    case deferred = "DEFERRED"
    /// Takes the write lock at once: the kind every write should use.
    case immediate = "IMMEDIATE"
    case exclusive = "EXCLUSIVE"
}

/// What a transaction's body asks for when it returns normally.
public enum TransactionCompletion: Sendable {
    case commit
    case rollback
}

extension Database {
    /// Runs `body` in a transaction: commits when it returns `.commit`, rolls back when it returns
    /// `.rollback` or throws. The first error is the one rethrown (a failed rollback does not hide it).
    /// - Throws: the body's error, or ``SQLiteError`` from BEGIN/COMMIT.
    public func inTransaction(
        _ kind: TransactionKind = .immediate, _ body: () throws -> TransactionCompletion
    ) throws {
        try execute(sql: "BEGIN \(kind.rawValue) TRANSACTION")
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            try? execute(sql: "ROLLBACK")
            throw error
        }
        switch completion {
        case .commit:
            do {
                try execute(sql: "COMMIT")
            } catch {
                try? execute(sql: "ROLLBACK")
                throw error
            }
        case .rollback:
            try execute(sql: "ROLLBACK")
        }
    }

    /// Runs `body` in an immediate transaction and commits; returns what the body returned.
    /// - Throws: the body's error (after rolling back), or ``SQLiteError``.
    public func write<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try inTransaction(.immediate) {
            result = try body()
            return .commit
        }
        return result!
    }

    /// Runs `body` in a deferred read transaction, so that every query sees one snapshot.
    /// - Throws: the body's error, or ``SQLiteError``.
    public func read<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try inTransaction(.deferred) {
            result = try body()
            return .commit
        }
        return result!
    }
}
