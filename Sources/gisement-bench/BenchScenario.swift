/// One benchmark: a name for the command line, a line for `--help`, a default size, and the
/// body that measures and prints its figures (each against a baseline measured in the same run).
struct BenchScenario: Sendable {
    let name: String
    let summary: String
    let defaultSize: Int
    let run: @Sendable (_ size: Int) throws -> Void
}
