import Foundation

/// A fresh folder under the system temp dir for one test; removed when released.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init(_ label: String = "server") {
        path = NSTemporaryDirectory() + "gisement-\(label)-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    func file(_ name: String) -> String { path + "/" + name }
}
