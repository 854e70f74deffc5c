import Glibc

/// A fuzz input written to a file, for the readers that stream from a file (libxml2 reads
/// from a descriptor, the NDJSON paths map chunks of a file): one path per process,
/// rewritten for every input.
public struct FuzzInputFile: Sendable {
    public let path: String

    public init(_ name: String) {
        path = "/tmp/remit-fuzz-\(name)-\(getpid())"
    }

    /// Replaces the file's contents with the input's bytes.
    public func write(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        var written = 0
        while written < size {
            let n = Glibc.write(fd, data! + written, size - written)
            guard n > 0 else { fatalError("cannot write \(path)") }
            written += n
        }
        close(fd)
    }
}
