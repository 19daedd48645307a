#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GisementClient

// Thin entry point: the command table and everything else live in GisementClient.
exit(GisementCLI.main(Array(CommandLine.arguments.dropFirst())).rawValue)
