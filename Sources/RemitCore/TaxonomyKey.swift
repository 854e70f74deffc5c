import Foundation

/// Coverage of dotted taxonomy keys (SPEC "Taxonomy keys and coverage").
///
/// A key covers itself and every key below it: `user.contact` covers `user.contact.email`,
/// not `user.contactless`. Keys compare exactly (case-sensitive); canonically equivalent
/// spellings are one key, as Swift's `==` has them.
public enum TaxonomyKey {
    /// Whether `ancestor` covers `key`. Keys are the same key when Swift's `==` says so
    /// (canonical equivalence), as everywhere in remit (`Symbols`): so is coverage. ASCII keys
    /// are compared on their bytes; any other pair on the bytes of their NFC forms, which are
    /// the same for every spelling of a key (a Kelvin sign is "K", "e" and a combining acute
    /// accent are "é"), so no spelling of either changes the answer.
    public static func covers(_ ancestor: String, _ key: String) -> Bool {
        if key == ancestor { return true }
        if let ascii = asciiPrefixThen(ancestor, UInt8(ascii: "."), in: key) { return ascii }
        return bytePrefixThen(canonicalForm(ancestor), UInt8(ascii: "."), in: canonicalForm(key))
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
