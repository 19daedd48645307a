/// One benchmark: a name for the command line, a line for `--help`, a default size, and the
/// body that measures and prints its figures (each against a baseline measured in the same run).
/// The body is given the size and the server store chosen with `--store` (push and pull use it).
struct BenchScenario: Sendable {
    let name: String
    let summary: String
    let defaultSize: Int
    /// Run only when named: it needs PostgreSQL, which a machine running every scenario may lack.
    var onlyWhenNamed = false
    let run: @Sendable (_ size: Int, _ store: BenchStore) throws -> Void
}

/// The server store the push and pull scenarios measure (`--store`). `postgres` measures the
/// same scenario on SQLite too, in the same run, and prints PostgreSQL's figures against it.
enum BenchStore: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}
