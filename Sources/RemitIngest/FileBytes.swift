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
        try refuseWideEncoding(body, location: location)
        var line = 1
        var start = body.startIndex
        for index in body.indices where body[index] == 0x0A {
            if String(validating: body[start..<index], as: UTF8.self) == nil { break }
            line += 1
            start = index + 1
        }
        throw InputError(.unreadable, SourceLocation(source: location.source, line: line), "invalid UTF-8")
    }

    /// Refuses UTF-16 and UTF-32 with a message that says so (rather than "invalid UTF-8").
    public static func refuseWideEncoding(_ bytes: ArraySlice<UInt8>, location: SourceLocation) throws(InputError) {
        guard let encoding = wideEncoding(of: bytes) else { return }
        throw InputError(.unreadable, SourceLocation(source: location.source, line: 1, column: 1),
                         "the file is \(encoding); remit reads UTF-8: convert it (e.g. iconv -f \(encoding) -t UTF-8)")
    }

    /// UTF-16 or UTF-32, told by a byte-order mark or by the NUL bytes around the first
    /// ASCII character; nil for anything else.
    static func wideEncoding(of bytes: ArraySlice<UInt8>) -> String? {
        let head = Array(bytes.prefix(4)) + [0xAA, 0xAA, 0xAA, 0xAA]
        switch (head[0], head[1], head[2], head[3]) {
        case (0x00, 0x00, 0xFE, 0xFF): return "UTF-32BE"
        case (0xFF, 0xFE, 0x00, 0x00): return "UTF-32LE"
        case (0xFE, 0xFF, _, _): return "UTF-16BE"
        case (0xFF, 0xFE, _, _): return "UTF-16LE"
        case (0x00, 0x00, 0x00, 0x01...0x7F): return "UTF-32BE"
        case (0x01...0x7F, 0x00, 0x00, 0x00): return "UTF-32LE"
        case (0x00, 0x01...0x7F, _, _): return "UTF-16BE"
        case (0x01...0x7F, 0x00, _, _): return "UTF-16LE"
        default: return nil
        }
    }
}

/// Up to `count` bytes of `fd` from `offset` into `buffer` (grown to hold them), however many
/// reads that takes: how many were read (fewer at the end of the file), or nil when reading
/// failed (`errno` says why).
func readFully(_ fd: Int32, into buffer: inout [UInt8], from offset: Int, count: Int) -> Int? {
    if buffer.count < count { buffer = [UInt8](repeating: 0, count: count) }
    var total = 0
    while total < count {
        let n = buffer.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress! + total, count - total, off_t(offset + total)) }
        if n < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if n == 0 { break }
        total += n
    }
    return total
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
