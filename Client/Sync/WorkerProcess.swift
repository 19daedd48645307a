#if os(Linux)
import Glibc

/// A child process of this program that answers ``TransportFrame`` requests on a socket (its
/// descriptor 3), started with `posix_spawn` and stopped (by its own process id) with the transport.
final class WorkerProcess {
    let pid: pid_t
    let socket: FrameSocket
    /// The worker's own data and cache folders (see ``spawn(_:arguments:)``), removed when it stops.
    private let scratch: String?

    private init(pid: pid_t, descriptor: Int32, scratch: String?) {
        self.pid = pid
        self.socket = FrameSocket(descriptor: descriptor)
        self.scratch = scratch
    }

    /// Starts `executable arguments…` with one end of a socket pair as its descriptor 3 and its
    /// standard streams on /dev/null. `SWIFT_BACKTRACE=enable=no` makes a crash end it at once.
    ///
    /// Foundation's URLSession makes a URL cache folder and a cookie folder named after the
    /// executable's folder (`~/.cache/org.swift.foundation.URLCache`, `~/.local/share/release`)
    /// even when the session uses neither. The worker gets `XDG_CACHE_HOME` and `XDG_DATA_HOME`
    /// in a private temporary folder instead, removed with it: a sync leaves nothing behind.
    static func spawn(_ executable: String, arguments: [String]) -> WorkerProcess? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            return nil
        }
        if pair[1] == 3 {
            // dup2 onto the same number would keep close-on-exec: move it out of the way first.
            let moved = fcntl(pair[1], F_DUPFD_CLOEXEC, 10)
            close(pair[1])
            pair[1] = moved
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pair[1], 3)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        // The worker's messages (why a request failed) in the command's language.
        var environment = ["SWIFT_BACKTRACE=enable=no", "GISEMENT_LANG=" + Language.current.rawValue]
        let scratch = makeScratchFolder()
        if let scratch { environment += ["XDG_CACHE_HOME=" + scratch, "XDG_DATA_HOME=" + scratch] }
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            let replaced = ["SWIFT_BACKTRACE=", "XDG_CACHE_HOME=", "XDG_DATA_HOME="].contains { text.hasPrefix($0) }
            let always = text.hasPrefix("SWIFT_BACKTRACE=") || text.hasPrefix("GISEMENT_LANG=")
            if !(always || (replaced && scratch != nil)) { environment.append(text) }
            entry += 1
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(pair[1])
        guard status == 0 else {
            close(pair[0])
            scratch.map(removeTree)
            return nil
        }
        return WorkerProcess(pid: pid, descriptor: pair[0], scratch: scratch)
    }

    /// A new empty folder under `TMPDIR` (or /tmp), readable by this user only; nil if none can be made.
    private static func makeScratchFolder() -> String? {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array((base + "/gisement-worker-XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
    }

    /// Removes `path` and everything under it (the worker's few cache files), without following links.
    private static func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                if entry.pointee.d_type == DT_DIR { removeTree(child) } else { unlink(child) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// Sends one request frame and waits for the answer frame until `deadline`.
    func exchange(_ frame: [UInt8], until deadline: ContinuousClock.Instant) throws(FrameSocket.Failure) -> [UInt8] {
        try socket.write(frame)
        return try socket.read(until: deadline)
    }

    /// Why the process ended, once it has: "signal 4", "exit 70"; nil while it runs (waits up to 2 s).
    func end() -> String? {
        var status: Int32 = 0
        for _ in 0..<200 {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7f
                return signal != 0 ? "signal \(signal)" : "exit \((status >> 8) & 0xff)"
            }
            if reaped < 0 { return "gone" }
            usleep(10_000)
        }
        return nil
    }

    /// Stops it: closing the socket ends a healthy worker; one that does not end soon is killed.
    func stop(force: Bool) {
        if force { kill(pid, SIGKILL) }
        close(socket.descriptor)
        if end() == nil {
            kill(pid, SIGKILL)
            _ = end()
        }
        scratch.map(WorkerProcess.removeTree)
    }
}
#endif
import GisementShared
