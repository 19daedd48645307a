import Foundation
import GisementServer

// Thin entry point: everything lives in GisementServer's CLI layer.
let status = await ServerCommandLine.main(
    Array(CommandLine.arguments.dropFirst()), console: .standard(environment: ProcessInfo.processInfo.environment))
exit(status)
