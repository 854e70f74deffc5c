import Crypto
import Foundation
import RemitCore

/// SHA-256 in the two spellings the outputs need.
enum Digests {
    /// Lowercase hex, as in the manifest and `findings.json`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// Base64, as a Content-Security-Policy hash source (`'sha256-…'`) wants it.
    static func sha256Base64(_ text: String) -> String {
        Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString()
    }
}
