/// What one customer authorized for one subprocessor (SPEC "Register", effective scope).
///
/// Each key dimension is a list of lists: a key is authorized when every list covers it
/// (the authorization's list, further limited by the customer-wide list, or for a general
/// authorization by what the catalog described). An empty list authorizes nothing.
public struct EffectiveScope: Sendable {
    public enum Basis: Sendable {
        /// An explicit entry under the customer's `subprocessors`.
        case explicit(Authorization)
        /// The customer's general written authorization.
        case general(GeneralAuthorization)
    }

    public var basis: Basis
    public var purposes: [[String]]
    public var dataCategories: [[String]]
    /// Empty = no regional limit.
    public var regions: [[String]]
    /// nil = any operation.
    public var operations: [String]?
    public var from: TimeBound?
    public var until: TimeBound?

    public var instruction: String? {
        switch basis {
        case .explicit(let authorization): authorization.instruction
        case .general(let general): general.instruction
        }
    }

    public var isGeneral: Bool {
        if case .general = basis { return true }
        return false
    }

    public func allowsPurpose(_ key: String) -> Bool {
        purposes.allSatisfy { TaxonomyKey.setCovers($0, key) }
    }

    public func allowsCategory(_ key: String) -> Bool {
        dataCategories.allSatisfy { TaxonomyKey.setCovers($0, key) }
    }

    public var limitsRegions: Bool { !regions.isEmpty }

    public func allowsRegion(_ code: String, _ coverage: RegionCoverage) -> Bool {
        regions.allSatisfy { coverage.setCovers($0, code) }
    }

    public func allowsOperation(_ operation: String) -> Bool {
        operations.map { TaxonomyKey.setCovers($0, operation) } ?? true
    }

    /// `before`, `after`, or nil when `time` is inside the window.
    public func windowViolation(at time: Instant) -> String? {
        switch Self.windowSide(from: from, until: until, at: time) {
        case ..<0: "before"
        case 1...: "after"
        default: nil
        }
    }

    /// -1 before the window, 1 after it, 0 inside.
    static func windowSide(from: TimeBound?, until: TimeBound?, at time: Instant) -> Int {
        if let from, time < from.start { return -1 }
        if let until, !until.includes(upTo: time) { return 1 }
        return 0
    }

    /// The narrowest keys authorized on a dimension, for display.
    public static func display(_ lists: [[String]]) -> [String] {
        guard var result = lists.first else { return [] }
        for list in lists.dropFirst() { result = TaxonomyKey.intersection(result, list) }
        return result.sorted()
    }

    public func displayRegions(_ coverage: RegionCoverage) -> [String]? {
        guard var result = regions.first else { return nil }
        for list in regions.dropFirst() { result = coverage.intersection(result, list) }
        return result.sorted()
    }
}

/// Which subprocessors a customer has approved, and on what terms.
public enum Approval {
    /// The effective scope of `subprocessor` for `customer`, or nil when not approved.
    public static func scope(customer: Customer, subprocessor id: String, catalog: Catalog) -> EffectiveScope? {
        if let index = customer.subprocessors.firstIndex(where: { $0.id == id }) {
            return explicitScope(customer: customer, authorization: customer.subprocessors[index])
        }
        guard let general = customer.generalAuthorization, !general.objections.contains(id),
              let described = catalog[id] else { return nil }
        return generalScope(customer: customer, general: general, described: described)
    }

    public static func explicitScope(customer: Customer, authorization: Authorization) -> EffectiveScope {
        EffectiveScope(
            basis: .explicit(authorization),
            purposes: [authorization.purposes ?? []] + [customer.purposes].compactMap { $0 },
            dataCategories: [authorization.dataCategories ?? []] + [customer.dataCategories].compactMap { $0 },
            regions: [authorization.regions, customer.regions].compactMap { $0 },
            operations: authorization.operations,
            from: authorization.from,
            until: authorization.until
        )
    }

    /// The scope a general authorization gives a catalog subprocessor. It reads the customer's
    /// limits and the notice period only (and the instruction, as its basis): the evidence
    /// packets keep one copy per such combination (`ScopeDisplayMemo.GeneralScope`), so
    /// anything else read from the customer here must join that key.
    public static func generalScope(customer: Customer, general: GeneralAuthorization, described: Subprocessor) -> EffectiveScope {
        func limited(_ wide: [String]?, _ describedValues: [String]) -> [[String]] {
            [wide ?? []] + (describedValues.isEmpty ? [] : [describedValues])
        }
        let from = described.listedSince.map {
            TimeBound(instant: $0.instant.startOfDay.adding(days: general.noticeDays), isDate: false)
        }
        return EffectiveScope(
            basis: .general(general),
            purposes: limited(customer.purposes, described.purposeKeys),
            dataCategories: limited(customer.dataCategories, described.categoryKeys),
            regions: [customer.regions, described.regionCodes.isEmpty ? nil : described.regionCodes].compactMap { $0 },
            operations: nil,
            from: from,
            until: nil
        )
    }

    /// Every subprocessor approved for `customer`, explicit ones first in register order,
    /// then generally authorized ones in catalog order.
    public static func approvedSubprocessors(of customer: Customer, catalog: Catalog) -> [String] {
        customer.subprocessors.map(\.id) + generallyApproved(of: customer, catalog: catalog).map { catalog.order[$0] }
    }

    /// The places in `Catalog.order` of the subprocessors the customer approves under its
    /// general authorization only: not objected to, not authorized one by one. Callers that
    /// take every catalog subprocessor by place need not hash an id.
    public static func generallyApproved(of customer: Customer, catalog: Catalog) -> [Int] {
        guard let general = customer.generalAuthorization else { return [] }
        // Most customers approve a handful explicitly: a look through them is cheaper than
        // hashing every catalog id, and this runs for every customer in several places.
        let explicit = customer.subprocessors.count > 16 ? Set(customer.subprocessors.map(\.id)) : nil
        return catalog.order.indices.filter { position in
            let id = catalog.order[position]
            return !general.objections.contains(id) && !(explicit?.contains(id) ?? customer.authorizesExplicitly(id))
        }
    }
}
