import Foundation
import TestSupport

/// PostgreSQL for `--store postgres` and the servers scenario: the tests' throwaway cluster
/// (``PostgresCluster``: `initdb` in a temporary folder, as the `postgres` user under root, a free
/// loopback port, stopped and removed when the bench exits), or the server named by
/// `GISEMENT_TEST_POSTGRES_URL`. Each measurement takes a fresh, empty database on it.
enum BenchPostgres {
    /// A new, empty database; its `postgresql://` URL for `gisement-server --db`.
    /// - Throws: ``BenchFailure`` when no cluster can be started (PostgreSQL not installed).
    static func freshDatabase() throws -> String {
        do {
            return try PostgresCluster.shared().freshDatabase()
        } catch {
            throw BenchFailure("no PostgreSQL to measure on: \(error)")
        }
    }

    /// CPU seconds (user + system) used so far by the bench's own cluster: the postmaster, its
    /// live children (a backend per connection, the writers) and the children it has reaped.
    /// Nil for a server named by `GISEMENT_TEST_POSTGRES_URL`, or before the cluster started.
    static func clusterCPUSeconds() -> Double? {
        guard let folder = try? PostgresCluster.shared().folder,
            let text = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
            let line = text.split(separator: "\n").first, let postmaster = Int(line)
        else { return nil }
        var ticks = 0
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state, ppid, ... utime, stime, cutime, cstime are the 12th to 15th.
            let fields = stat[stat.index(after: close)...].split(separator: " ").compactMap { Int($0) }
            guard fields.count > 13 else { continue }
            if pid == postmaster {
                ticks += fields[10] + fields[11] + fields[12] + fields[13]
            } else if fields[0] == postmaster {
                ticks += fields[10] + fields[11]
            }
        }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
