import Crypto

extension FindingKey {
    /// First 16 hex digits of SHA-256 of `kind|customer|subprocessor|dimension|value`.
    public var fingerprint: String {
        let text = "\(kind.rawValue)|\(customer)|\(subprocessor)|\(dimension.rawValue)|\(value)"
        let digest = SHA256.hash(data: Array(text.utf8))
        return String(Hex.encode(digest).prefix(16))
    }
}

public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
