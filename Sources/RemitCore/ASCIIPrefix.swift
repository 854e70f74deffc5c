import Foundation

/// Whether `text` starts with `prefix` followed by `separator`, decided on the UTF-8 bytes
/// when both are ASCII; nil when either is not.
///
/// For ASCII text that is exactly what `count`, `hasPrefix` and a `Character` index say:
/// ASCII has no canonical equivalents, and the one cluster of two ASCII scalars (CR LF) never
/// straddles a prefix followed by the separator. Taxonomy keys and region codes are ASCII
/// almost always, and the standing checks test coverage for every authorized pair, where
/// walking `Character`s took most of their time. Other text is left to the caller's rules.
@inline(__always)
func asciiPrefixThen(_ prefix: String, _ separator: UInt8, in text: String) -> Bool? {
    prefix.utf8.withContiguousStorageIfAvailable { p in
        text.utf8.withContiguousStorageIfAvailable { t -> Bool? in
            guard isASCII(p), isASCII(t) else { return nil }
            return bytesStart(t, with: p, then: separator)
        } ?? nil
    } ?? nil
}

/// Whether the UTF-8 of `text` is that of `prefix`, then `separator`, then more or nothing.
func bytePrefixThen(_ prefix: String, _ separator: UInt8, in text: String) -> Bool {
    var prefix = prefix, text = text
    return prefix.withUTF8 { p in text.withUTF8 { t in bytesStart(t, with: p, then: separator) } }
}

@inline(__always)
private func bytesStart(_ text: UnsafeBufferPointer<UInt8>, with prefix: UnsafeBufferPointer<UInt8>, then separator: UInt8) -> Bool {
    guard text.count > prefix.count, text[prefix.count] == separator else { return false }
    for i in 0..<prefix.count where prefix[i] != text[i] { return false }
    return true
}

/// The NFC form of `text` (ASCII text is its own): one spelling for all that are
/// canonically equivalent, so what is worked out from it (a prefix test, an uppercasing)
/// is the same for each.
func canonicalForm(_ text: String) -> String {
    isASCII(text) ? text : text.precomposedStringWithCanonicalMapping
}

/// Whether every byte of `text` is ASCII.
func isASCII(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { isASCII($0) }
}

@inline(__always)
private func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    for byte in bytes { any |= byte }
    return any < 0x80
}
