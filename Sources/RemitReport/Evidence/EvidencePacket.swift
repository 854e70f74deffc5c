import RemitCore

/// One register customer's audit trail (SPEC "The evidence packet"), selected once from a
/// `RunReport` and rendered twice: `evidence/<id>.html` for people and `evidence/<id>.json`
/// (`remit.evidence/1`) for tools, so both always hold the same content.
///
/// Top-down: documented instructions → effective authorized scope per approved subprocessor
/// → observed processing per subprocessor → findings and exceptions → input provenance
/// (the run's inputs, kept in `RunReport`).
struct EvidencePacket {
    /// One approved subprocessor and what the customer lets it do.
    struct AuthorizedScope {
        var subprocessor: String
        /// nil when no catalog source describes it.
        var description: Subprocessor?
        var scope: EffectiveScope
    }

    /// One approved subprocessor, before its description is looked up and its scope worked
    /// out: a customer under a general authorization has every catalog subprocessor approved,
    /// and the JSON packet writes most of those entries from `ScopeDisplayMemo` without either.
    struct Approved {
        var subprocessor: String
        /// The customer's own entry for it; nil when the general authorization approves it
        /// (then the catalog describes it).
        var authorization: Authorization?
    }

    /// What was observed for one subprocessor. Which observed values fall outside the
    /// effective scope (everything, when the subprocessor is not approved) is the
    /// reconciliation's verdict, on the observation (`Observation.outsidePurposes` and the rest).
    struct ObservedProcessing {
        var subprocessor: String
        var isApproved: Bool
        var observation: Observation
        /// Flows were seen before the authorization window opened or after it closed.
        var outsideWindow: Bool
    }

    var customer: Customer
    /// Every approved subprocessor, explicit ones first (`Approval.approvedSubprocessors`).
    var approved: [Approved]
    var observed: [ObservedProcessing]
    /// Every finding of the customer, in output order.
    var findings: [Finding]
    /// The exceptions that name the customer or suppress one of its findings.
    var exceptions: [ExceptionRule]

    /// Packets for every register customer (first occurrence of each id), in register order.
    static func all(_ report: RunReport) -> [EvidencePacket] {
        plan(report).map { $0.build(report) }
    }

    /// What a packet is made of, before its scopes are worked out: a customer under a
    /// general authorization has every catalog subprocessor approved, so the packets of a
    /// large register, all built at once, held hundreds of megabytes. They are built one
    /// at a time, as each is written.
    struct Planned: Sendable {
        var customer: Customer
        /// The customer's findings, as indices into `report.findings` (copies of them all, for
        /// every packet at once, were megabytes).
        var findings: [Int]
        var pairs: [Pair]

        func build(_ report: RunReport) -> EvidencePacket {
            EvidencePacket.build(customer, report: report, findings: findings.map { report.findings[$0] }, pairs: pairs)
        }
    }

    /// `all(report)`, not yet built.
    static func plan(_ report: RunReport) -> [Planned] {
        var findings: [String: [Int]] = [:]
        for index in report.findings.indices { findings[report.findings[index].key.customer, default: []].append(index) }
        var pairs: [String: [Pair]] = [:]
        for pair in report.reconciliation.observations.keys { pairs[pair.customer, default: []].append(pair) }
        var seen: Set<String> = []
        return report.context.register.customers.filter { seen.insert($0.id).inserted }.map { customer in
            Planned(customer: customer, findings: findings[customer.id] ?? [], pairs: (pairs[customer.id] ?? []).sorted())
        }
    }

    private static func build(_ customer: Customer, report: RunReport, findings: [Finding], pairs: [Pair]) -> EvidencePacket {
        let context = report.context
        // `Approval.approvedSubprocessors`: the ones listed one by one, then those approved
        // under the general authorization, taken by catalog place (each one described, as
        // `Approval.scope` asks, and listed by none of the customer's own entries) without
        // hashing an id or looking through the customer's entries for each.
        let approved = customer.subprocessors.map { Approved(subprocessor: $0.id, authorization: customer.authorization(for: $0.id)) }
            + Approval.generallyApproved(of: customer, catalog: context.catalog).map {
                Approved(subprocessor: context.catalog.order[$0], authorization: nil)
            }
        let observed = pairs.compactMap { pair in
            report.reconciliation.observations[pair].map { observation in
                let scope = Approval.scope(customer: customer, subprocessor: pair.subprocessor, catalog: context.catalog)
                return ObservedProcessing(pair.subprocessor, observation, scope)
            }
        }
        let suppressing = Set(findings.compactMap(\.suppressedBy))
        return EvidencePacket(
            customer: customer, approved: approved, observed: observed, findings: findings,
            exceptions: context.exceptions.filter { $0.customer == customer.id || suppressing.contains($0.id) }
        )
    }
}

extension EvidencePacket {
    /// The effective scope of an approved subprocessor, described as `description`.
    func scope(of approved: Approved, description: Subprocessor?) -> EffectiveScope {
        if let authorization = approved.authorization {
            return Approval.explicitScope(customer: customer, authorization: authorization)
        }
        return Approval.generalScope(customer: customer, general: customer.generalAuthorization!, described: description!)
    }
}

extension EvidencePacket.ObservedProcessing {
    init(_ subprocessor: String, _ observation: Observation, _ scope: EffectiveScope?) {
        self.subprocessor = subprocessor
        self.observation = observation
        isApproved = scope != nil
        outsideWindow = scope.map { scope in
            [observation.firstSeen, observation.lastSeen].contains { $0.flatMap(scope.windowViolation) != nil }
        } ?? false
    }
}
