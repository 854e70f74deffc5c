import Glibc
import RemitCore

/// A fetched NDJSON body cut off in transfer (README "Fetching": an export cut off half-way is
/// a failure, and its last good copy is used): its last line has no line end and stops inside
/// a JSON value. A last line that is complete JSON without a line end, or one written wrong
/// (which stops before its end), is not a cut; reading rejects the latter as any record.
public enum NDJSONTail {
    /// The error saying the file was cut off, or nil.
    public static func cutOff(path: String, source: String, maxLineBytes: Int = 16 << 20) -> InputError? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }   // reading the file says why it cannot be read
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        let take = min(size, maxLineBytes + 1)
        var tail: [UInt8] = []
        guard readFully(fd, into: &tail, from: size - take, count: take) == take else { return nil }
        guard tail.last != 0x0A else { return nil }
        guard let newline = tail.lastIndex(of: 0x0A) else {
            // One line: too long to be a record (rejected as such), or the whole file.
            if take < size { return nil }
            return cut(tail[...], source: source)
        }
        return cut(tail[(newline + 1)...], source: source)
    }

    private static func cut(_ line: ArraySlice<UInt8>, source: String) -> InputError? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        do {
            _ = try line.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in try JSONParser.parse(buffer) }
            return nil
        } catch {
            guard error.atEnd else { return nil }
            return InputError(.unreadable, SourceLocation(source: source),
                              "the last line has no line end and stops inside a JSON value (\(error.reason)): the body was cut off")
        }
    }
}
