import Foundation

/// Finds the built `gisement` and `gisement-server` executables.
///
/// `GISEMENT_BIN` / `GISEMENT_SERVER_BIN` win; otherwise they are looked for next to the test
/// bundle (SwiftPM puts test bundles and executables in the same folder), then in the package's
/// `.build/debug`.
enum Binaries {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var searched: [String]
        var description: String {
            "cannot find the \(name) executable (looked in \(searched.joined(separator: ", "))); build it first "
                + "or set GISEMENT_BIN / GISEMENT_SERVER_BIN"
        }
    }

    static func gisement() throws -> String { try find("gisement", environment: "GISEMENT_BIN") }

    static func server() throws -> String { try find("gisement-server", environment: "GISEMENT_SERVER_BIN") }

    /// The `gisement` of the release before schema versions, built by
    /// `scripts/build-previous-release.sh` into `.build-previous/bin/` (or `GISEMENT_PREVIOUS_BIN`);
    /// nil when it was not built.
    static func previousGisement() -> String? { previous("gisement", environment: "GISEMENT_PREVIOUS_BIN") }

    /// The `gisement-server` of that release (`GISEMENT_PREVIOUS_SERVER_BIN`); nil when not built.
    static func previousServer() -> String? { previous("gisement-server", environment: "GISEMENT_PREVIOUS_SERVER_BIN") }

    private static func previous(_ name: String, environment: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env[environment], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.appendingPathComponent(".build-previous/bin/\(name)").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    private static func find(_ name: String, environment: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let path = env[environment], !path.isEmpty { return path }
        var folders: [String] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        folders.append(root.appendingPathComponent(".build/debug").path)
        for folder in folders {
            // An .xctest bundle on Darwin keeps its executable deeper: walk up a few levels too.
            var url = URL(fileURLWithPath: folder)
            for _ in 0..<4 {
                let candidate = url.appendingPathComponent(name).path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                url = url.deletingLastPathComponent()
            }
        }
        throw Missing(name: name, searched: folders)
    }
}
