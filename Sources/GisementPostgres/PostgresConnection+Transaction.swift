extension PostgresConnection {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Parameter isolation: `READ COMMITTED` by default; a caller that needs
    ///   `SERIALIZABLE` retries on ``PostgresError/isRetryable``.
    public func transaction<T>(
        isolation: String = "READ COMMITTED", _ body: () throws -> T
    ) throws -> T {
        try executeScript("BEGIN ISOLATION LEVEL \(isolation)")
        do {
            let value = try body()
            try executeScript("COMMIT")
            return value
        } catch {
            // A lost connection has rolled back already; the first error is the one to report.
            try? executeScript("ROLLBACK")
            throw error
        }
    }
}
