import Foundation
import GisementCommandLine
import GisementServer

// Thin entry point: everything lives in GisementServer's CLI layer. Each line of standard output
// is written at once: a supervisor waits for `listening on …`.
let status = await ServerCommandLine.main(
    Array(CommandLine.arguments.dropFirst()), console: .standard(flushesEachLine: true),
    environment: ServerEnvironment(ProcessInfo.processInfo.environment))
exit(status.rawValue)
