/// File names for evidence packets, `evidence/<name>.html` and `evidence/<name>.json`, safe
/// for any customer id (no path separator, no traversal, no reserved or colliding name).
///
/// A name keeps `[A-Za-z0-9._-]` and replaces every other byte with `_`; it never starts or
/// ends with a dot nor contains `..`, is never empty and at most 80 bytes long (before any
/// suffix). When that changed the id, or the name is taken (compared case-insensitively, for
/// case-insensitive file systems) or reserved on Windows, `-` and the first 8 hex digits of
/// the id's SHA-256 are appended (more digits, then a counter, should that still collide).
struct EvidenceFileNames {
    static let maxBaseLength = 80
    private static let reserved = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })

    private var taken: Set<String> = []
    private(set) var names: [String: String] = [:]

    /// Assigns names in the order given (register order), so they are stable across runs.
    init(customerIDs: [String]) {
        for id in customerIDs where names[id] == nil {
            names[id] = claim(for: id)
        }
    }

    /// The file name (without directory) of a customer's packet, e.g. `cust-acme.html`.
    func fileName(for id: String, extension: String = "html") -> String? {
        names[id].map { $0 + "." + `extension` }
    }

    private mutating func claim(for id: String) -> String {
        let base = Self.sanitize(id)
        let stem = base.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? base
        if base == id, !Self.reserved.contains(stem.lowercased()), taken.insert(base.lowercased()).inserted {
            return base
        }
        // The id's hash only for the names that need it (most ids are their own file name).
        let hash = Digests.sha256Hex(id)
        for candidate in [base + "-" + hash.prefix(8), base + "-" + hash.prefix(16), base + "-" + hash]
        where !taken.contains(candidate.lowercased()) {
            taken.insert(candidate.lowercased())
            return candidate
        }
        var counter = 2
        while taken.contains("\(base)-\(hash.prefix(8))-\(counter)".lowercased()) { counter += 1 }
        let name = "\(base)-\(hash.prefix(8))-\(counter)"
        taken.insert(name.lowercased())
        return name
    }

    /// The id with unsafe bytes replaced, dots that would start or end the name or follow
    /// another dot replaced, cut to `maxBaseLength` bytes; `_` when nothing is left.
    static func sanitize(_ id: String) -> String {
        var out: [UInt8] = []
        for byte in id.utf8 {
            guard out.count < maxBaseLength else { break }
            let safe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            if !safe {
                out.append(UInt8(ascii: "_"))
            } else if byte == UInt8(ascii: "."), out.last == nil || out.last == UInt8(ascii: ".") {
                out.append(UInt8(ascii: "_"))
            } else {
                out.append(byte)
            }
        }
        if out.last == UInt8(ascii: ".") { out[out.count - 1] = UInt8(ascii: "_") }
        return out.isEmpty ? "_" : String(decoding: out, as: UTF8.self)
    }
}
