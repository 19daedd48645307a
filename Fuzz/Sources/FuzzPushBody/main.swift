@testable import FuzzChecks
import FuzzDriver

/// libFuzzer's callback: the Push body checks on one input (see FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPushBody(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, "PushBody", PushBodyFuzzCheck.check)
}

runLibFuzzer(fuzzPushBody)
