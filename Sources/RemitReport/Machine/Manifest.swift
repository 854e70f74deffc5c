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
        var members: [(String, JSONValue)] = [
            ("schema", .string(schema)),
            ("tool", FindingsJSON.tool(report)),
            ("as_of", .string(report.asOf.description)),
            ("config", .object([("source", .string(report.configSource)), ("sha256", .string(report.configSHA256))])),
            ("inputs", .array(report.inputs.map(input))),
            ("outputs", .array(sorted.map(output))),
        ]
        if let signer {
            members.append(("signing", .object([("algorithm", .string("ed25519")), ("public_key", .string(signer.publicKeyBase64))])))
        }
        return JSONValue.object(members).prettyBytes
    }

    private static func input(_ input: InputProvenance) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("role", .string(input.role)),
            ("source", .string(input.source)),
            ("format", .string(input.format)),
            ("sha256", .string(input.sha256)),
            ("bytes", .integer(input.bytes)),
            ("status", .string(input.status.rawValue)),
        ]
        if let fetchedAt = input.fetchedAt { members.append(("fetched_at", .string(fetchedAt.description))) }
        if let etag = input.etag { members.append(("etag", .string(etag))) }
        if let finalURL = input.finalURL { members.append(("final_url", .string(finalURL))) }
        return .object(members)
    }

    private static func output(_ file: WrittenFile) -> JSONValue {
        .object([
            ("path", .string(file.path)),
            ("sha256", .string(file.sha256)),
            ("bytes", .integer(file.size)),
        ])
    }
}
