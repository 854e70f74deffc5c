import Crypto
import Foundation
import RemitCore
import RemitReport

/// Writes `report` (every format unless told) into a fresh directory.
func written(_ report: RunReport, formats: Set<OutputFormat> = Set(OutputFormat.allCases)) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    directory.written = try OutputWriter.write(report, formats: formats, to: directory.url)
    return directory
}

func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

func sha256Base64(_ text: String) -> String {
    Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString()
}

/// The text between the first `open` and the following `close`.
func between(_ text: String, _ open: String, _ close: String) -> String? {
    guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else {
        return nil
    }
    return String(text[start.upperBound..<end.lowerBound])
}

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// An RFC 4180 reader, independent of the writer under test.
/// RFC 4180: records end with CRLF; a line break inside quotes is the value's. A CR or LF
/// alone outside quotes stays in the field, where a test comparing fields will see it.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, afterQuote = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if quoted {
            if scalar == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(scalar) }
            continue
        }
        switch scalar {
        case "\"":
            if afterQuote { field.append("\"") }
            quoted = true
            afterQuote = false
        case ",":
            row.append(field); field = ""; afterQuote = false
        case "\r" where scalars.first == "\n":
            scalars.removeFirst()
            row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
        default:
            field.unicodeScalars.append(scalar); afterQuote = false
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// The keys of JSON objects in the order the raw text has them, for the objects that sit
/// `depth` containers deep (the document's own object is 1; arrays count), in the order the
/// objects close. It reads the structure, not the layout, and expects valid JSON.
func keysInOrder(_ text: String, depth: Int) -> [[String]] {
    struct Open { var isObject: Bool; var keys: [String] = []; var expectsKey: Bool }
    var objects: [[String]] = [], open: [Open] = []
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
        switch bytes[i] {
        case UInt8(ascii: "{"): open.append(Open(isObject: true, expectsKey: true))
        case UInt8(ascii: "["): open.append(Open(isObject: false, expectsKey: false))
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            let closed = open.removeLast()
            if closed.isObject && open.count + 1 == depth { objects.append(closed.keys) }
        case UInt8(ascii: ","):
            if open.last?.isObject == true { open[open.count - 1].expectsKey = true }
        case UInt8(ascii: "\""):
            let start = i + 1
            i = start
            while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            if let last = open.last, last.isObject, last.expectsKey {
                open[open.count - 1].keys.append(String(decoding: bytes[start..<i], as: UTF8.self))
                open[open.count - 1].expectsKey = false
            }
        default: break
        }
        i += 1
    }
    return objects
}

/// A tiny HTML tag scanner for the safety checks: every start tag with its attribute names
/// and values, skipping the contents of `<style>` and `<script>`.
struct HTMLTag {
    var name: String
    var attributes: [(name: String, value: String)]
}

func scanTags(_ html: String) -> [HTMLTag] {
    var tags: [HTMLTag] = []
    let chars = Array(html.unicodeScalars)
    var i = 0
    func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    while i < chars.count {
        guard chars[i] == "<", i + 1 < chars.count, isLetter(chars[i + 1]) else { i += 1; continue }
        i += 1
        var name = ""
        while i < chars.count, chars[i] != ">", chars[i] != " ", chars[i] != "\n", chars[i] != "/" {
            name.unicodeScalars.append(chars[i]); i += 1
        }
        var attributes: [(String, String)] = []
        while i < chars.count, chars[i] != ">" {
            while i < chars.count, chars[i] == " " || chars[i] == "\n" || chars[i] == "/" { i += 1 }
            var attr = ""
            while i < chars.count, chars[i] != "=", chars[i] != ">", chars[i] != " ", chars[i] != "/" {
                attr.unicodeScalars.append(chars[i]); i += 1
            }
            var value = ""
            if i < chars.count, chars[i] == "=" {
                i += 1
                let quote = chars[i]
                if quote == "\"" || quote == "'" {
                    i += 1
                    while i < chars.count, chars[i] != quote { value.unicodeScalars.append(chars[i]); i += 1 }
                    i += 1
                } else {
                    while i < chars.count, chars[i] != " ", chars[i] != ">" { value.unicodeScalars.append(chars[i]); i += 1 }
                }
            }
            if !attr.isEmpty { attributes.append((attr.lowercased(), value)) }
        }
        let tag = HTMLTag(name: name.lowercased(), attributes: attributes)
        tags.append(tag)
        if tag.name == "style" || tag.name == "script" {
            let close = "</\(tag.name)>"
            let rest = String(String.UnicodeScalarView(chars[i...]))
            guard let end = rest.range(of: close) else { break }
            i += rest.unicodeScalars.distance(from: rest.startIndex, to: end.upperBound)
        }
    }
    return tags
}
