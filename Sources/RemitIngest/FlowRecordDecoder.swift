public import RemitCore

/// Turns one flow record (a JSON object, or an XML `<flow>` read as one) into a `FlowRecord`,
/// or says why it is rejected (SPEC "Flows").
///
/// Rules: `count`, `records`, `bytes` are non-negative integers (any JSON number form that is
/// an exact integer, e.g. `12`, `12.0`, `1.2e1`); `data_categories` is a list of strings;
/// every other known field is a string. `null` or an empty string counts as absent. `ts` must
/// be RFC 3339. A record needs `subprocessor` or `destination`. Unknown fields are ignored,
/// and named in `FlowRecord.unknownKeys` for `remit check`.
public enum FlowRecordDecoder {
    public enum Outcome {
        case record(FlowRecord)
        case rejected(RejectedRecord)
    }

    /// The fields a record may give once (data categories come as a list, or as repeated
    /// `<category>` elements gathered into one).
    static let fieldKeys: Set<String> = [
        "id", "ts", "customer", "subprocessor", "destination", "system", "purpose", "region", "operation", "count", "records", "bytes",
    ]

    /// What a flow document may hold beside its records: JSON keys beside `flows`, XML
    /// attributes of `<flows>`. Others are unknown keys of the document (`remit check`).
    static let documentKeys: Set<String> = ["version"]

    public static func decode(_ node: DocNode, location: SourceLocation) -> Outcome {
        guard case .object(let fields) = node.value else {
            return .rejected(RejectedRecord(location: location, reason: "a flow record must be an object, found \(node.typeName)"))
        }
        var flow = FlowRecord(location: location)
        var rawID: String?
        for (key, value) in fields where key == "id" {
            if case .string(let s) = value.value { rawID = s }
        }
        func reject(_ reason: String, _ at: DocNode) -> Outcome {
            var where_ = location
            if at.line > 0 { where_.line = at.line; where_.column = at.column }
            return .rejected(RejectedRecord(id: rawID, location: where_, reason: reason))
        }
        // JSON refuses a repeated key as it parses; an XML record can still give a field twice
        // (an attribute and a child element, or two child elements): which one counts would be
        // ambiguous, so the record is refused, as in JSON.
        if let (key, repeated) = node.repeatedEntry(among: fieldKeys) {
            return reject("`\(key)` is given more than once", repeated)
        }
        for (key, value) in fields {
            switch key {
            case "count", "records", "bytes":
                let number: Int64
                switch value.value {
                case .null, .string(""): continue
                case .number(let text):
                    guard let exact = exactInteger(text), exact >= 0 else {
                        if !text.hasPrefix("-"), let size = Double(text), size >= 0x1p63 {
                            return reject("`\(key)` is larger than remit counts (at most 9223372036854775807), found \(XMLStray.excerpt(of: text))", value)
                        }
                        return reject("`\(key)` must be a non-negative integer, found \(XMLStray.excerpt(of: text))", value)
                    }
                    number = exact
                case .string(let text):
                    return reject("`\(key)` must be a non-negative integer, found the string \"\(XMLStray.excerpt(of: text))\"", value)
                default:
                    return reject("`\(key)` must be a non-negative integer, found \(value.typeName)", value)
                }
                switch key {
                case "count": flow.count = number
                case "records": flow.records = number
                default: flow.bytes = number
                }
            case "data_categories":
                switch value.value {
                case .null: continue
                case .array(let items):
                    var categories: [String] = []
                    categories.reserveCapacity(items.count)
                    for item in items {
                        guard case .string(let s) = item.value else {
                            return reject("`data_categories` must be a list of strings, found \(item.typeName) in it", value)
                        }
                        if !s.isEmpty { categories.append(s) }
                    }
                    flow.dataCategories = categories
                default:
                    return reject("`data_categories` must be a list of strings, found \(value.typeName)", value)
                }
            case "id", "ts", "customer", "subprocessor", "destination", "system", "purpose", "region", "operation":
                let text: String
                switch value.value {
                case .null: continue
                case .string(let s): text = s
                default: return reject("`\(key)` must be a string, found \(value.typeName)", value)
                }
                if text.isEmpty { continue }
                switch key {
                case "id": flow.id = text
                case "ts":
                    guard let instant = Instant.parse(text) else {
                        return reject("`ts` must be an RFC 3339 timestamp, found \"\(text.prefix(64))\"", value)
                    }
                    flow.ts = instant
                case "customer": flow.customer = text
                case "subprocessor": flow.subprocessor = text
                case "destination": flow.destination = text
                case "system": flow.system = text
                case "purpose": flow.purpose = text
                case "region": flow.region = text
                default: flow.operation = text
                }
            default:
                flow.unknownKeys.append(key)
            }
        }
        if flow.subprocessor == nil && flow.destination == nil {
            return .rejected(RejectedRecord(id: rawID, location: location, reason: "the record has neither `subprocessor` nor `destination`"))
        }
        return .record(flow)
    }

    /// The exact integer a JSON number denotes, or nil when it has a fraction or does not fit.
    static func exactInteger(_ text: String) -> Int64? {
        if let plain = Int64(text) { return plain }
        var digits: [UInt8] = []
        var pointShift = 0
        var exponent = 0
        var negative = false
        var seenPoint = false
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        while let b = bytes.first, b != UInt8(ascii: "e"), b != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if b == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(b - 0x30)
            if seenPoint { pointShift += 1 }
        }
        if !bytes.isEmpty {
            // Zero times any power of ten is zero (`0e999`). Otherwise the exponent only has to
            // stay far from overflowing `scale`: past the digits' reach, a positive one overflows
            // Int64 and a negative one leaves a fraction, within as many steps as there are digits.
            if digits.allSatisfy({ $0 == 0 }) { return 0 }
            guard let e = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), e > -(1 << 40), e < 1 << 40 else { return nil }
            exponent = e
        }
        var scale = exponent - pointShift
        while scale < 0 {
            guard digits.last == 0 else { return digits.allSatisfy { $0 == 0 } ? 0 : nil }
            digits.removeLast()
            scale += 1
        }
        var value: Int64 = 0
        for d in digits {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = a
        }
        for _ in 0..<scale where value != 0 {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
        }
        return negative ? -value : value
    }
}
