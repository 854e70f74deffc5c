import RemitCore

/// External labels → taxonomy keys or subprocessor ids (SPEC "Mappings", `labels`), as every
/// standard-format adapter applies them.
///
/// A label is looked up exactly, then ignoring case; `mappings.labels` wins over the built-in
/// defaults (the IAB TCF mapping). A label mapped to `""` (or `null`) means "not personal data":
/// the adapter drops it.
public struct LabelMap: Sendable {
    public enum Result: Equatable, Sendable {
        /// The label maps to this key (or id).
        case key(String)
        /// The label is mapped to "" or null: not personal data, dropped.
        case dropped
        /// Neither the job nor the defaults map it.
        case unmapped
    }

    private let labels: [String: String]
    private let folded: [String: String]

    /// `mappings.labels` over `defaults` (the job's entries win).
    public init(_ labels: [String: String], defaults: [String: String] = [:]) {
        var merged = defaults
        for (label, key) in labels { merged[label] = key }
        self.labels = merged
        var folded: [String: String] = [:]
        for (label, key) in defaults { folded[label.lowercased()] = key }
        for (label, key) in labels.sorted(by: { $0.key < $1.key }) { folded[label.lowercased()] = key }
        self.folded = folded
    }

    public func lookup(_ label: String) -> Result {
        guard let key = labels[label] ?? folded[label.lowercased()] else { return .unmapped }
        return key.isEmpty ? .dropped : .key(key)
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
