@testable import FuzzChecks

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's callback: runs the PushBody checks on one input and traps on the first broken
/// property, so that libFuzzer saves the input as a crash artifact.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPushBody(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let failure = PushBodyFuzzCheck.check(bytes) {
        fatalError("PushBody: \(failure)")
    }
    return 0
}

// A Swift executable has its own `main`, which wins over libFuzzer's: hand the command line to
// libFuzzer's driver explicitly (LLVMFuzzerRunDriver, libFuzzer ≥ LLVM 12).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argumentCount = CommandLine.argc
var argumentValues = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues, fuzzPushBody))
