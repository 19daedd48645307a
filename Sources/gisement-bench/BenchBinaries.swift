import Foundation

/// The `gisement` and `gisement-server` executables the process scenarios spawn: the ones built
/// next to this bench (same build folder, same configuration), so a release bench times release
/// binaries.
struct BenchBinaries {
    let client: String
    let server: String

    /// Finds both executables next to the running bench.
    /// - Throws: ``BenchFailure`` saying how to build them when one is missing.
    static func locate() throws -> BenchBinaries {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let folder = (me as NSString).deletingLastPathComponent
        let client = (folder as NSString).appendingPathComponent("gisement")
        let server = (folder as NSString).appendingPathComponent("gisement-server")
        for path in [client, server] where !FileManager.default.isExecutableFile(atPath: path) {
            throw BenchFailure(
                "\(path) is missing; build every product first (swift build -c release), then run the bench")
        }
        return BenchBinaries(client: client, server: server)
    }
}
