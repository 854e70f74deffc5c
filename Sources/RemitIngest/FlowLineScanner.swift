import Foundation
import RemitCore

/// Reads the flow record on one NDJSON line straight into a `FlowTally`, without building
/// a JSON tree or a `FlowRecord`: text fields are interned from the line's bytes.
///
/// It accepts exactly the lines that `JSONParser` + `FlowRecordDecoder` accept (SPEC
/// "Flows": valid UTF-8, strict JSON, no repeated key at any depth, typed fields) with the
/// same field values. For any other line it returns false without touching the tally, and
/// the caller hands the line to the reference path, which rejects it with its exact
/// location and reason (or, for the rare lines it cannot judge alone, such as an object key
/// outside ASCII, decides).
final class FlowLineScanner {
    private var flow = InternedFlow()
    private var categories: [Int32] = []
    private var scratch: [UInt8] = []
    private var idBytes: [UInt8] = []
    private var pending = PendingFields()
    /// Keys of the objects being read, to refuse repeats: bytes and where each starts.
    private var keyArena: [UInt8] = []
    private var keyStarts: [Int] = []

    /// Reconciles the record on `line` into `tally`; false when the reference path must
    /// judge the line.
    func scan(_ line: UnsafeRawBufferPointer, lineNumber: Int, into tally: inout FlowTally, expansion: [Int32]?) -> Bool {
        guard JSONBytes.isValidUTF8(line) else { return false }
        flow = InternedFlow()
        flow.line = lineNumber
        categories.removeAll(keepingCapacity: true)
        // Held in a local while the line is read: a class's stored property is checked for
        // overlapping access at run time on every use.
        var pending = PendingFields()
        swap(&pending, &self.pending)
        defer { swap(&pending, &self.pending) }
        pending.reset()
        keyArena.removeAll(keepingCapacity: true)
        keyStarts.removeAll(keepingCapacity: true)
        var hasID = false
        var seen = 0
        var i = skipSpace(line, 0)
        guard i < line.count, line[i] == UInt8(ascii: "{") else { return false }
        i = skipSpace(line, i + 1)
        guard i < line.count else { return false }
        if line[i] == UInt8(ascii: "}") {
            return false // no subprocessor nor destination: rejected
        }
        while true {
            guard i < line.count, line[i] == UInt8(ascii: "\""), let (keyEnd, keyEscaped) = JSONBytes.scanString(line, i) else { return false }
            let field: FlowField?
            if keyEscaped {
                JSONBytes.decodeEscapes(line, from: i + 1, to: keyEnd - 1, into: &scratch)
                field = scratch.withUnsafeBytes { Self.field($0) }
                if field == nil, !scratch.withUnsafeBytes({ rememberKey($0) }) { return false }
            } else {
                let key = UnsafeRawBufferPointer(rebasing: line[(i + 1)..<(keyEnd - 1)])
                field = Self.field(key)
                if field == nil, !rememberKey(key) { return false }
            }
            if let field {
                guard seen & (1 << field.rawValue) == 0 else { return false }
                seen |= 1 << field.rawValue
            }
            i = skipSpace(line, keyEnd)
            guard i < line.count, line[i] == UInt8(ascii: ":") else { return false }
            i = skipSpace(line, i + 1)
            guard i < line.count else { return false }
            if let field {
                guard let end = readField(field, line, i, &hasID, &pending) else { return false }
                i = end
            } else {
                guard let end = skipValue(line, i, depth: 1) else { return false }
                i = end
            }
            i = skipSpace(line, i)
            guard i < line.count else { return false }
            if line[i] == UInt8(ascii: ",") { i = skipSpace(line, i + 1); continue }
            guard line[i] == UInt8(ascii: "}") else { return false }
            break
        }
        guard skipSpace(line, i + 1) == line.count, pending.namesTarget else { return false }
        pending.intern(into: &flow, categories: &categories, &tally.symbols)
        let record = flow
        categories.withUnsafeBufferPointer { categories in
            if hasID {
                idBytes.withUnsafeBytes { tally.add(record, categories: categories, id: $0, expansion: expansion) }
            } else {
                tally.add(record, categories: categories, id: nil, expansion: expansion)
            }
        }
        return true
    }

    /// A field the decoder reads (`category` is an XML child name, not a JSON key).
    private static func field(_ key: UnsafeRawBufferPointer) -> FlowField? {
        FlowField(key).flatMap { $0 == .category ? nil : $0 }
    }

    /// Reads a known field's value at `i`; returns the index after it, or nil when the
    /// record is not for the fast path.
    private func readField(
        _ field: FlowField, _ line: UnsafeRawBufferPointer, _ i: Int, _ hasID: inout Bool, _ pending: inout PendingFields
    ) -> Int? {
        if JSONBytes.literal(line, i, "null") { return i + 4 }
        switch field {
        case .count, .records, .bytes:
            guard let (end, plain) = JSONBytes.scanNumber(line, i),
                  let value = JSONBytes.count(line, from: i, to: end, plain: plain) else { return nil }
            switch field {
            case .count: flow.count = value
            case .records: flow.records = value
            default: flow.bytes = value
            }
            return end
        case .dataCategories:
            guard line[i] == UInt8(ascii: "[") else { return nil }
            var k = skipSpace(line, i + 1)
            if k < line.count, line[k] == UInt8(ascii: "]") { return k + 1 }
            while true {
                guard k < line.count, line[k] == UInt8(ascii: "\"") else { return nil }
                guard let end = withString(line, k, { text, copy in
                    if !text.isEmpty { copy ? pending.noteCopy(.dataCategories, text) : pending.note(.dataCategories, text) }
                }) else { return nil }
                k = skipSpace(line, end)
                guard k < line.count else { return nil }
                if line[k] == UInt8(ascii: ",") { k = skipSpace(line, k + 1); continue }
                guard line[k] == UInt8(ascii: "]") else { return nil }
                return k + 1
            }
        default:
            guard line[i] == UInt8(ascii: "\"") else { return nil }
            var valid = true
            let end = withString(line, i) { text, copy in
                guard !text.isEmpty else { return }
                switch field {
                case .id:
                    idBytes.removeAll(keepingCapacity: true)
                    idBytes.append(contentsOf: text)
                    hasID = true
                case .ts:
                    if let instant = Instant.parse(utf8: text) { flow.ts = instant } else { valid = false }
                default:
                    copy ? pending.noteCopy(field, text) : pending.note(field, text)
                }
            }
            return valid ? end : nil
        }
    }

    /// Calls `body` with a string's decoded content, and whether that is in a scratch buffer
    /// (to be copied to be kept) rather than the line; returns the index after the string.
    private func withString(_ line: UnsafeRawBufferPointer, _ i: Int, _ body: (UnsafeRawBufferPointer, Bool) -> Void) -> Int? {
        guard let (end, escaped) = JSONBytes.scanString(line, i) else { return nil }
        if escaped {
            JSONBytes.decodeEscapes(line, from: i + 1, to: end - 1, into: &scratch)
            scratch.withUnsafeBytes { body($0, true) }
        } else {
            body(UnsafeRawBufferPointer(rebasing: line[(i + 1)..<(end - 1)]), false)
        }
        return end
    }

    /// Notes a key of the current object (from `keyStarts.last` of the object's mark on);
    /// false when it repeats one, or is not ASCII (canonical equivalence is the reference
    /// parser's call).
    private func rememberKey(_ key: UnsafeRawBufferPointer, from mark: Int = 0) -> Bool {
        guard JSONBytes.isASCII(key) else { return false }
        for k in mark..<keyStarts.count {
            let start = keyStarts[k]
            let end = k + 1 < keyStarts.count ? keyStarts[k + 1] : keyArena.count
            if end - start == key.count, keyArena.withUnsafeBytes({ memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0 }) {
                return false
            }
        }
        keyStarts.append(keyArena.count)
        keyArena.append(contentsOf: key)
        return true
    }

    /// Validates any JSON value at `i` (the fields remit does not read); returns its end.
    private func skipValue(_ line: UnsafeRawBufferPointer, _ i: Int, depth: Int) -> Int? {
        guard i < line.count else { return nil }
        switch line[i] {
        case UInt8(ascii: "\""):
            return JSONBytes.scanString(line, i)?.end
        case UInt8(ascii: "t"): return JSONBytes.literal(line, i, "true") ? i + 4 : nil
        case UInt8(ascii: "f"): return JSONBytes.literal(line, i, "false") ? i + 5 : nil
        case UInt8(ascii: "n"): return JSONBytes.literal(line, i, "null") ? i + 4 : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONBytes.scanNumber(line, i)?.end
        case UInt8(ascii: "["):
            guard depth < JSONParser.defaultMaxDepth else { return nil }
            var k = skipSpace(line, i + 1)
            if k < line.count, line[k] == UInt8(ascii: "]") { return k + 1 }
            while true {
                guard let end = skipValue(line, k, depth: depth + 1) else { return nil }
                k = skipSpace(line, end)
                guard k < line.count else { return nil }
                if line[k] == UInt8(ascii: ",") { k = skipSpace(line, k + 1); continue }
                return line[k] == UInt8(ascii: "]") ? k + 1 : nil
            }
        case UInt8(ascii: "{"):
            guard depth < JSONParser.defaultMaxDepth else { return nil }
            let mark = keyStarts.count
            let arenaMark = keyArena.count
            defer {
                keyStarts.removeSubrange(mark...)
                keyArena.removeSubrange(arenaMark...)
            }
            var k = skipSpace(line, i + 1)
            if k < line.count, line[k] == UInt8(ascii: "}") { return k + 1 }
            while true {
                guard k < line.count, line[k] == UInt8(ascii: "\""), let (keyEnd, escaped) = JSONBytes.scanString(line, k) else { return nil }
                if escaped {
                    JSONBytes.decodeEscapes(line, from: k + 1, to: keyEnd - 1, into: &scratch)
                    let key = scratch
                    guard key.withUnsafeBytes({ rememberKey($0, from: mark) }) else { return nil }
                } else {
                    guard rememberKey(UnsafeRawBufferPointer(rebasing: line[(k + 1)..<(keyEnd - 1)]), from: mark) else { return nil }
                }
                k = skipSpace(line, keyEnd)
                guard k < line.count, line[k] == UInt8(ascii: ":") else { return nil }
                guard let end = skipValue(line, skipSpace(line, k + 1), depth: depth + 1) else { return nil }
                k = skipSpace(line, end)
                guard k < line.count else { return nil }
                if line[k] == UInt8(ascii: ",") { k = skipSpace(line, k + 1); continue }
                return line[k] == UInt8(ascii: "}") ? k + 1 : nil
            }
        default:
            return nil
        }
    }

    private func skipSpace(_ line: UnsafeRawBufferPointer, _ i: Int) -> Int {
        var k = i
        while k < line.count, JSONBytes.isSpace(line[k]) { k += 1 }
        return k
    }
}
