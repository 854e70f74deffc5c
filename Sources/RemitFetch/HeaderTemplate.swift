/// Per-source request headers whose values may name environment variables
/// (`Authorization: "Bearer ${VENDOR_TOKEN}"`, SPEC "Job config"). Expanded values are
/// secrets: they go to libcurl and nowhere else; errors name the header and variable only.
enum HeaderTemplate {
    struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// `Name: value` lines, sorted by name, with every `${VAR}` replaced.
    static func lines(_ headers: [String: String], environment: [String: String]) throws(Problem) -> [String] {
        var lines: [String] = []
        for name in headers.keys.sorted() {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw Problem("header name \"\(name)\" is not a valid HTTP header name")
            }
            let value = try expand(headers[name]!, header: name, environment: environment)
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw Problem("the value of header \(name) contains a line break")
            }
            lines.append("\(name): \(value)")
        }
        return lines
    }

    static func expand(_ template: String, header: String, environment: [String: String]) throws(Problem) -> String {
        var out = ""
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            guard afterDollar < rest.endIndex, rest[afterDollar] == "{" else {
                out.append("$")
                rest = rest[afterDollar...]
                continue
            }
            let nameStart = rest.index(after: afterDollar)
            guard let end = rest[nameStart...].firstIndex(of: "}") else {
                throw Problem("header \(header): unterminated ${ in its value")
            }
            let name = String(rest[nameStart..<end])
            guard isVariableName(name) else {
                throw Problem("header \(header): \"${\(name)}\" is not an environment variable name")
            }
            guard let value = environment[name], !value.isEmpty else {
                throw Problem("header \(header) needs the environment variable \(name), which is not set")
            }
            out += value
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(48...57).contains(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// RFC 9110 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
