import Foundation

/// `manifest.json` read back (schema `remit.manifest/1`), for `remit verify`.
struct ManifestDocument {
    struct Output {
        var path: String
        var sha256: String
        var bytes: Int
    }

    struct Input: Equatable {
        var role: String
        var source: String
        var sha256: String
    }

    struct Unreadable: Error {
        var reason: String
    }

    /// What the run says of itself, in `manifest.json` and again in `findings.json`.
    struct Header: Equatable {
        var tool: String?
        var version: String?
        var asOf: String?
    }

    var outputs: [Output]
    var inputs: [Input]
    var header: Header
    /// The raw public key the manifest names under `signing`, when the run was signed.
    var signingKey: [UInt8]?

    init(_ bytes: [UInt8]) throws(Unreadable) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw Unreadable(reason: "not a JSON object")
        }
        guard object["schema"] as? String == Manifest.schema else {
            throw Unreadable(reason: "schema is not \(Manifest.schema)")
        }
        guard let outputs = object["outputs"] as? [[String: Any]] else { throw Unreadable(reason: "no outputs list") }
        self.outputs = try outputs.map { entry throws(Unreadable) in
            guard let path = entry["path"] as? String, let sha256 = entry["sha256"] as? String, let bytes = entry["bytes"] as? Int else {
                throw Unreadable(reason: "an outputs entry lacks path, sha256 or bytes")
            }
            return Output(path: path, sha256: sha256, bytes: bytes)
        }
        inputs = try Self.inputs(object["inputs"])
        header = Self.header(object)
        if let signing = object["signing"] as? [String: Any] {
            guard signing["algorithm"] as? String == "ed25519", let key = signing["public_key"] as? String,
                  let raw = Data(base64Encoded: key), raw.count == 32
            else { throw Unreadable(reason: "signing names no Ed25519 public key") }
            signingKey = Array(raw)
        }
    }

    /// The `inputs` and header of a `findings.json` or `manifest.json` document.
    static func inputsAndHeader(inJSON bytes: [UInt8]) throws(Unreadable) -> ([Input], Header) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw Unreadable(reason: "not a JSON object")
        }
        return (try inputs(object["inputs"]), header(object))
    }

    private static func header(_ object: [String: Any]) -> Header {
        let tool = object["tool"] as? [String: Any]
        return Header(tool: tool?["name"] as? String, version: tool?["version"] as? String, asOf: object["as_of"] as? String)
    }

    private static func inputs(_ value: Any?) throws(Unreadable) -> [Input] {
        guard let list = value as? [[String: Any]] else { throw Unreadable(reason: "no inputs list") }
        return try list.map { entry throws(Unreadable) in
            guard let role = entry["role"] as? String, let source = entry["source"] as? String, let sha256 = entry["sha256"] as? String else {
                throw Unreadable(reason: "an inputs entry lacks role, source or sha256")
            }
            return Input(role: role, source: source, sha256: sha256)
        }
    }
}
