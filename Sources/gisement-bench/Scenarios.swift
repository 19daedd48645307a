/// Every scenario `gisement-bench` knows. To add one, write it in its own file as a
/// `static let` on `BenchScenario` and list it here.
let benchScenarios: [BenchScenario] = [
    .merge,
    .codec,
    .write,
    .push,
    .pull,
    .noop,
    .report,
    .memory,
    .verify,
    .hostile,
    .scope,
    .servers,
]
