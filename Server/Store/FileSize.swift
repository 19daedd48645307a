import Foundation

/// File sizes for the store's gauges.
enum FileSize {
    /// A file's size, 0 when it does not exist (no WAL yet).
    static func bytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
