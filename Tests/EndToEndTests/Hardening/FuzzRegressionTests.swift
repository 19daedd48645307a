import Foundation
import Testing

/// Replays the fuzz targets' checks (the files in `FuzzChecks/`, shared with the Fuzz package)
/// on every kept crash input in `Tests/Fixtures/fuzz/<target>/`, on the fuzz seeds, and on a few
/// hundred random inputs, so that a fixed crash stays fixed in the default `swift test`.
///
/// A new crash from `scripts/fuzz.sh` becomes a regression test by copying its input into the
/// target's fixture folder; no code change is needed.
@Suite struct FuzzRegressionTests {
    typealias Check = @Sendable ([UInt8]) -> FuzzFailure?

    static let targets: [(name: String, check: Check)] = [
        ("FuzzHTTPParser", HTTPParserFuzzCheck.check),
        ("FuzzPushBody", PushBodyFuzzCheck.check),
        ("FuzzClockText", ClockTextFuzzCheck.check),
        ("FuzzMerge", MergeFuzzCheck.check),
        ("FuzzPullPage", PullPageFuzzCheck.check),
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every file in the kept crash inputs and the seeds of `target`.
    static func inputs(of target: String) -> [(name: String, bytes: [UInt8])] {
        let folders = ["Tests/Fixtures/fuzz/\(target)", "Fuzz/Seeds/\(target)"]
        var inputs: [(String, [UInt8])] = []
        for folder in folders {
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else { continue }
                inputs.append(("\(folder)/\(name)", [UInt8](data)))
            }
        }
        return inputs
    }

    @Test(arguments: 0..<5)
    func keptInputs_passTheirFuzzCheck(_ index: Int) {
        let target = Self.targets[index]
        let inputs = Self.inputs(of: target.name)
        #expect(!inputs.isEmpty, "no seeds found for \(target.name) under \(Self.root.path)")
        for input in inputs {
            #expect(target.check(input.bytes) == nil, "\(input.name)")
        }
    }

    /// Random bytes and random mutations of the seeds: a small, fast fuzz run in every test run.
    @Test(arguments: 0..<5)
    func randomInputs_passTheirFuzzCheck(_ index: Int) {
        let target = Self.targets[index]
        let seeds = Self.inputs(of: target.name).map(\.bytes)
        var random = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var bytes: [UInt8]
            if round % 2 == 0 || seeds.isEmpty {
                bytes = (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                bytes = seeds[round % seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            let failure = target.check(bytes)
            #expect(failure == nil, "\(target.name) on \(bytes): \(failure ?? "")")
            if failure != nil { return }
        }
    }
}
