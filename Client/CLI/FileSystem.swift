#if canImport(Glibc)
import Glibc
#endif
import GisementCommandLine
import GisementShared

/// The few file operations the command line needs, on Glibc (no Foundation).
enum FileSystem {
    /// Creates `path` and its missing parents (`mkdir -p`).
    /// - Throws: ``CLIError`` (exit 1) naming the folder that could not be made.
    static func makeDirectories(_ path: String) throws(CLIError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw CLIError.failure(localized("file.cannotCreateFolder", ["path": current, "reason": String(cString: strerror(errno))]))
            }
        }
    }

    /// The folder part of a path (`.` when there is none).
    /// Whether `path` names an existing folder (a report cannot be written over one).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Reads a whole file as bytes.
    /// - Throws: ``CLIError`` (exit 1 when it cannot be read).
    static func read(_ path: String) throws(CLIError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CLIError.failure(localized("file.cannotRead", ["path": path, "reason": String(cString: strerror(errno))]))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError.failure(localized("file.cannotRead", ["path": path, "reason": String(cString: strerror(errno))]))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Creates `path` for writing, never through a link and never over a file another process made:
    /// `O_CREAT|O_EXCL|O_NOFOLLOW`. A file already there (a leftover of an interrupted run, or a
    /// link planted at the predictable name) is removed first, the link itself and not its target.
    /// - Returns: the open descriptor, or -1 with `errno` set.
    static func createExclusively(_ path: String) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == EEXIST, unlink(path) == 0 {
            descriptor = open(path, flags, 0o644)
        }
        return descriptor
    }

    /// Writes all of `bytes` to `descriptor`; false on failure (with `errno` set).
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += count
        }
        return true
    }
}
