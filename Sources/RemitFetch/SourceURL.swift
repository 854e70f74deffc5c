import Foundation

/// The parts of a source URL that fetching and provenance need.
public enum SourceURL {
    /// Whether `source` is an http or https URL (fetched with libcurl).
    public static func isRemote(_ source: String) -> Bool {
        let lower = source.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The URL without user info (`https://user:secret@host/x` → `https://host/x`); `shown`
    /// also hides credentials in the query.
    /// A password written with a raw `/`, `?` or `#` (`https://u:pa/ss@host/x`, which should
    /// be `pa%2Fss`) cuts the authority short into `u:pa`, whose "port" is no number: then
    /// everything up to the last `@` is taken for user info, so the password is never shown.
    public static func withoutCredentials(_ url: String) -> String {
        guard let authorityStart = afterScheme(url) else { return url }
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") ?? (hasMalformedPort(authority) ? rest.lastIndex(of: "@") : nil) else { return url }
        return String(url[..<authorityStart]) + String(rest[rest.index(after: at)...])
    }

    /// A source URL as remit shows it (in outputs and messages, and as the cache's key and
    /// record): without user info, and with the value of each query or fragment parameter
    /// whose name only a credential goes by (`api_key`, `token`, `X-Amz-Signature`, `sig`)
    /// replaced by `REDACTED`. Only the request uses the URL as written. Names that are as
    /// often ordinary parameters (`key`, `code`, `session`) stay: they tell two sources apart.
    public static func shown(_ url: String) -> String {
        redactingParameters(withoutCredentials(url), names: sourceSecretParameters)
    }

    /// Where a fetch ended up, as provenance shows it: as `shown`, and also with the values of
    /// the short names download links carry credentials in (`key`, `code`, `session`). A
    /// redirect to a presigned download would otherwise write a working credential into the
    /// manifest, the report and the packets.
    public static func shownTarget(_ url: String) -> String {
        redactingParameters(withoutCredentials(url), names: secretParameters)
    }

    /// `url` with the value of each credential parameter `REDACTED`: a `name=value` piece after
    /// any `?`, `#`, `&` or `;` past the host, in the query, the fragment or a path's
    /// parameters. User info is cut first (`withoutCredentials`), so a raw `?` or `#` in a
    /// password cannot pass for the query, and a query that the cut left without its `?`
    /// (a password with a raw `/` and an `@` further on) is still read. A piece without `=`
    /// that follows a credential after `;` or `?` is part of its value, so a raw `;` or `?` in
    /// a secret does not show its tail.
    static func redactingParameters(_ url: String, names: Set<String>) -> String {
        let start = afterScheme(url) ?? url.startIndex
        guard let first = url[start...].firstIndex(where: Self.isSeparator) else { return url }
        var out = String(url[..<first])
        var separator = url[first], part = "", redacting = false
        func flush() {
            let swallowed = redacting && !part.contains("=") && (separator == ";" || separator == "?")
            if !swallowed {
                redacting = isSecret(part, names: names)
                out.append(separator)
                out += redacting ? part[..<part.firstIndex(of: "=")!] + "=REDACTED" : part
            }
            part = ""
        }
        for character in url[url.index(after: first)...] {
            if isSeparator(character) {
                flush()
                separator = character
            } else {
                part.append(character)
            }
        }
        flush()
        return out
    }

    private static func isSeparator(_ character: Character) -> Bool {
        character == "?" || character == "#" || character == "&" || character == ";"
    }

    /// Whether `name=value` names a credential (the name percent-decoded, in any case).
    private static func isSecret(_ parameter: String, names: Set<String>) -> Bool {
        guard let equals = parameter.firstIndex(of: "=") else { return false }
        let raw = String(parameter[..<equals])
        let name = (raw.removingPercentEncoding ?? raw).lowercased()
        return names.contains(name) || secretParameterParts.contains { name.contains($0) }
    }

    /// Query parameter names (lowercased) that carry a credential in a source URL…
    static let sourceSecretParameters: Set<String> = ["sig", "authorization", "jwt", "sas", "pwd"]
    /// …and besides those, in common download links a redirect may end at.
    static let secretParameters = sourceSecretParameters.union(["key", "code", "auth", "session", "sessionid"])
    /// Words a credential parameter's name contains (`X-Amz-Security-Token`, `private_token`,
    /// `client_secret`), wherever the URL comes from.
    static let secretParameterParts = ["token", "signature", "secret", "password", "passwd", "credential", "apikey", "api_key", "api-key",
                                       "accesskey", "access_key", "access-key"]

    /// Whether an authority without user info ends in `:` and something other than digits
    /// (IPv6 literals in brackets aside).
    private static func hasMalformedPort(_ authority: Substring) -> Bool {
        let hostEnd = authority.lastIndex(of: "]") ?? authority.startIndex
        guard let colon = authority[hostEnd...].lastIndex(of: ":") else { return false }
        return !authority[authority.index(after: colon)...].allSatisfy(\.isASCIIDigit)
    }

    /// The extension of the URL's last path segment (`xml` for `/a/list.xml?x=1`), lowercased,
    /// or "" when there is none: the cached body keeps it, so format detection that falls
    /// back on extensions works as for a local file.
    public static func pathExtension(_ url: String) -> String {
        var path = Substring(url)
        if let start = afterScheme(url) { path = path[start...] }
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let name = path[path.index(after: slash)...]
        guard let dot = name.lastIndex(of: ".") else { return "" }
        let ext = name[name.index(after: dot)...].lowercased()
        let valid = !ext.isEmpty && ext.count <= 8 && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return valid ? ext : ""
    }

    /// The index just after `scheme://`, if the text has one.
    static func afterScheme(_ url: String) -> String.Index? {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        return url.index(colon, offsetBy: 3)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
