import RemitCore

/// `manifest.json`, schema `remit.manifest/1` (SPEC "Outputs"): the SHA-256 of every input
/// and of every other file written, so `remit verify` can re-check an output directory.
/// A signed run also names the Ed25519 public key (`signing`) that `manifest.sig` verifies with.
enum Manifest {
    static let schema = "remit.manifest/1"
    static let fileName = "manifest.json"

    /// A file written before the manifest: its path relative to the output directory, its
    /// SHA-256 and size (not its bytes: a large run writes hundreds of megabytes).
    struct WrittenFile: Sendable {
        var path: String
        var sha256: String
        var size: Int

        init(path: String, bytes: [UInt8]) {
            self.path = path
            sha256 = Digests.sha256Hex(bytes)
            size = bytes.count
        }

        init(path: String, sha256: String, size: Int) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }

    static func render(_ report: RunReport, outputs: [WrittenFile], signer: ManifestSigner? = nil) -> [UInt8] {
        let sorted = outputs.sorted { byteOrder($0.path, $1.path) }
        var json = JSONWriter()
        json.beginObject()
        FindingsJSON.head(schema, report, config: true, into: &json)
        json.array("inputs", report.inputs) { json, item in FindingsJSON.input(item, counts: .bytes, into: &json) }
        json.array("outputs", sorted) { json, file in
            json.beginObject()
            json.member("path", file.path)
            json.member("sha256", file.sha256)
            json.member("bytes", file.size)
            json.endObject()
        }
        if let signer {
            json.object("signing") { json in
                json.member("algorithm", "ed25519")
                json.member("public_key", signer.publicKeyBase64)
            }
        }
        json.endObject()
        json.finish()
        return json.out.bytes
    }
}
