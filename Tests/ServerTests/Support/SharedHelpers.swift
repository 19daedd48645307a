// The helpers every test target shares (TemporaryFolder, SplitMix64, PostgresCluster), visible in
// every file of this target.
@_exported import TestSupport
