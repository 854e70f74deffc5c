import RemitCore

/// An effective authorized scope spelled out for people (SPEC "Register", effective scope):
/// what one customer allows one subprocessor, and on what basis.
///
/// Every string here is already passed through `VisibleText`.
struct ScopeDescription {
    var purposes: [String]
    var dataCategories: [String]
    var regions: [String]
    var operations: [String]
    var window: String
    var windowFrom: String
    var windowUntil: String
    /// "explicit authorization" or "general written authorization (notice period 30 days)".
    var basis: String
    /// "explicit" or "general, 30-day notice", for tables.
    var shortBasis: String
    var isGeneral: Bool
    /// The instruction that grants it, or "none named".
    var instruction: String

    init(_ scope: EffectiveScope, taxonomy: Taxonomy, memo: ScopeDisplayMemo? = nil) {
        purposes = VisibleText.list(memo?.display(scope.purposes) ?? EffectiveScope.display(scope.purposes))
        dataCategories = VisibleText.list(memo?.display(scope.dataCategories) ?? EffectiveScope.display(scope.dataCategories))
        regions = (memo.map { $0.displayRegions(scope) } ?? scope.displayRegions(taxonomy.regions)).map(VisibleText.list)
            ?? ["any (no regional limit)"]
        operations = scope.operations.map { VisibleText.list($0.sorted(by: byteOrder)) } ?? ["any"]
        windowFrom = DisplayFormat.bound(scope.from, open: "open start")
        windowUntil = DisplayFormat.bound(scope.until, open: "open end")
        window = "\(windowFrom) – \(windowUntil)"
        isGeneral = scope.isGeneral
        switch scope.basis {
        case .explicit:
            basis = "explicit authorization"
            shortBasis = "explicit"
        case .general(let general):
            basis = "general written authorization (notice period \(DisplayFormat.plural(general.noticeDays, "day")))"
            shortBasis = "general, \(general.noticeDays)-day notice"
        }
        instruction = Self.instruction(named: scope.instruction)
    }

    /// The instruction that grants a scope, as shown, or "none named".
    static func instruction(named id: String?) -> String {
        id.map { VisibleText.of($0) } ?? "none named"
    }

    /// The authorized values on one finding dimension, as one line; nil for dimensions that
    /// are not part of a scope (the whole scope is shown then).
    func values(on dimension: FindingDimension) -> String? {
        func joined(_ values: [String]) -> String { values.isEmpty ? "nothing" : values.joined(separator: ", ") }
        switch dimension {
        case .purpose: return "purposes: " + joined(purposes)
        case .dataCategory: return "data categories: " + joined(dataCategories)
        case .region: return "regions: " + joined(regions)
        case .operation: return "operations: " + joined(operations)
        case .window: return "window: " + window
        case .instruction: return "instruction: " + instruction
        default: return nil
        }
    }
}
