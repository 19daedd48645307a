@testable import FuzzChecks
import FuzzDriver

/// libFuzzer's callback: the HTTP parser checks on one input (see FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, "HTTPParser", HTTPParserFuzzCheck.check)
}

runLibFuzzer(fuzzHTTPParser)
