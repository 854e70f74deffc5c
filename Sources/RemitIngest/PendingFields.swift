import RemitCore

/// The text fields of one flow record on a fast path, noted while the record is checked and
/// interned only once it is known to be accepted. A record the fast path hands to the
/// reference decoder (which may reject it) leaves nothing in the symbol table, so the
/// spelling kept for a value (the first one read) comes from an accepted record, as on the
/// reference path, which interns decoded records only.
struct PendingFields {
    private enum Place {
        /// Bytes that stay valid until `intern`: a slice of the NDJSON line or the XML batch.
        case outside(UnsafeRawBufferPointer)
        /// Bytes copied here, from a scratch buffer: offset and length in `copies`.
        case copied(Int, Int)
    }

    private var entries: [(field: FlowField, place: Place)] = []
    private var copies: [UInt8] = []
    private var hostBytes: [UInt8] = []

    mutating func reset() {
        entries.removeAll(keepingCapacity: true)
        copies.removeAll(keepingCapacity: true)
    }

    /// A text to intern later; `text` must stay valid until `intern`. `.category` and
    /// `.dataCategories` are data categories, in order.
    mutating func note(_ field: FlowField, _ text: UnsafeRawBufferPointer) {
        entries.append((field, .outside(text)))
    }

    /// A text in a buffer that will be reused before `intern`: copied.
    mutating func noteCopy(_ field: FlowField, _ text: UnsafeRawBufferPointer) {
        entries.append((field, .copied(copies.count, text.count)))
        copies.append(contentsOf: text)
    }

    /// Whether the record names a subprocessor or a destination (a non-empty one).
    var namesTarget: Bool {
        entries.contains { $0.field == .subprocessor || $0.field == .destination }
    }

    /// Interns every noted text, in the order noted, into `flow` and `categories`.
    mutating func intern(into flow: inout InternedFlow, categories: inout [Int32], _ symbols: inout Symbols) {
        for index in entries.indices {
            let field = entries[index].field
            let symbol: Int32
            switch entries[index].place {
            case .outside(let text):
                symbol = intern(field, text, &symbols)
            case .copied(let start, let count):
                // Escaped texts only: rare enough to copy out once more.
                let text = Array(copies[start..<(start + count)])
                symbol = text.withUnsafeBytes { intern(field, $0, &symbols) }
            }
            switch field {
            case .destination: flow.host = symbol
            case .customer: flow.customer = symbol
            case .subprocessor: flow.subprocessor = symbol
            case .system: flow.system = symbol
            case .purpose: flow.purpose = symbol
            case .region: flow.region = symbol
            case .operation: flow.operation = symbol
            case .category, .dataCategories: categories.append(symbol)
            case .id, .ts, .count, .records, .bytes: continue
            }
        }
    }

    /// A text's symbol; a destination's is its host's.
    private mutating func intern(_ field: FlowField, _ text: UnsafeRawBufferPointer, _ symbols: inout Symbols) -> Int32 {
        guard field == .destination else { return symbols.intern(text) }
        guard JSONBytes.isASCII(text) else { return symbols.intern(DestinationResolver.host(of: String(decoding: text, as: UTF8.self))) }
        DestinationResolver.host(ofASCII: text, into: &hostBytes)
        return hostBytes.withUnsafeBytes { symbols.intern($0) }
    }
}
