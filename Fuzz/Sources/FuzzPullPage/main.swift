@testable import FuzzChecks
import FuzzDriver

/// libFuzzer's callback: a whole sync against a server whose pull answers the input (see FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPullPage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, "PullPage", PullPageFuzzCheck.check)
}

runLibFuzzer(fuzzPullPage)
