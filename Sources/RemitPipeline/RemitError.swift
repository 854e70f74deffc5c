import RemitCore
public import RemitFetch
public import RemitIngest
import RemitReport

/// Every way a command can fail, with its exit code and the message a person reads
/// (SPEC "Command line": 2 usage or configuration, 3 unreadable input, 4 internal).
public enum RemitError: Error, CustomStringConvertible {
    case usage(String)
    case input(InputError)
    case unreadable(source: String, reason: String)
    /// Remote sources that could not be fetched and have no cached copy (`SOURCE_UNAVAILABLE`).
    case sourcesUnavailable([SourceError])
    case locked(String)
    case `internal`(String)

    public var exitCode: Int32 {
        switch self {
        case .usage, .locked: 2
        case .input(let error): error.kind == .configuration ? 2 : 3
        case .unreadable, .sourcesUnavailable: 3
        case .internal: 4
        }
    }

    /// The input the error is about, when it is about one.
    var source: String? {
        switch self {
        case .input(let error): error.location.source
        case .unreadable(let source, _): source
        default: nil
        }
    }

    /// The same error with `note` after its reason.
    func noting(_ note: String) -> RemitError {
        switch self {
        case .input(var error):
            error.reason += "; \(note)"
            return .input(error)
        case .unreadable(let source, let reason): return .unreadable(source: source, reason: "\(reason); \(note)")
        default: return self
        }
    }

    /// The description without its "error: " prefix.
    var message: String {
        switch self {
        case .input(let error): "\(error)"
        case .unreadable(_, let reason): reason
        default: description
        }
    }

    /// One line an error, whatever the values it quotes hold: a line break from a record or a
    /// vendor's page shows as `[U+000A]` and cannot start a line of its own on the terminal.
    public var description: String {
        func line(_ text: String) -> String { TerminalText.of(text, oneLine: true) }
        return switch self {
        case .usage(let message): line("error: \(message)")
        case .input(let error): line("error: \(error)")
        case .unreadable(let source, let reason): line("error: \(source): \(reason)")
        case .sourcesUnavailable(let errors):
            errors.map { line("error: SOURCE_UNAVAILABLE \($0.source): \($0.reason)") }.joined(separator: "\n")
        case .locked(let message): line("error: \(message)")
        case .internal(let message): line("internal error: \(message)")
        }
    }
}
