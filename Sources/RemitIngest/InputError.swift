public import RemitCore

/// A problem with an input, with its location (STYLE: one error type per layer, all
/// user-facing text in one place).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The job or a config-type input is wrong: exit 2.
        case configuration
        /// An input could not be read or parsed: exit 3.
        case unreadable
    }

    public var kind: Kind
    public var location: SourceLocation
    public var field: String?
    public var reason: String

    public init(_ kind: Kind, _ location: SourceLocation, field: String? = nil, _ reason: String) {
        self.kind = kind
        self.location = location
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let fieldText = field.map { " (field `\($0)`)" } ?? ""
        return "\(location)\(fieldText): \(reason)"
    }
}

/// A problem worth telling that does not stop a run (unknown keys, contradictions);
/// `remit check` lists them.
public struct Diagnostic: Sendable, CustomStringConvertible {
    public enum Level: String, Sendable {
        case warning, error
    }

    public var level: Level
    public var location: SourceLocation
    public var message: String

    public init(_ level: Level, _ location: SourceLocation, _ message: String) {
        self.level = level
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(level.rawValue): \(message)" }
}
