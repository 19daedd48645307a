@testable import FuzzChecks
import FuzzDriver

/// libFuzzer's callback: the Merge checks on one input (see FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMerge(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, "Merge", MergeFuzzCheck.check)
}

runLibFuzzer(fuzzMerge)
