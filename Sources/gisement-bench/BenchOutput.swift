import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The printed lines of the process scenarios: one figure per line, label first, so that a run's
/// output reads as a table and `grep GOAL` lists the goals. Each line is flushed at once, so a
/// long run written to a file or a pipe can be followed.
enum BenchOutput {
    /// Prints one line and flushes standard output.
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }

    /// `  label ........  1,234,567 field changes/s  (6.12 s for 1,000,000)  x0.61 vs raw SQLite insert`.
    static func rate(
        _ label: String, count: Int, seconds: Double, unit: String, against baseline: (label: String, rate: Double)? = nil
    ) {
        let rate = Double(count) / max(seconds, 1e-9)
        var line = "  " + label.padding(toLength: 50, withPad: " ", startingAt: 0)
        line += Measurement.grouped(rate).leftPadded(to: 12) + " \(unit)/s"
        line += String(format: "   (%.3f s for %@)", seconds, Measurement.grouped(Double(count)))
        if let baseline {
            line += String(format: "   x%.2f vs %@", rate / baseline.rate, baseline.label)
        }
        Self.line(line)
    }

    /// `  label ........  12.3 ms`.
    static func time(_ label: String, seconds: Double, note: String = "") {
        let value = seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
        Self.line("  " + label.padding(toLength: 50, withPad: " ", startingAt: 0) + value.leftPadded(to: 12)
            + (note.isEmpty ? "" : "   " + note))
    }

    /// `  label ........  123.4 MB`.
    static func megabytes(_ label: String, _ value: Double) {
        Self.line("  " + label.padding(toLength: 50, withPad: " ", startingAt: 0) + String(format: "%.1f MB", value).leftPadded(to: 12))
    }

    /// `  GOAL met: push ≥ 150,000 field changes/s (got 201,345)`.
    static func goal(_ text: String, met: Bool, got: String) {
        Self.line("  GOAL \(met ? "met   " : "MISSED"): \(text) (got \(got))")
    }

    /// The median of some durations.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// This process's CPU time so far (user + system, every thread), in seconds.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// `  label ........  1.23 s CPU (45.6 µs per change)`.
    static func cpu(_ label: String, seconds: Double, per count: Int, unit: String) {
        Self.line("  " + label.padding(toLength: 50, withPad: " ", startingAt: 0)
            + String(format: "%.2f s CPU", seconds).leftPadded(to: 12)
            + String(format: "   (%.1f µs per %@)", seconds * 1e6 / Double(max(count, 1)), unit))
    }

    /// Runs `body` and returns how long it took, in seconds.
    static func timed(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return start.duration(to: .now).seconds
    }
}
