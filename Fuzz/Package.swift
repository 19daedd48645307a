// swift-tools-version:6.0
// libFuzzer targets for Gisement. A separate package, so that the main Package.swift stays free of
// dependencies and unsafe flags: this one depends on it by path.
//
// Build and run with scripts/fuzz.sh, which passes `-sanitize=fuzzer,address` to every Swift module
// (the main package's code needs the coverage instrumentation too) and `-enable-testing` (the server's
// stored clock text is internal). The fuzz executables have no `main`: libFuzzer brings its own.
import PackageDescription

let checks: [Target.Dependency] = ["FuzzChecks", "FuzzDriver"]

let package = Package(
    name: "GisementFuzz",
    dependencies: [.package(name: "Gisement", path: "..")],
    targets: [
        // The properties each target checks. The files live in the main test suite
        // (Tests/EndToEndTests/Hardening/FuzzChecks, linked here) so that every crash input kept in
        // Tests/Fixtures/fuzz is replayed by `swift test` with the very same checks.
        .target(
            name: "FuzzChecks",
            dependencies: [
                .product(name: "GisementShared", package: "Gisement"),
                .product(name: "GisementHTTP", package: "Gisement"),
                .product(name: "GisementServer", package: "Gisement"),
                .product(name: "GisementClient", package: "Gisement"),
            ],
            path: "Sources/FuzzChecks"),
        // libFuzzer's driver entry, shared by the targets.
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),
        .executableTarget(name: "FuzzHTTPParser", dependencies: checks, path: "Sources/FuzzHTTPParser"),
        .executableTarget(name: "FuzzPushBody", dependencies: checks, path: "Sources/FuzzPushBody"),
        .executableTarget(name: "FuzzClockText", dependencies: checks, path: "Sources/FuzzClockText"),
        .executableTarget(name: "FuzzMerge", dependencies: checks, path: "Sources/FuzzMerge"),
        .executableTarget(name: "FuzzPullPage", dependencies: checks, path: "Sources/FuzzPullPage"),
    ],
    swiftLanguageModes: [.v6]
)
