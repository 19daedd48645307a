@testable import FuzzChecks
import FuzzDriver

/// libFuzzer's callback: the Clock text checks on one input (see FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClockText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, "ClockText", ClockTextFuzzCheck.check)
}

runLibFuzzer(fuzzClockText)
