import Foundation
public import RemitCore

/// Reading whole small files (job, register, catalog, mappings, exceptions, taxonomy).
/// Flow files are never read whole: see `ChunkedFile`.
public enum FileBytes {
    /// Config-type inputs above this size are refused rather than read.
    public static let maxConfigBytes = 64 << 20

    public static func read(_ path: String, location: SourceLocation, limit: Int = maxConfigBytes) throws(InputError) -> [UInt8] {
        let file = try ChunkedFile(path: path, location: location)
        defer { file.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try file.read(into: &chunk)
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit {
                throw InputError(.unreadable, location, "file is larger than \(limit >> 20) MiB")
            }
        }
        return bytes
    }

    /// UTF-8 text, refusing invalid bytes with the line they are on.
    public static func text(_ bytes: [UInt8], location: SourceLocation) throws(InputError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        var line = 1
        var start = body.startIndex
        for index in body.indices where body[index] == 0x0A {
            if String(validating: body[start..<index], as: UTF8.self) == nil { break }
            line += 1
            start = index + 1
        }
        throw InputError(.unreadable, SourceLocation(source: location.source, line: line), "invalid UTF-8")
    }
}

/// A file read in chunks through POSIX calls.
public final class ChunkedFile {
    private var fd: Int32
    let location: SourceLocation

    public init(path: String, location: SourceLocation) throws(InputError) {
        self.location = location
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(.unreadable, location, "cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            fd = -1
            throw InputError(.unreadable, location, "\(path) is a directory")
        }
    }

    /// Fills `buffer` from the start; returns the number of bytes read (0 at end of file).
    public func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        let count = buffer.count
        let n = buffer.withUnsafeMutableBytes { raw -> Int in
            var result: Int
            repeat { result = Glibc.read(fd, raw.baseAddress, count) } while result < 0 && errno == EINTR
            return result
        }
        if n < 0 { throw InputError(.unreadable, location, "read failed: \(String(cString: strerror(errno)))") }
        return n
    }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
