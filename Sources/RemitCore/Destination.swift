/// Resolving a flow's destination to a subprocessor (SPEC "Catalog", endpoint patterns).
///
/// A pattern is an exact host, or `*.` and a domain, which matches any subdomain at any
/// depth but not the domain itself. An exact catalog endpoint wins, then the longest catalog
/// wildcard, then `mappings.destinations` in their order (first match).
public struct DestinationResolver: Sendable {
    private var exact: [String: String] = [:]
    private var wildcard: [String: String] = [:]
    private var rules: [Mappings.DestinationRule]

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
    }

    /// The subprocessor for a destination (a host or URL), or nil.
    public func resolve(host: String) -> String? {
        if let id = exact[host] { return id }
        var rest = Substring(host)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let id = wildcard[String(rest)] { return id }
        }
        for rule in rules where Self.matches(pattern: rule.pattern, host: host) {
            return rule.subprocessor
        }
        return nil
    }

    public static func matches(pattern: String, host: String) -> Bool {
        if pattern.hasPrefix("*.") {
            let domain = pattern.dropFirst(1) // ".example.com"
            return host.count > domain.count && host.hasSuffix(domain)
        }
        return pattern == host
    }

    /// The host of a destination: scheme, user info, port, path, query and fragment dropped;
    /// lowercased, without a trailing dot.
    public static func host(of destination: String) -> String {
        var text = Substring(destination.trimmingWhitespace())
        if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") {
            text = text[text.index(colon, offsetBy: 3)...]
        }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("[") {
            if let close = text.firstIndex(of: "]") { text = text[text.index(after: text.startIndex)..<close] }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            text = text[..<colon]
        }
        var host = text.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
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
