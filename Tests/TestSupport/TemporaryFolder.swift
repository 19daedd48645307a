import Foundation

/// A fresh folder for one test, made with `mkdtemp` (private, never shared with another test) and
/// removed with everything in it when the value is released.
public final class TemporaryFolder: Sendable {
    public let path: String

    /// - Parameter label: a word in the folder's name, to tell test leftovers apart.
    public init(_ label: String = "test") {
        let template = NSTemporaryDirectory() + "gisement-\(label)-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "cannot make a temporary folder under \(NSTemporaryDirectory())")
        path = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Whether a file exists in the folder.
    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}
