import Crypto
import Foundation

/// `manifest.sig` (SPEC "Outputs", `signing.key_file`): the Ed25519 signature of the exact
/// bytes of `manifest.json`, written as the base64 of the raw 64-byte signature followed by
/// one line feed. `openssl` checks it too:
///
///     base64 -d manifest.sig > manifest.sig.bin
///     openssl pkeyutl -verify -pubin -inkey public.pem -rawin -in manifest.json -sigfile manifest.sig.bin
public struct ManifestSigner: Sendable {
    public static let fileName = "manifest.sig"

    private let key: Curve25519.Signing.PrivateKey

    /// Reads the private key (PEM PKCS#8 or raw 32 bytes).
    public init(keyFile: String) throws(ReportError) {
        key = try Ed25519KeyFile.privateKey(path: keyFile)
    }

    /// The public key, base64 of its 32 raw bytes, as `manifest.json` names it.
    var publicKeyBase64: String {
        key.publicKey.rawRepresentation.base64EncodedString()
    }

    /// The content of `manifest.sig` for these manifest bytes.
    func signatureFile(for manifest: [UInt8]) throws(ReportError) -> [UInt8] {
        let signature: Data
        do { signature = try key.signature(for: manifest) } catch {
            throw .signingFailed(reason: "\(error)")
        }
        return Array((signature.base64EncodedString() + "\n").utf8)
    }
}

/// Checking `manifest.sig` against a public key.
enum ManifestSignature {
    enum Outcome: Equatable {
        case valid
        /// Not base64 of 64 bytes.
        case malformed
        case invalid
    }

    static func check(signatureFile: [UInt8], manifest: [UInt8], publicKey: Curve25519.Signing.PublicKey) -> Outcome {
        let text = String(decoding: signatureFile, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let signature = Data(base64Encoded: text), signature.count == 64 else { return .malformed }
        return publicKey.isValidSignature(signature, for: manifest) ? .valid : .invalid
    }

    /// The first 16 hex digits of the SHA-256 of the raw public key: a short name to compare.
    static func fingerprint(_ publicKey: Curve25519.Signing.PublicKey) -> String {
        String(Digests.sha256Hex(Array(publicKey.rawRepresentation)).prefix(16))
    }
}
