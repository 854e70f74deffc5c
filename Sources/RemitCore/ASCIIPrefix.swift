/// Whether `text` starts with `prefix` followed by `separator`, decided on the UTF-8 bytes
/// when both are ASCII; nil when either is not.
///
/// For ASCII text that is exactly what `count`, `hasPrefix` and a `Character` index say:
/// ASCII has no canonical equivalents, and the one cluster of two ASCII scalars (CR LF) never
/// straddles a prefix followed by the separator. Taxonomy keys and region codes are ASCII
/// almost always, and the standing checks test coverage for every authorized pair, where
/// walking `Character`s took most of their time. Other text keeps the `Character` rules.
@inline(__always)
func asciiPrefixThen(_ prefix: String, _ separator: UInt8, in text: String) -> Bool? {
    prefix.utf8.withContiguousStorageIfAvailable { p in
        text.utf8.withContiguousStorageIfAvailable { t -> Bool? in
            guard isASCII(p), isASCII(t) else { return nil }
            guard t.count > p.count, t[p.count] == separator else { return false }
            for i in 0..<p.count where p[i] != t[i] { return false }
            return true
        } ?? nil
    } ?? nil
}

@inline(__always)
private func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    for byte in bytes { any |= byte }
    return any < 0x80
}
