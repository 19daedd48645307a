import Foundation

/// Times a piece of work and prints it as a rate, and as a ratio to a baseline.
struct Measurement {
    let label: String
    /// Operations per second.
    let rate: Double
    let seconds: Double
    let operations: Int

    /// Runs `body` (which does `operationsPerCall` operations) repeatedly for at least
    /// `minimumSeconds`, after one warm-up call, and keeps the best pass.
    static func run(
        _ label: String, operationsPerCall: Int, minimumSeconds: Double = 0.5, _ body: () throws -> Int
    ) rethrows -> Measurement {
        var sink = try body()  // warm-up
        let clock = ContinuousClock()
        var best = Double.infinity
        var total = 0.0
        var calls = 0
        while total < minimumSeconds || calls < 3 {
            let start = clock.now
            sink &+= try body()
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
            total += seconds
            calls += 1
        }
        if sink == Int.min { Swift.print("") }  // keeps the work observable
        return Measurement(
            label: label, rate: Double(operationsPerCall) / best, seconds: best, operations: operationsPerCall)
    }

    /// `  ours encode             1,234,567 changes/s   (8.1 ms per 10,000)   ×12.3 vs Foundation`.
    func print(unit: String, against baseline: Measurement? = nil) {
        var line = "  " + label.padding(toLength: 34, withPad: " ", startingAt: 0)
        line += Measurement.grouped(rate).leftPadded(to: 14) + " \(unit)/s"
        line += String(format: "   (%.2f ms per %@)", seconds * 1000, Measurement.grouped(Double(operations)))
        if let baseline {
            line += String(format: "   x%.2f vs %@", rate / baseline.rate, baseline.label)
        }
        Swift.print(line)
    }

    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
