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

    /// A URL as remit shows it (a source in outputs and messages, where a fetch ended up, the
    /// cache's record): without user info, and with the value of each query or fragment
    /// parameter that carries a credential replaced by `REDACTED`. A source written with an
    /// `api_key`, or a redirect to a presigned download (S3's `X-Amz-Signature`, Azure's
    /// `sig`, a `token`), would otherwise write a working credential into the manifest, the
    /// report and the packets. Only the request uses the URL as written.
    public static func shown(_ url: String) -> String {
        let url = withoutCredentials(url)
        guard let question = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        var out = String(url[..<question])
        var part = ""
        for character in url[question...] {
            if character == "?" || character == "#" || character == "&" || character == ";" {
                out += redactedParameter(part) + String(character)
                part = ""
            } else {
                part.append(character)
            }
        }
        return out + redactedParameter(part)
    }

    /// `name=value`, its value `REDACTED` when the name (percent-decoded, any case) is one a
    /// credential goes by.
    private static func redactedParameter(_ parameter: String) -> String {
        guard let equals = parameter.firstIndex(of: "=") else { return parameter }
        let raw = parameter[..<equals]
        let name = (String(raw).removingPercentEncoding ?? String(raw)).lowercased()
        let secret = secretParameters.contains(name) || secretParameterParts.contains { name.contains($0) }
        return secret ? "\(raw)=REDACTED" : parameter
    }

    /// Query parameter names (lowercased) whose value is a credential in common download links…
    static let secretParameters: Set<String> = [
        "sig", "key", "code", "auth", "authorization", "jwt", "pwd", "sas", "session", "sessionid",
    ]
    /// …and words such a name contains (`X-Amz-Security-Token`, `private_token`, `client_secret`).
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
