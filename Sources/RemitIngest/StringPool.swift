/// One copy of each repeated string of a document. A register of 10,000 customers spells
/// the same few taxonomy keys 250,000 times, and a string of more than 15 bytes is a heap
/// object of its own each time: sharing them took 19 MB off the bench's register. Short strings are
/// stored inline anyway; long ones (descriptions, notes) are rarely repeated; and the pool
/// stops growing at `capacity` strings, so a document of distinct values costs no more.
struct StringPool {
    static let capacity = 65_536
    private var known: Set<String> = []

    mutating func share(_ text: String) -> String {
        let length = text.utf8.count
        guard length > 15, length <= 64 else { return text }
        // The same bytes only: `Set` finds a canonically equivalent spelling too (a decomposed
        // "é"), and each text keeps its own spelling.
        if let shared = known.firstIndex(of: text).map({ known[$0] }) {
            return shared.utf8.elementsEqual(text.utf8) ? shared : text
        }
        if known.count < Self.capacity { known.insert(text) }
        return text
    }
}
