/// What `remit verify` found in an output folder: each problem names the file it concerns.
public struct OutputVerification: Sendable {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The file's SHA-256 (or size) differs from the manifest's.
        case changed(path: String, expected: String, found: String)
        case missing(path: String)
        /// A file in the folder that the manifest does not list.
        case extra(path: String)
        /// A manifest entry that is not a plain relative path inside the folder, or is listed twice.
        case badEntry(path: String, reason: String)
        case manifestMissing
        case manifestUnreadable(reason: String)
        /// The folder, or a folder in it, cannot be listed: extra files cannot be ruled out.
        case unlisted(reason: String)
        /// `findings.json` and `manifest.json` disagree about an input.
        case inputMismatch(source: String, reason: String)
        /// `findings.json` and `manifest.json` disagree about the tool or `as_of`.
        case headerMismatch(field: String, manifest: String?, findings: String?)
        case signatureMissing(reason: String)
        case signatureMalformed
        /// `manifest.sig` is present, but no key to check it: none given, none named.
        case signatureUnchecked
        case signatureInvalid(keyFingerprint: String)

        public var description: String {
            switch self {
            case .changed(let path, let expected, let found):
                "changed    \(path): manifest.json has SHA-256 \(expected), the file has \(found)"
            case .missing(let path): "missing    \(path): listed in manifest.json, not in the folder"
            case .extra(let path): "extra      \(path): in the folder, not listed in manifest.json"
            case .badEntry(let path, let reason): "bad entry  \(path): \(reason)"
            case .manifestMissing: "missing    manifest.json: nothing to verify against"
            case .manifestUnreadable(let reason): "changed    manifest.json: \(reason)"
            case .unlisted(let reason): "unlisted   the folder cannot be listed whole, so extra files cannot be ruled out: \(reason)"
            case .inputMismatch(let source, let reason): "changed    manifest.json: input \(source): \(reason)"
            case .headerMismatch(let field, let manifest, let findings):
                "changed    manifest.json: \(field) is \(manifest.map { "\"\($0)\"" } ?? "missing"), findings.json has \(findings.map { "\"\($0)\"" } ?? "none")"
            case .signatureMissing(let reason): "missing    manifest.sig: \(reason)"
            case .signatureMalformed: "changed    manifest.sig: not the base64 of a 64-byte Ed25519 signature"
            case .signatureUnchecked:
                "unchecked  manifest.sig: present, but manifest.json names no signing key (remit names it in every manifest it signs); pass --public-key to check it"
            case .signatureInvalid(let key):
                "changed    manifest.json or manifest.sig: the signature does not match manifest.json for key \(key)"
            }
        }
    }

    public var problems: [Problem] = []
    /// Facts worth printing when all is well: files checked, signature status.
    public var notes: [String] = []
    public var filesChecked = 0

    public var isIntact: Bool { problems.isEmpty }

    /// One line a problem, then the notes, then a plain summary line.
    public var lines: [String] {
        var out = problems.map(\.description) + notes
        if isIntact {
            out.append("verify: intact: \(filesChecked) files match manifest.json")
        } else {
            out.append("verify: NOT intact: \(problems.count) problem\(problems.count == 1 ? "" : "s") (\(filesChecked) files listed)")
        }
        return out
    }
}
