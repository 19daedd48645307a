// gisement-bench [scenario] [--size N] [--store sqlite|postgres]: runs one scenario (or all) and prints its figures.
// Build in release: swift build -c release --product gisement-bench.
import Foundation

let usage = "Usage: gisement-bench [scenario] [--size N] [--store sqlite|postgres]   (gisement-bench --help lists scenarios)"

func printHelp() {
    print("OVERVIEW: Measures Gisement's hot paths, each against a baseline measured in the same run.\n")
    print(usage + "\n")
    print("SCENARIOS:")
    for scenario in benchScenarios {
        let label = scenario.name.padding(toLength: 24, withPad: " ", startingAt: 0)
        let named = scenario.onlyWhenNamed ? ", only when named" : ""
        print("  \(label)\(scenario.summary) (default size \(scenario.defaultSize)\(named))")
    }
    print("\nWith no scenario, runs them all but those run only when named. --size N sets N for every scenario")
    print("chosen (for the process scenarios N is the number of collections, ten field changes each; for servers,")
    print("all clients together). The process scenarios spawn gisement and gisement-server from this bench's")
    print("build folder: build every product first.")
    print("--store postgres measures push and pull on SQLite and then on PostgreSQL, in the same run, with")
    print("PostgreSQL's figures against SQLite's; it and the servers scenario start a throwaway PostgreSQL")
    print("cluster (initdb, as the postgres user under root), or use GISEMENT_TEST_POSTGRES_URL when set.")
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n\(usage)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var size: Int?
var store = BenchStore.sqlite
var names: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "-h", "--help", "help":
        printHelp()
        exit(0)
    case "--size":
        guard let text = arguments.first else { fail("--size needs a number.") }
        arguments.removeFirst()
        guard let value = Int(text), value > 0 else { fail("--size must be a whole number above 0, not '\(text)'.") }
        size = value
    case let option where option.hasPrefix("--size="):
        let text = String(option.dropFirst("--size=".count))
        guard let value = Int(text), value > 0 else { fail("--size must be a whole number above 0, not '\(text)'.") }
        size = value
    case "--store":
        guard let text = arguments.first else { fail("--store needs sqlite or postgres.") }
        arguments.removeFirst()
        guard let value = BenchStore(rawValue: text) else { fail("--store must be sqlite or postgres, not '\(text)'.") }
        store = value
    case let option where option.hasPrefix("--store="):
        let text = String(option.dropFirst("--store=".count))
        guard let value = BenchStore(rawValue: text) else { fail("--store must be sqlite or postgres, not '\(text)'.") }
        store = value
    case let option where option.hasPrefix("-"):
        fail("unknown option '\(option)'.")
    default:
        names.append(argument)
    }
}

var chosen: [BenchScenario] = []
for name in names {
    guard let scenario = benchScenarios.first(where: { $0.name == name }) else {
        fail("unknown scenario '\(name)'; scenarios are " + benchScenarios.map(\.name).joined(separator: ", ") + ".")
    }
    chosen.append(scenario)
}
if chosen.isEmpty { chosen = benchScenarios.filter { !$0.onlyWhenNamed } }

let signalSources = BenchCleanup.shared.installSignalHandlers()
for scenario in chosen {
    let n = size ?? scenario.defaultSize
    print("== \(scenario.name) (size \(n))")
    fflush(nil)
    do {
        try scenario.run(n, store)
        fflush(nil)
    } catch {
        fflush(nil)
        FileHandle.standardError.write(Data("Error: scenario \(scenario.name) failed: \(error)\n".utf8))
        FixtureCache.shared.removeAll()
        BenchCleanup.shared.cleanUpAll()
        exit(1)
    }
}
FixtureCache.shared.removeAll()
BenchCleanup.shared.cleanUpAll()
withExtendedLifetime(signalSources) {}
