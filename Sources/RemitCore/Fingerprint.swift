import Crypto

extension FindingKey {
    /// First 16 hex digits of SHA-256 of `kind|customer|subprocessor|dimension|value`.
    public var fingerprint: String {
        let text = "\(kind.rawValue)|\(customer)|\(subprocessor)|\(dimension.rawValue)|\(value)"
        return Hex.encode(SHA256.hash(data: Array(text.utf8)), bytes: 8)
    }
}

/// Lowercase hexadecimal, two digits a byte.
public enum Hex {
    /// The digits of `data`, or of its first `bytes` bytes (a digest's prefix).
    public static func encode(_ data: some Sequence<UInt8>, bytes: Int = .max) -> String {
        let input = Array(data.prefix(bytes))
        return String(unsafeUninitializedCapacity: input.count * 2) { out in
            for (index, byte) in input.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0F)
            }
            return input.count * 2
        }
    }

    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
