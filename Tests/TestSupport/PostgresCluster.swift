import Foundation
import GisementPostgres

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder, `pg_ctl start` on a
/// free loopback port with its Unix socket in that folder, stopped when the test process exits.
///
/// One cluster serves the whole test process; each test takes a fresh database of its own
/// (``PostgresCluster/freshDatabase()``). With `GISEMENT_TEST_POSTGRES_URL` set (a URL whose role may
/// `CREATE DATABASE`), tests use that server instead of starting one. A test that stops and starts
/// PostgreSQL itself takes a cluster of its own (``PostgresCluster/startPrivate()``), never the shared one.
///
/// Under root (CI) the cluster runs as the `postgres` user: PostgreSQL refuses to run as root.
public final class PostgresCluster: @unchecked Sendable {
    /// Why no cluster could be started, said once to the test that asked.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The role tests connect as; `trust` over the socket, a password over TCP.
    public static let role = "gisement"
    public static let password = "throwaway-secret"

    /// `postgresql://…` of the maintenance database, over the Unix socket.
    public let adminURL: String
    /// The TCP port (127.0.0.1) the cluster listens on; 0 for an external server.
    public let port: Int
    /// The cluster's folder (nil for an external server).
    public let folder: String?
    /// How to run `pg_ctl` on this cluster (nil for an external server).
    private let control: Control?
    private let lock = NSLock()
    private var databases = 0

    /// The binaries, the user they run as and the server's options: what `pg_ctl` needs.
    private struct Control {
        var bin: String
        var user: String?
        var options: String
    }

    private init(adminURL: String, port: Int, folder: String?, control: Control? = nil) {
        self.adminURL = adminURL
        self.port = port
        self.folder = folder
        self.control = control
    }

    /// The process-wide cluster, started at first use.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.get()
    }

    private static let sharedCluster: Result<PostgresCluster, Unavailable> = {
        if let url = ProcessInfo.processInfo.environment["GISEMENT_TEST_POSTGRES_URL"], !url.isEmpty {
            return .success(PostgresCluster(adminURL: url, port: 0, folder: nil))
        }
        do {
            return .success(try start())
        } catch let error as Unavailable {
            return .failure(error)
        } catch {
            return .failure(Unavailable(description: "\(error)"))
        }
    }()

    /// A cluster for this caller alone, which it may stop and start (``stop(_:)``, ``start()``):
    /// the shared one serves other tests at the same time. Removed at process exit.
    public static func startPrivate() throws -> PostgresCluster {
        try start()
    }

    /// How `pg_ctl stop` ends the server.
    public enum StopMode: String, Sendable {
        /// Sessions are ended and the server shuts down cleanly.
        case fast
        /// The server quits at once, as in a crash: recovery runs at the next start.
        case immediate
    }

    /// `pg_ctl stop -m MODE`, waiting until the server is gone.
    public func stop(_ mode: StopMode = .fast) throws {
        guard let control, let folder else { throw Unavailable(description: "an external server is not stopped by tests") }
        try PostgresCluster.run(
            [control.bin + "/pg_ctl", "-D", folder + "/data", "-m", mode.rawValue, "-w", "-t", "60", "stop"], as: control.user)
    }

    /// Starts the stopped cluster again on the same folder, port and socket; waits until it accepts connections.
    public func start() throws {
        guard let control, let folder else { throw Unavailable(description: "an external server is not started by tests") }
        try PostgresCluster.run(
            [control.bin + "/pg_ctl", "-D", folder + "/data", "-l", folder + "/log", "-o", control.options, "-w", "-t", "60", "start"],
            as: control.user)
    }

    /// A new, empty database on the cluster; returns its URL over the Unix socket (or the
    /// external server's host).
    public func freshDatabase() throws -> String {
        let name = lock.withLock { () -> String in
            databases += 1
            return "t\(ProcessInfo.processInfo.processIdentifier)_\(databases)_\(UInt32.random(in: 0...UInt32.max))"
        }
        let admin = try PostgresConnection(PostgresURL(adminURL)!)
        try admin.executeScript("CREATE DATABASE \(name)")
        return PostgresCluster.replacingDatabase(in: adminURL, with: name)
    }

    /// The same database over TCP on 127.0.0.1 with the role's password (`password` overrides it).
    public func tcpURL(database: String, password: String = PostgresCluster.password) -> String {
        "postgresql://\(PostgresCluster.role):\(password)@127.0.0.1:\(port)/\(database)"
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let pathStart = rest.firstIndex(of: "/") ?? rest.firstIndex(of: "?") ?? rest.endIndex
        let queryStart = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(url[..<pathStart]) + "/" + name + rest[queryStart...]
    }

    // MARK: Starting and stopping

    private static func start() throws -> PostgresCluster {
        let bin = try binaries()
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("gisement-pg-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let asRoot = getuid() == 0
        if asRoot { try run(["/bin/chown", "postgres:postgres", folder], as: nil) }
        let passwordFile = folder + "/password"
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if asRoot { try run(["/bin/chown", "postgres:postgres", passwordFile], as: nil) }
        let user = asRoot ? "postgres" : nil
        try run(
            [bin + "/initdb", "-D", folder + "/data", "-U", role, "--auth-local=trust", "--auth-host=scram-sha-256",
             "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"], as: user)
        let port = try freePort()
        // The PostgreSQL pass runs the server and end-to-end suites in parallel on this one cluster:
        // each `serve` holds 8 connections (6 + 2 for token checks) and several run at once, so 200
        // was reached once suites were added (CI: "sorry, too many clients already").
        let options = "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=600"
        let url = "postgresql://\(role)@/postgres?host=\(folder)&port=\(port)"
        let cluster = PostgresCluster(adminURL: url, port: port, folder: folder, control: Control(bin: bin, user: user, options: options))
        try cluster.start()
        stopAtExit(bin: bin, folder: folder, user: user)
        return cluster
    }

    /// `pg_config --bindir`, or the Debian folders, holding `initdb` and `pg_ctl`.
    private static func binaries() throws -> String {
        var candidates: [String] = []
        if let output = try? run(["/usr/bin/env", "pg_config", "--bindir"], as: nil) {
            candidates.append(output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        guard let bin = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }) else {
            throw Unavailable(
                description: "PostgreSQL's initdb was not found (pg_config --bindir, /usr/lib/postgresql/*/bin): "
                    + "run scripts/install-deps.sh, or set GISEMENT_TEST_POSTGRES_URL to a server tests may use.")
        }
        return bin
    }

    /// Runs a command and waits for it, its output going to a file; returns that output.
    ///
    /// posix_spawn and waitpid rather than Foundation's `Process`: `pg_ctl start` leaves a server
    /// running that inherits the command's descriptors, and `Process` waits for those to close.
    /// Nor a pipe: a server that another test starts meanwhile would hold its write end, and
    /// reading to its end would never end.
    @discardableResult
    private static func run(_ arguments: [String], as user: String?) throws -> String {
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--"] + arguments } ?? arguments
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("gisement-pg-command-\(UInt32.random(in: 0...UInt32.max)).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Unavailable(description: "cannot start \(command[0]): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard ChildProcess.Exit(waitStatus: status) == .success else {
            throw Unavailable(description: "\(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    /// A loopback port nothing listens on now (bound then released; PostgreSQL takes it next).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw Unavailable(description: "cannot bind a loopback socket to find a free port") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// What `atexit` stops: a C function pointer cannot capture, so the commands are kept here.
    nonisolated(unsafe) private static var atExit: [(arguments: [String], user: String?, folder: String)] = []
    private static let atExitLock = NSLock()

    private static func stopAtExit(bin: String, folder: String, user: String?) {
        let first = atExitLock.withLock { () -> Bool in
            atExit.append(([bin + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"], user, folder))
            return atExit.count == 1
        }
        guard first else { return }
        atexit {
            for cluster in PostgresCluster.atExitLock.withLock({ PostgresCluster.atExit }) {
                try? PostgresCluster.run(cluster.arguments, as: cluster.user)
                try? FileManager.default.removeItem(atPath: cluster.folder)
            }
        }
    }
}
