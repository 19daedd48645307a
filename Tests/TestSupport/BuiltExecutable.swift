import Foundation

/// Finds an executable of this package (`gisement`, `gisement-server`) for the tests that run it.
///
/// The variable named by the caller (`GISEMENT_BIN`, `GISEMENT_SERVER_BIN`) wins; otherwise the
/// executable is looked for next to the test bundle (SwiftPM builds the executables a test target
/// depends on into the same folder), a few levels up from it (an .xctest bundle on Darwin keeps its
/// executable deeper), then in the package's scratch folders (`.build*/debug`).
public enum BuiltExecutable {
    public struct Missing: Error, CustomStringConvertible {
        public var name: String
        public var variable: String
        public var searched: [String]
        public var description: String {
            "cannot find the \(name) executable (looked in \(searched.joined(separator: ", "))); build it first "
                + "or set \(variable)"
        }
    }

    public static func find(_ name: String, variable: String) throws -> String {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        var folders: [String] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        for folder in folders {
            var url = URL(fileURLWithPath: folder)
            for _ in 0..<4 {
                let candidate = url.appendingPathComponent(name).path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                url = url.deletingLastPathComponent()
            }
        }
        let scratch = packageRoot.path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []
        for entry in entries.sorted() where entry.hasPrefix(".build") {
            let candidate = scratch + "/" + entry + "/debug/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folders.append(scratch + "/" + entry + "/debug")
        }
        throw Missing(name: name, variable: variable, searched: folders)
    }

    /// The package's root folder (this file is `Tests/TestSupport/BuiltExecutable.swift`).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
