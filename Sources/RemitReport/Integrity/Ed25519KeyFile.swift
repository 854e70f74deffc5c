import Crypto
import Foundation

/// Reading Ed25519 keys from the files people have (SPEC `signing`, `remit verify`):
/// PEM as `openssl genpkey -algorithm ed25519` writes it (PKCS#8 `PRIVATE KEY`, RFC 8410),
/// PEM `PUBLIC KEY` (SubjectPublicKeyInfo) as `openssl pkey -pubout` writes it, or the raw
/// 32-byte key.
enum Ed25519KeyFile {
    /// The private key in `path`.
    static func privateKey(path: String) throws(ReportError) -> Curve25519.Signing.PrivateKey {
        let raw = try keyBytes(path: path, label: "PRIVATE KEY", parse: DER.pkcs8Ed25519PrivateKey)
        do { return try Curve25519.Signing.PrivateKey(rawRepresentation: raw) } catch {
            throw .keyInvalid(path: path, reason: "not a usable Ed25519 private key")
        }
    }

    /// The public key in `path`.
    static func publicKey(path: String) throws(ReportError) -> Curve25519.Signing.PublicKey {
        let raw = try keyBytes(path: path, label: "PUBLIC KEY", parse: DER.spkiEd25519PublicKey)
        do { return try Curve25519.Signing.PublicKey(rawRepresentation: raw) } catch {
            throw .keyInvalid(path: path, reason: "not a usable Ed25519 public key")
        }
    }

    /// The 32 key bytes: the whole file when it is 32 bytes long, else the PEM block `label`.
    private static func keyBytes(path: String, label: String, parse: ([UInt8]) -> [UInt8]?) throws(ReportError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyInvalid(path: path, reason: "cannot read the file")
        }
        let bytes = Array(data)
        if bytes.count == 32 { return bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            throw .keyInvalid(path: path, reason: "the key is encrypted; write it unencrypted (openssl pkey -in KEY -out PLAIN)")
        }
        guard let der = pemBlock(text, label: label) else {
            throw .keyInvalid(path: path, reason: "expected a PEM \"\(label)\" block (Ed25519) or the raw 32-byte key")
        }
        guard let raw = parse(der) else {
            throw .keyInvalid(path: path, reason: "the PEM \"\(label)\" block is not an Ed25519 key (OID 1.3.101.112)")
        }
        return raw
    }

    /// The base64 body of the first `-----BEGIN label-----` block, decoded.
    static func pemBlock(_ text: String, label: String) -> [UInt8]? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map(Array.init)
    }
}

/// The few DER structures an Ed25519 key file holds (RFC 8410), read strictly.
enum DER {
    /// `06 03 2B 65 70`: id-Ed25519.
    static let ed25519OID: [UInt8] = [0x2B, 0x65, 0x70]

    struct Element {
        var tag: UInt8
        var content: ArraySlice<UInt8>
    }

    /// The elements of a DER sequence's content, or nil when it is not well formed.
    static func elements(_ bytes: ArraySlice<UInt8>) -> [Element]? {
        var out: [Element] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let tag = bytes[i]
            i += 1
            guard i < bytes.endIndex else { return nil }
            var length = Int(bytes[i])
            i += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count >= 1, count <= 2, i + count <= bytes.endIndex else { return nil }
                length = bytes[i..<(i + count)].reduce(0) { $0 << 8 | Int($1) }
                i += count
            }
            guard i + length <= bytes.endIndex else { return nil }
            out.append(Element(tag: tag, content: bytes[i..<(i + length)]))
            i += length
        }
        return out
    }

    /// The single top-level SEQUENCE's elements.
    static func sequence(_ bytes: [UInt8]) -> [Element]? {
        guard let top = elements(bytes[...]), top.count == 1, top[0].tag == 0x30 else { return nil }
        return elements(top[0].content)
    }

    /// AlgorithmIdentifier naming Ed25519, without parameters.
    static func isEd25519Algorithm(_ element: Element) -> Bool {
        guard element.tag == 0x30, let parts = elements(element.content), parts.count == 1 else { return false }
        return parts[0].tag == 0x06 && Array(parts[0].content) == ed25519OID
    }

    /// PrivateKeyInfo / OneAsymmetricKey: version, algorithm, OCTET STRING { OCTET STRING key }, …
    static func pkcs8Ed25519PrivateKey(_ der: [UInt8]) -> [UInt8]? {
        guard let parts = sequence(der), parts.count >= 3, parts[0].tag == 0x02, isEd25519Algorithm(parts[1]),
              parts[2].tag == 0x04, let inner = elements(parts[2].content), inner.count == 1, inner[0].tag == 0x04,
              inner[0].content.count == 32
        else { return nil }
        return Array(inner[0].content)
    }

    /// SubjectPublicKeyInfo: algorithm, BIT STRING (no unused bits) key.
    static func spkiEd25519PublicKey(_ der: [UInt8]) -> [UInt8]? {
        guard let parts = sequence(der), parts.count == 2, isEd25519Algorithm(parts[0]), parts[1].tag == 0x03,
              parts[1].content.count == 33, parts[1].content.first == 0
        else { return nil }
        return Array(parts[1].content.dropFirst())
    }
}
