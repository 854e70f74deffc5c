/// Coverage of dotted taxonomy keys (SPEC "Taxonomy keys and coverage").
///
/// A key covers itself and every key below it: `user.contact` covers `user.contact.email`,
/// not `user.contactless`. Keys compare exactly (case-sensitive).
public enum TaxonomyKey {
    /// Whether `ancestor` covers `key`.
    public static func covers(_ ancestor: String, _ key: String) -> Bool {
        guard key.utf8.count >= ancestor.utf8.count else { return false }
        if key == ancestor { return true }
        if let ascii = asciiPrefixThen(ancestor, UInt8(ascii: "."), in: key) { return ascii }
        guard key.hasPrefix(ancestor) else { return false }
        // `hasPrefix` compares canonically equivalent spellings as equal: the key can start
        // with a spelling of the ancestor shorter in bytes (a Kelvin sign is "K") and end
        // where the ancestor's bytes would, which is then not covered.
        let boundary = key.utf8.index(key.utf8.startIndex, offsetBy: ancestor.utf8.count)
        return boundary < key.utf8.endIndex && key.utf8[boundary] == UInt8(ascii: ".")
    }

    /// Whether any member of `set` covers `key`.
    public static func setCovers(_ set: [String], _ key: String) -> Bool {
        set.contains { covers($0, key) }
    }

    /// The keys that both sets cover, reduced to the narrowest members: for display of an
    /// effective scope. Exact for prefix trees: a key is in both iff one side's member covers it.
    public static func intersection(_ a: [String], _ b: [String]) -> [String] {
        var result: [String] = []
        for key in a where setCovers(b, key) && !result.contains(key) { result.append(key) }
        for key in b where setCovers(a, key) && !result.contains(key) { result.append(key) }
        return result.filter { key in !result.contains { $0 != key && covers($0, key) } }.sorted()
    }
}
