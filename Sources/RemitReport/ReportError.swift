/// Everything that can go wrong while writing outputs, with the text a user sees.
public enum ReportError: Error, CustomStringConvertible {
    /// The HTML templates are not where the resource bundle should have them.
    case templatesMissing(String)
    case templateInvalid(name: String, reason: String)
    case renderFailed(template: String)
    /// A rendered page's inline style or script differs from the bytes its CSP hash covers.
    case inlineAssetMismatch(page: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .templatesMissing(let location):
            "internal error: the HTML templates are missing (\(location)); reinstall remit"
        case .templateInvalid(let name, let reason):
            "internal error: the HTML template \(name) is invalid: \(reason)"
        case .renderFailed(let template):
            "internal error: the HTML template \(template) could not be rendered"
        case .inlineAssetMismatch(let page):
            "internal error: \(page) would not match its Content-Security-Policy hashes"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
