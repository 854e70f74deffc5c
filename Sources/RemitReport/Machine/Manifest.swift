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
        json.key("schema")
        json.string(schema)
        FindingsJSON.tool(report, into: &json)
        json.key("as_of")
        json.string(report.asOf.description)
        json.object("config") { json in
            json.key("source")
            json.string(report.configSource)
            json.key("sha256")
            json.string(report.configSHA256)
        }
        json.array("inputs", report.inputs) { json, item in input(item, into: &json) }
        json.array("outputs", sorted) { json, file in
            json.beginObject()
            json.key("path")
            json.string(file.path)
            json.key("sha256")
            json.string(file.sha256)
            json.key("bytes")
            json.integer(file.size)
            json.endObject()
        }
        if let signer {
            json.object("signing") { json in
                json.key("algorithm")
                json.string("ed25519")
                json.key("public_key")
                json.string(signer.publicKeyBase64)
            }
        }
        json.endObject()
        json.finish()
        return json.out.bytes
    }

    private static func input(_ input: InputProvenance, into json: inout JSONWriter) {
        json.beginObject()
        json.key("role")
        json.string(input.role)
        json.key("source")
        json.string(input.source)
        json.key("format")
        json.string(input.format)
        json.key("sha256")
        json.string(input.sha256)
        json.key("bytes")
        json.integer(input.bytes)
        json.key("status")
        json.string(input.status.rawValue)
        if let fetchedAt = input.fetchedAt {
            json.key("fetched_at")
            json.string(fetchedAt.description)
        }
        if let etag = input.etag {
            json.key("etag")
            json.string(etag)
        }
        if let finalURL = input.finalURL {
            json.key("final_url")
            json.string(finalURL)
        }
        json.endObject()
    }
}
