import CFuzzerDriver

/// A fuzz target's entry point: libFuzzer's driver with the process's command line.
/// A debug build names an executable's entry point `<target>_main` (so tests could link it),
/// where libFuzzer's own `main` would otherwise be; each target defines that name and calls this.
public func runFuzzer(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, test)
}
