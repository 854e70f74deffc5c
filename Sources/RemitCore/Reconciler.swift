/// Reconciles observed flows against authorized scope (SPEC "Reconciliation").
///
/// Feed it flows one at a time (`add`), rejected records (`reject`) and source problems
/// (`report`), then `finish()` runs the checks without flows and returns the findings.
/// It does no I/O; the caller streams inputs through it.
public struct Reconciler {
    public let context: ReconciliationContext
    private let resolver: DestinationResolver
    private var scopes: [Pair: EffectiveScope?] = [:]
    private var accumulator = FindingAccumulator()
    private var observations: [Pair: Observation] = [:]
    private var seen: Set<Pair> = []
    private var flowKeysChecked: Set<String> = []

    public init(context: ReconciliationContext) {
        self.context = context
        self.resolver = DestinationResolver(catalog: context.catalog, mappings: context.mappings)
    }

    // MARK: - Per flow

    /// Reconciles one flow. A flow without a customer counts once for each of
    /// `customersForUnattributed` when that is given (`customers: all` or a list).
    public mutating func add(_ flow: FlowRecord, customersForUnattributed: [String]? = nil) {
        if flow.customer == nil, let customers = customersForUnattributed {
            for customer in customers {
                var copy = flow
                copy.customer = customer
                reconcile(copy)
            }
        } else {
            reconcile(flow)
        }
    }

    private mutating func reconcile(_ flow: FlowRecord) {
        let subprocessor = flow.subprocessor ?? flow.destination.flatMap { resolver.resolve(host: DestinationResolver.host(of: $0)) }
        let purpose = flow.purpose ?? flow.system.flatMap { context.mappings.purpose(ofSystem: $0) }
        let operation = flow.operation ?? "transfer"
        let region = flow.region.map(RegionCoverage.normalize)
        checkTaxonomy(purpose: purpose, categories: flow.dataCategories, operation: operation, flow: flow)

        // 1. the customer
        guard let customerID = flow.customer else {
            record(.unattributedFlow, "", subprocessor ?? "", .customer, "", flow)
            return
        }
        guard let customer = context.register.customer(customerID) else {
            record(.unknownCustomer, customerID, subprocessor ?? "", .customer, customerID, flow)
            return
        }
        // 2. the subprocessor
        guard let subprocessor else {
            let host = flow.destination.map(DestinationResolver.host(of:)) ?? ""
            record(.unknownDestination, customerID, "", .destination, host, flow)
            return
        }
        let pair = Pair(customer: customerID, subprocessor: subprocessor)
        observations[pair, default: Observation()].add(flow, purpose: purpose, region: region, operation: operation)
        // 3. approval
        guard let scope = scope(for: pair, customer: customer) else {
            record(.unauthorizedSubprocessor, customerID, subprocessor, .subprocessor, subprocessor, flow)
            return
        }
        seen.insert(pair)
        // 4. window
        if let ts = flow.ts, let side = scope.windowViolation(at: ts) {
            record(.outsideAuthorizationWindow, customerID, subprocessor, .window, side, flow)
        }
        // 5. purpose
        if let purpose {
            if !scope.allowsPurpose(purpose) {
                record(.purposeNotAuthorized, customerID, subprocessor, .purpose, purpose, flow)
            }
        } else {
            record(.unattributedFlow, customerID, subprocessor, .purpose, "", flow)
        }
        // 6. data categories
        for category in flow.dataCategories where !scope.allowsCategory(category) {
            record(.dataCategoryNotAuthorized, customerID, subprocessor, .dataCategory, category, flow)
        }
        // 7. region
        if let region {
            if !scope.allowsRegion(region, context.taxonomy.regions) {
                record(.regionNotAuthorized, customerID, subprocessor, .region, region, flow)
            }
        } else if scope.limitsRegions {
            record(.unattributedFlow, customerID, subprocessor, .region, "", flow)
        }
        // 8. operation
        if !scope.allowsOperation(operation) {
            record(.operationNotAuthorized, customerID, subprocessor, .operation, operation, flow)
        }
    }

    private mutating func record(
        _ kind: FindingKind, _ customer: String, _ subprocessor: String, _ dimension: FindingDimension,
        _ value: String, _ flow: FlowRecord
    ) {
        accumulator.add(FindingKey(kind, customer: customer, subprocessor: subprocessor, dimension: dimension, value: value), flow: flow)
    }

    private mutating func scope(for pair: Pair, customer: Customer) -> EffectiveScope? {
        if let cached = scopes[pair] { return cached }
        let scope = Approval.scope(customer: customer, subprocessor: pair.subprocessor, catalog: context.catalog)
        scopes[pair] = .some(scope)
        return scope
    }

    private mutating func checkTaxonomy(purpose: String?, categories: [String], operation: String, flow: FlowRecord) {
        let taxonomy = context.taxonomy
        if let purpose, !taxonomy.defines(purpose, in: .purposes) { unknownKey(purpose, flow) }
        for category in categories where !taxonomy.defines(category, in: .dataCategories) { unknownKey(category, flow) }
        if !taxonomy.defines(operation, in: .operations) { unknownKey(operation, flow) }
    }

    private mutating func unknownKey(_ key: String, _ flow: FlowRecord) {
        record(.unknownTaxonomyKey, "", "", .taxonomy, key, flow)
    }

    // MARK: - Records and sources

    /// Counts a record that ingest refused (`INVALID_RECORD`, one finding per source).
    public mutating func reject(_ rejected: RejectedRecord, source: String) {
        let key = FindingKey(.invalidRecord, customer: "", subprocessor: "", dimension: .record, value: source)
        accumulator.add(key, sample: Sample(flow: rejected.id, location: rejected.location, reason: rejected.reason), flows: 1)
    }

    /// Adds a finding that comes from outside the flows (sources, history).
    public mutating func report(_ key: FindingKey, sample: Sample? = nil) {
        accumulator.add(key, sample: sample)
    }

    // MARK: - Finish

    /// Runs the checks without flows and returns every finding, sorted, with severities,
    /// suppressions, instruction references and messages.
    public consuming func finish() -> Reconciliation {
        let checks = StandingChecks(context: context, seen: seen)
        checks.run(into: &accumulator)
        let describer = FindingDescriber(context: context)
        var findings: [Finding] = []
        findings.reserveCapacity(accumulator.entries.count)
        for (key, entry) in accumulator.entries {
            findings.append(describer.finding(key, entry))
        }
        return Reconciliation(
            findings: Finding.sortedForOutput(findings),
            observations: observations,
            seen: seen
        )
    }
}

/// The result of reconciliation: findings plus what the report needs to explain them.
public struct Reconciliation: Sendable {
    public var findings: [Finding]
    public var observations: [Pair: Observation]
    public var seen: Set<Pair>
}
