import Foundation

/// The process environment, read in one place.
enum ProcessInfoEnvironment {
    static var values: [String: String] { ProcessInfo.processInfo.environment }
}
