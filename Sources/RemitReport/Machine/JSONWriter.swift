/// JSON written straight into bytes, value by value, in the order it is written: the
/// document's members, and the items of the containers they hold, one a line with 2-space
/// indentation; anything deeper on its item's line (`{"kind": "…", "flows": 12}`), so each
/// finding, input, sample list or scope entry is one line that `grep` and `diff` see whole.
/// `"key": value`, `, ` between items on a line, `{}` and `[]` when empty.
///
/// remit's machine outputs are contracts (SPEC "Outputs"): key order, indentation and
/// escaping must not depend on a dictionary's iteration order or a library's defaults, so
/// they are written by this small writer instead of `JSONSerialization`/`JSONEncoder`. It
/// builds no tree: a large run writes hundreds of thousands of findings and ten thousand
/// evidence packets, and a tree of values per packet took a third of their time.
///
/// Every value inside an object follows its `key`; every value inside an array is an
/// element. Containers close in the order they opened.
struct JSONWriter {
    /// Items deeper than this are written on the line of the item that holds them.
    static let lineDepth = 2

    var out: OutputBytes
    /// Open containers.
    private(set) var depth = 0
    /// The innermost open container already holds a member or an element.
    private var hasItems = false
    /// `hasItems` of the containers around the innermost one, innermost last.
    private var outer: [Bool] = []
    /// A key was written and its value not yet.
    private var afterKey = false

    init(into out: OutputBytes = OutputBytes()) {
        self.out = out
    }

    /// A writer whose bytes continue a document at `depth`, inside a container that already
    /// holds items: what it writes can be `splice`d into any writer in that position.
    static func fragment(depth: Int) -> JSONWriter {
        var writer = JSONWriter()
        writer.depth = depth
        writer.hasItems = true
        return writer
    }

    /// `bytes` made by `fragment(depth:)` at this writer's depth: members or elements of the
    /// innermost open container, written as they are. The container already holds an item
    /// (a fragment starts with the separator that follows one).
    mutating func splice(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        out.bytes.append(contentsOf: bytes)
        hasItems = true
    }

    /// The newline that ends a document.
    mutating func finish() {
        out.byte(0x0A)
    }

    // MARK: keys

    /// `"name": `, for a name that needs no escaping (remit's own keys), with the separator and
    /// indentation before it in one append: a key piece by piece was six to ten appends, a
    /// third of the instructions that wrote the findings of `findings.json`.
    mutating func key(_ name: StaticString) {
        let (depth, hasItems) = (depth, hasItems)
        // The separator, `"`, the name and `": `.
        let capacity = Self.separatorCapacity(depth) + 1 + name.utf8CodeUnitCount + 3
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { line in
            var at = Self.separator(depth: depth, hasItems: hasItems, into: line)
            func put(_ byte: UInt8) {
                line[at] = byte
                at += 1
            }
            put(UInt8(ascii: "\""))
            name.withUTF8Buffer { name in
                guard let start = name.baseAddress else { return }
                line.baseAddress!.advanced(by: at).initialize(from: start, count: name.count)
                at += name.count
            }
            put(UInt8(ascii: "\"")); put(UInt8(ascii: ":")); put(UInt8(ascii: " "))
            out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<at]))
        }
        self.hasItems = true
        afterKey = true
    }

    /// `"name": `, for a name that comes from data.
    mutating func key(escaping name: String) {
        nextItem()
        out.jsonString(name)
        out.literal(": ")
        afterKey = true
    }

    // MARK: values

    mutating func string(_ text: String) {
        beginValue()
        out.jsonString(text)
    }

    /// A string, or `null` when there is none.
    mutating func string(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    mutating func integer(_ value: Int) {
        beginValue()
        out.integer(value)
    }

    mutating func integer(_ value: Int64) {
        beginValue()
        out.integer(value)
    }

    mutating func bool(_ flag: Bool) {
        beginValue()
        if flag { out.literal("true") } else { out.literal("false") }
    }

    mutating func null() {
        beginValue()
        out.literal("null")
    }

    /// An array of strings, or `null` when there is none.
    mutating func strings(_ values: [String]?) {
        guard let values else { null(); return }
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    // MARK: members (a key and its value)

    mutating func member(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    /// The text, or `null` when there is none.
    mutating func member(_ name: StaticString, _ text: String?) {
        key(name)
        string(text)
    }

    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        integer(value)
    }

    mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        integer(value)
    }

    mutating func member(_ name: StaticString, _ flag: Bool) {
        key(name)
        bool(flag)
    }

    /// The strings, or `null` when there are none.
    mutating func member(_ name: StaticString, _ values: [String]?) {
        key(name)
        strings(values)
    }

    // MARK: containers

    mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// `key` and an object whose members `body` writes.
    mutating func object(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    /// `key` and an array with one element per item, which `element` writes.
    mutating func array<Items: Sequence>(_ name: StaticString, _ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        key(name)
        beginArray()
        for item in items { element(&self, item) }
        endArray()
    }

    // MARK: layout

    private mutating func open(_ bracket: UInt8) {
        beginValue()
        out.byte(bracket)
        outer.append(hasItems)
        hasItems = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasItems && depth < Self.lineDepth {
            out.byte(0x0A)
            out.indent(depth)
        }
        out.byte(bracket)
        hasItems = outer.removeLast()
    }

    /// Before a value: nothing after a key or at the top level; a new line in an array.
    @inline(__always) private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else if depth > 0 {
            nextItem()
        }
    }

    @inline(__always) private mutating func nextItem() {
        let (depth, hasItems) = (depth, hasItems)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.separatorCapacity(depth)) { line in
            let count = Self.separator(depth: depth, hasItems: hasItems, into: line)
            out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<count]))
        }
        self.hasItems = true
    }

    /// What comes before an item at `depth`, written at the start of `line`: deeper than
    /// `lineDepth`, `, ` after the container's first item (items share their line); else a
    /// new line (after a `,` when the container holds an item already) and the item's
    /// indentation. Returns the bytes written.
    private static func separator(depth: Int, hasItems: Bool, into line: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard depth <= lineDepth else {
            guard hasItems else { return 0 }
            line[0] = UInt8(ascii: ","); line[1] = UInt8(ascii: " ")
            return 2
        }
        var at = 0
        if hasItems { line[0] = UInt8(ascii: ","); at = 1 }
        line[at] = 0x0A
        line.baseAddress!.advanced(by: at + 1).initialize(repeating: UInt8(ascii: " "), count: 2 * depth)
        return at + 1 + 2 * depth
    }

    /// Room for `separator` at `depth`.
    private static func separatorCapacity(_ depth: Int) -> Int {
        2 + 2 * depth
    }
}
