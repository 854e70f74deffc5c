import RemitCore

/// External labels → taxonomy keys or subprocessor ids (SPEC "Mappings", `labels`), as every
/// standard-format adapter applies them.
///
/// A label is looked up exactly, then ignoring case, in `mappings.labels` first and only then
/// in the built-in defaults (the IAB TCF mapping): the job's `Tcf.Purpose.7` wins over the
/// default `tcf.purpose.7`. A label mapped to `""` (or `null`) means "not personal data": the
/// adapter drops it.
public struct LabelMap: Sendable {
    public enum Result: Equatable, Sendable {
        /// The label maps to this key (or id).
        case key(String)
        /// The label is mapped to "" or null: not personal data, dropped.
        case dropped
        /// Neither the job nor the defaults map it.
        case unmapped
    }

    /// The job's labels, then the defaults: each as written and case-folded.
    private let tables: [(exact: [String: String], folded: [String: String])]

    /// `mappings.labels` over `defaults` (the job's entries win).
    public init(_ labels: [String: String], defaults: [String: String] = [:]) {
        tables = [labels, defaults].map { table in
            var folded: [String: String] = [:]
            for (label, key) in table.sorted(by: { $0.key < $1.key }) { folded[label.lowercased()] = key }
            return (table, folded)
        }
    }

    public func lookup(_ label: String) -> Result {
        var lowered: String?
        for table in tables {
            if let key = table.exact[label] { return key.isEmpty ? .dropped : .key(key) }
            let folded = lowered ?? label.lowercased()
            lowered = folded
            if let key = table.folded[folded] { return key.isEmpty ? .dropped : .key(key) }
        }
        return .unmapped
    }

    /// The key for a label, the label as written when nothing maps it, nil when it is dropped
    /// (SPEC: keys are "still compared as written"; `UNKNOWN_TAXONOMY_KEY` then names them).
    public func keyOrLabel(_ label: String) -> String? {
        switch lookup(label) {
        case .key(let key): key
        case .dropped: nil
        case .unmapped: label
        }
    }

    /// The mapped key, or nil when the label is unmapped or dropped.
    public func mapped(_ label: String) -> String? {
        if case .key(let key) = lookup(label) { return key }
        return nil
    }
}

extension Array where Element: Hashable {
    /// The elements in first-seen order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
