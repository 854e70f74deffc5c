/// Resolving a flow's destination to a subprocessor (SPEC "Catalog", endpoint patterns).
///
/// A pattern is an exact host, or `*.` and a domain, which matches any subdomain at any
/// depth but not the domain itself. An exact catalog endpoint wins, then the longest catalog
/// wildcard, then `mappings.destinations` in their order (first match).
public struct DestinationResolver: Sendable {
    private var exact: [String: String] = [:]
    private var wildcard: [String: String] = [:]
    private var rules: [Mappings.DestinationRule]
    /// The first rule (by its index) of each exact pattern and of each wildcard's domain: a
    /// host is resolved by its own labels, not by trying every rule (20,000 rules against
    /// 20,000 hosts took minutes).
    private var firstExactRule: [String: Int] = [:]
    private var firstWildcardRule: [String: Int] = [:]

    public init(catalog: Catalog, mappings: Mappings) {
        for subprocessor in catalog.all {
            for endpoint in subprocessor.endpoints.map(\.value) {
                if endpoint.hasPrefix("*.") {
                    let domain = String(endpoint.dropFirst(2))
                    if wildcard[domain] == nil { wildcard[domain] = subprocessor.id }
                } else if exact[endpoint] == nil {
                    exact[endpoint] = subprocessor.id
                }
            }
        }
        rules = mappings.destinations
        for (index, rule) in rules.enumerated() {
            if rule.pattern.hasPrefix("*.") {
                let domain = String(rule.pattern.dropFirst(2))
                if firstWildcardRule[domain] == nil { firstWildcardRule[domain] = index }
            } else if firstExactRule[rule.pattern] == nil {
                firstExactRule[rule.pattern] = index
            }
        }
    }

    /// An endpoint pattern that two catalog subprocessors give: flows to it go to the one
    /// described first (`claimant`, in catalog order), never to `other`.
    public struct Conflict: Sendable, Equatable {
        public var pattern: String
        public var claimant: String
        public var other: String
        /// Where `other` gives the pattern.
        public var location: SourceLocation
    }

    /// Every pattern the catalog gives to more than one subprocessor (`remit check` lists
    /// them: which one a flow is attributed to must not hang silently on the sources' order).
    public static func conflicts(in catalog: Catalog) -> [Conflict] {
        var claimant: [String: String] = [:]
        var found: [Conflict] = []
        for subprocessor in catalog.all {
            for endpoint in subprocessor.endpoints {
                if let first = claimant[endpoint.value] {
                    if first != subprocessor.id {
                        found.append(Conflict(pattern: endpoint.value, claimant: first, other: subprocessor.id, location: endpoint.location))
                    }
                } else {
                    claimant[endpoint.value] = subprocessor.id
                }
            }
        }
        return found
    }

    /// The subprocessor for a destination (a host or URL), or nil. A destination with no
    /// host (`https:///x`, a bare path), or with a "host" no name or address can be, resolves
    /// to none, whatever the patterns (`isPlausibleHost`).
    public func resolve(host: String) -> String? {
        guard Self.isPlausibleHost(host) else { return nil }
        if let id = exact[host] { return id }
        // The longest catalog wildcard wins; of the rules, the first that matches: an exact
        // pattern the host itself, `*.d` a host below `d` (`a.d`, `a.b.d`, not `d`).
        var firstRule = firstExactRule[host]
        var rest = Substring(host)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            let domain = String(rest)
            if let id = wildcard[domain] { return id }
            if let index = firstWildcardRule[domain], index < firstRule ?? .max { firstRule = index }
        }
        return firstRule.map { rules[$0].subprocessor }
    }

    /// Whether `host` can name one machine: not empty; no control character, space, DEL or
    /// any of `, ; % " < > ^ | { } \\` ` (a list `evil.example,db.good.example` that libpq
    /// tries in order, a NUL that a C resolver stops at, an undecoded `%00`), and a `:` only
    /// in an IPv6 address (hex digits, `:` and `.`; `evil.example:443:api.good.example` is
    /// none); no empty label (`.example.com`, `a..example.com`). Anything else would be
    /// matched by its last labels against a wildcard.
    public static func isPlausibleHost(_ host: String) -> Bool {
        guard !host.isEmpty, !host.hasPrefix("."), !host.contains("..") else { return false }
        var colon = false, ipv6 = true
        for b in host.utf8 {
            switch b {
            case 0x00...0x20, 0x7F, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "%"), UInt8(ascii: "\""), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "^"), UInt8(ascii: "|"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"),
                 UInt8(ascii: "`"):
                return false
            case UInt8(ascii: ":"): colon = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "."): break
            default: ipv6 = false
            }
        }
        return !colon || ipv6
    }

    /// The host of a destination: scheme (only at the start), user info, port, path, query
    /// and fragment dropped; lowercased, without a trailing dot. The delimiters are ASCII and
    /// found on the UTF-8 bytes (`host(ofASCII:)`): a combining mark after `/`, `?`, `#` or
    /// `@` makes one `Character` of the two, which a search by `Character` passes over, so
    /// that `https://evil.example/\u{301}.stripe.com` would have been taken for a Stripe host.
    public static func host(of destination: String) -> String {
        var text = String(destination.trimmingWhitespace())
        var bytes: [UInt8] = []
        text.withUTF8 { Self.host(ofASCII: UnsafeRawBufferPointer($0), into: &bytes) }
        // Cut at ASCII bytes only, so still whole UTF-8; the non-ASCII letters lowercased here.
        var result = String(decoding: bytes, as: UTF8.self).lowercased()
        while result.hasSuffix(".") { result.removeLast() }
        return result
    }
}

extension DestinationResolver {
    /// The host of UTF-8 bytes, written into `host`: `host(of:)` for ASCII text (for ASCII,
    /// Swift's whitespace is tab, LF, VT, FF, CR and space); for other text it lowercases ASCII
    /// letters only and trims ASCII whitespace only, which `host(of:)` completes.
    public static func host(ofASCII bytes: UnsafeRawBufferPointer, into host: inout [UInt8]) {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        func first(_ byte: UInt8, from: Int) -> Int? {
            var i = from
            while i < end { if bytes[i] == byte { return i }; i += 1 }
            return nil
        }
        // A scheme (a letter, then letters, digits, `+`, `-`, `_`: `https`, `git+ssh`, Kafka's
        // `SASL_SSL`) and `://` at the start; `//host` is scheme-relative. A `://` after anything
        // else (`evil.example/cb?next=https://api.good.example/`, `evil.example:8443://…`,
        // `1evil.example://…`) is not a scheme's: the text stays in the host, which names no
        // catalog host then. (`.` is left out of schemes, so `evil.example://api.good.example`
        // is `evil.example`; a `jdbc:postgresql://` URL names no host, and says so.)
        var k = start
        if k < end, Self.isLetter(bytes[k]) {
            k += 1
            while k < end, Self.isLetter(bytes[k]) || (bytes[k] >= 0x30 && bytes[k] <= 0x39)
                || bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "_") { k += 1 }
            if k + 2 < end, bytes[k] == UInt8(ascii: ":"), bytes[k + 1] == UInt8(ascii: "/"), bytes[k + 2] == UInt8(ascii: "/") {
                start = k + 3
            }
        }
        if start + 1 < end, bytes[start] == UInt8(ascii: "/"), bytes[start + 1] == UInt8(ascii: "/") { start += 2 }
        // The host ends at a path, query or fragment; a backslash is a path's `/` to browsers
        // and WHATWG URL parsers (`https://evil.example\@api.good.example/` goes to evil.example).
        var i = start
        while i < end, !Self.endsHost(bytes[i]) { i += 1 }
        end = i
        // User info ends at the last `@`; one holding a `,` is a list (`mailto:a@evil.example,
        // b@api.good.example`), whose last member is not the destination: kept, it makes the
        // host no host (`isPlausibleHost`).
        i = end
        while i > start {
            i -= 1
            guard bytes[i] == UInt8(ascii: "@") else { continue }
            if !UnsafeRawBufferPointer(rebasing: bytes[start..<i]).contains(UInt8(ascii: ",")) { start = i + 1 }
            break
        }
        if start < end, bytes[start] == UInt8(ascii: "[") {
            if let close = first(UInt8(ascii: "]"), from: start) { end = close; start += 1 }
        } else if let colon = first(UInt8(ascii: ":"), from: start), first(UInt8(ascii: ":"), from: colon + 1) == nil {
            end = colon
        }
        host.removeAll(keepingCapacity: true)
        for k in start..<end {
            let b = bytes[k]
            host.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        while host.last == UInt8(ascii: ".") { host.removeLast() }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// `/`, `?`, `#` and `\\`: where a host ends.
    private static func endsHost(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || b == UInt8(ascii: "\\")
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
