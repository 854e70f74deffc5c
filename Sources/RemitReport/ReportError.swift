/// Everything that can go wrong while writing or verifying outputs, with the text a user sees.
public enum ReportError: Error, CustomStringConvertible {
    /// The HTML templates are not where the resource bundle should have them.
    case templatesMissing(String)
    case templateInvalid(name: String, reason: String)
    /// A template from `--template DIR` cannot be read, parsed or rendered safely.
    case customTemplateInvalid(path: String, reason: String)
    /// A rendered page's inline style or script differs from the bytes its CSP hash covers.
    case inlineAssetMismatch(page: String)
    case writeFailed(path: String, reason: String)
    /// `signing.key_file` or `--public-key` is not a usable Ed25519 key.
    case keyInvalid(path: String, reason: String)
    case signingFailed(reason: String)
    /// `remit verify` was pointed at something that is not a folder.
    case notAnOutputFolder(String)

    /// Problems the user fixes in their job, templates, keys or command line (exit 2).
    public var isUsageError: Bool {
        switch self {
        case .customTemplateInvalid, .keyInvalid, .notAnOutputFolder: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .templatesMissing(let location):
            "internal error: the HTML templates are missing (\(location)); reinstall remit"
        case .templateInvalid(let name, let reason):
            "internal error: the HTML template \(name) is invalid: \(reason)"
        case .customTemplateInvalid(let path, let reason):
            "template \(path): \(reason)"
        case .inlineAssetMismatch(let page):
            "internal error: \(page) would not match its Content-Security-Policy hashes"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        case .keyInvalid(let path, let reason):
            "key \(path): \(reason)"
        case .signingFailed(let reason):
            "cannot sign manifest.json: \(reason)"
        case .notAnOutputFolder(let path):
            "\(path) is not a folder; pass the output folder of a run (the one with manifest.json)"
        }
    }
}
