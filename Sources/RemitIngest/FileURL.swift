/// A `file:` source named in the job (RFC 8089): `file:///srv/job/register.yml`,
/// `file://localhost/srv/job/register.yml` or `file:/srv/job/register.yml`, with its scheme
/// in any case and its path percent-decoded. A file URL names an absolute path on this machine; a relative path is
/// written as a plain path, which the job resolves against its own folder.
public enum FileURL {
    /// Whether `source` is a file URL: `file:` and a path or an authority (`file:/…`).
    public static func isFileURL(_ source: String) -> Bool {
        source.utf8.count >= 6 && source.prefix(6).lowercased() == "file:/"
    }

    /// The local path a file URL names, or why it names none.
    public static func path(_ source: String) -> Result<String, Problem> {
        // `file:/path` has no authority; `file://host/path` has one, which must be this machine.
        let hasAuthority = source.dropFirst(5).hasPrefix("//")
        let rest = source.dropFirst(hasAuthority ? 7 : 5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let host = rest[..<slash]
        guard host.isEmpty || host.lowercased() == "localhost" else {
            return .failure(Problem("a file URL names a file on this machine (file:///path, file://localhost/path or file:/path), "
                + "not on \"\(host.prefix(64))\"; write a path relative to the job without file://"))
        }
        guard slash < rest.endIndex else { return .failure(Problem("the file URL names no path")) }
        var bytes: [UInt8] = []
        var utf8 = rest[slash...].utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard utf8.count >= 2, let high = hex(utf8[utf8.startIndex]), let low = hex(utf8[utf8.index(after: utf8.startIndex)]) else {
                return .failure(Problem("a `%` in a file URL must start an escape such as %20"))
            }
            utf8 = utf8.dropFirst(2)
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0), let path = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem("the file URL's escapes are not UTF-8 text"))
        }
        return .success(path)
    }

    public struct Problem: Error, Sendable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
