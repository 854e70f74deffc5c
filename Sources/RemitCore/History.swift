/// What the previous run knew, as far as comparing with it needs (SPEC: history marks
/// findings `new` or `persisting` and lists `resolved` ones; `DESCRIPTION_CHANGED`).
public struct PreviousRun: Sendable {
    public var asOf: Instant
    /// The previous run's findings by fingerprint.
    public var findings: [String: Finding]
    /// Each subprocessor's described scope in the previous run.
    public var descriptions: [String: DescribedScope]

    public init(asOf: Instant, findings: [String: Finding], descriptions: [String: DescribedScope]) {
        self.asOf = asOf
        self.findings = findings
        self.descriptions = descriptions
    }
}

/// A subprocessor's described scope: what `DESCRIPTION_CHANGED` compares.
public struct DescribedScope: Sendable, Equatable {
    public var purposes: Set<String>
    public var dataCategories: Set<String>
    public var regions: Set<String>

    public init(purposes: Set<String>, dataCategories: Set<String>, regions: Set<String>) {
        self.purposes = purposes
        self.dataCategories = dataCategories
        self.regions = regions
    }

    public init(_ subprocessor: Subprocessor) {
        self.init(purposes: Set(subprocessor.purposeKeys), dataCategories: Set(subprocessor.categoryKeys),
                  regions: Set(subprocessor.regionCodes))
    }

    /// Every described scope of a catalog, by subprocessor id.
    public static func all(_ catalog: Catalog) -> [String: DescribedScope] {
        var result: [String: DescribedScope] = [:]
        for subprocessor in catalog.all { result[subprocessor.id] = DescribedScope(subprocessor) }
        return result
    }
}

/// A `DESCRIPTION_CHANGED` value: one value added to or removed from a dimension of a
/// subprocessor's described scope, written `+purpose:KEY`, `-region:CODE`, `+data_category:KEY`.
public struct DescriptionChange: Sendable, Equatable {
    public enum Dimension: String, Sendable, CaseIterable {
        case purpose
        case dataCategory = "data_category"
        case region
    }

    public var added: Bool
    public var dimension: Dimension
    public var value: String

    public init(added: Bool, dimension: Dimension, value: String) {
        self.added = added
        self.dimension = dimension
        self.value = value
    }

    /// Reads a finding's (or an exception's) value; nil when it is not one.
    public init?(_ text: String) {
        guard let sign = text.first, sign == "+" || sign == "-", let colon = text.firstIndex(of: ":"),
              let dimension = Dimension(rawValue: String(text.dropFirst().prefix(upTo: colon)))
        else { return nil }
        self.init(added: sign == "+", dimension: dimension, value: String(text[text.index(after: colon)...]))
    }

    public var text: String { "\(added ? "+" : "-")\(dimension.rawValue):\(value)" }
}

extension Subprocessor {
    /// Where the catalog says what a `DESCRIPTION_CHANGED` value names: an added value
    /// (`+purpose:KEY`) where it is described now; a removed one where the subprocessor is.
    public func location(ofChange text: String) -> SourceLocation? {
        guard let change = DescriptionChange(text), change.added else { return locations.first }
        let described = switch change.dimension {
        case .purpose: purposes
        case .dataCategory: dataCategories
        case .region: regions
        }
        return described.first { $0.value == change.value }?.location ?? locations.first
    }
}

public enum HistoryComparison {
    /// `DESCRIPTION_CHANGED` keys: one per value added to or removed from the described
    /// scope of a subprocessor described in both runs (`+purpose:KEY`, `-region:CODE`).
    /// A subprocessor new to the catalog, or gone from it, is not a changed description.
    public static func descriptionChanges(previous: [String: DescribedScope], current: [String: DescribedScope]) -> [FindingKey] {
        var keys: [FindingKey] = []
        for id in current.keys.sorted() {
            guard let before = previous[id], let now = current[id], before != now else { continue }
            func diff(_ dimension: DescriptionChange.Dimension, _ old: Set<String>, _ new: Set<String>) {
                for (added, values) in [(true, new.subtracting(old)), (false, old.subtracting(new))] {
                    for value in values.sorted() {
                        let change = DescriptionChange(added: added, dimension: dimension, value: value)
                        keys.append(FindingKey(.descriptionChanged, customer: "", subprocessor: id, dimension: .description, value: change.text))
                    }
                }
            }
            diff(.purpose, before.purposes, now.purposes)
            diff(.dataCategory, before.dataCategories, now.dataCategories)
            diff(.region, before.regions, now.regions)
        }
        return keys
    }

    /// Marks each finding `new` or `persisting` (keeping when it was first seen), in place,
    /// and returns the previous run's findings that are gone, in output order. Without a
    /// previous run every finding is new and nothing is resolved.
    ///
    /// Looking each finding up among the previous ones and finding the previous ones that
    /// are gone are independent, and each hashes every fingerprint: they run side by side.
    public static func apply(to findings: inout [Finding], previous: PreviousRun?, asOf: Instant) -> [Finding] {
        guard let previous else {
            for index in findings.indices {
                findings[index].status = .new
                findings[index].firstSeenRun = asOf
            }
            return []
        }
        let fingerprints = findings.map(\.fingerprint)
        let parts = concurrentMap([Part.firstSeen([]), Part.resolved([])]) { part in
            switch part {
            case .firstSeen:
                // When each finding was first seen, for those seen before.
                // Read in place: `findings[$0]` would copy the whole finding to read one field.
                return Part.firstSeen(fingerprints.map { fingerprint in
                    previous.findings.index(forKey: fingerprint).map { previous.findings.values[$0].firstSeenRun ?? previous.asOf }
                })
            case .resolved:
                let present = Set(fingerprints)
                return Part.resolved(Finding.sortedForOutput(previous.findings.values.filter { !present.contains($0.fingerprint) }))
            }
        }
        guard case .firstSeen(let firstSeen) = parts[0], case .resolved(let resolved) = parts[1] else { return [] }
        for index in findings.indices {
            findings[index].status = firstSeen[index] == nil ? .new : .persisting
            findings[index].firstSeenRun = firstSeen[index] ?? asOf
        }
        return resolved
    }

    /// What each side of `apply` works out.
    private enum Part: Sendable {
        case firstSeen([Instant?])
        case resolved([Finding])
    }
}
