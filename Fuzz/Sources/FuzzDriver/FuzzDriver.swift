#if canImport(Glibc)
import Glibc
#endif

// A Swift executable has its own `main`, which wins over libFuzzer's: the targets hand the command
// line to libFuzzer's driver explicitly (LLVMFuzzerRunDriver, libFuzzer ≥ LLVM 12).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the process's command line on `target` and exits with its status.
public func runLibFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argumentCount = CommandLine.argc
    var argumentValues = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argumentCount, &argumentValues, target))
}

/// Turns libFuzzer's (pointer, size) into bytes, runs `check`, and traps on a failure so that
/// libFuzzer keeps the input as a crash artifact.
public func fuzzOne<Failure>(
    _ data: UnsafePointer<UInt8>?, _ size: Int, _ name: String, _ check: ([UInt8]) -> Failure?
) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let failure = check(bytes) {
        fatalError("\(name): \(failure)")
    }
    return 0
}
