import Glibc
import RemitIngest

/// Both XML readers (flows and catalog) on the same bytes. They read files (libxml2 streams
/// from a descriptor), so the input is written to one temporary file per process first.
let path = "/tmp/remit-fuzz-xml-\(getpid()).xml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(path)") }
    var written = 0
    while written < size {
        let n = write(fd, data! + written, size - written)
        guard n > 0 else { fatalError("cannot write \(path)") }
        written += n
    }
    close(fd)
    _ = try? FlowReader.read(path: path, source: "fuzz.xml", format: .xml) { outcome in
        if case .record(let flow) = outcome { _ = flow.dataCategories.count }
    }
    _ = try? CatalogLoader.decodeXML(path: path, source: "fuzz.xml", subprocessor: nil)
    _ = try? CatalogLoader.decodeXML(path: path, source: "fuzz.xml", subprocessor: "sp-fuzz")
    return 0
}
