/// Where something was read: the source as written in the job, and a line (and column)
/// in the file, or a JSON pointer where lines do not apply.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var column: Int

    public init(source: String, line: Int = 0, column: Int = 0) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case (0, _): source
        case (_, 0): "\(source):\(line)"
        default: "\(source):\(line):\(column)"
        }
    }
}
