import Foundation

/// The built `gisement` and `gisement-server` executables (``BuiltExecutable``), and those of the
/// previous release for the mixed-versions tests.
enum Binaries {
    static func gisement() throws -> String { try BuiltExecutable.find("gisement", variable: "GISEMENT_BIN") }

    static func server() throws -> String { try BuiltExecutable.find("gisement-server", variable: "GISEMENT_SERVER_BIN") }

    /// The `gisement` of the release before schema versions, built by
    /// `scripts/build-previous-release.sh` into `.build-previous/bin/` (or `GISEMENT_PREVIOUS_BIN`);
    /// nil when it was not built.
    static func previousGisement() -> String? { previous("gisement", environment: "GISEMENT_PREVIOUS_BIN") }

    /// The `gisement-server` of that release (`GISEMENT_PREVIOUS_SERVER_BIN`); nil when not built.
    static func previousServer() -> String? { previous("gisement-server", environment: "GISEMENT_PREVIOUS_SERVER_BIN") }

    private static func previous(_ name: String, environment: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env[environment], !path.isEmpty { return path }
        let candidate = BuiltExecutable.packageRoot.appendingPathComponent(".build-previous/bin/\(name)").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }
}
