/// Turns an aggregated finding key into a complete finding: severity (default, override,
/// risk raise), suppression, instruction references and a message a person can act on.
struct FindingDescriber {
    let context: ReconciliationContext

    func finding(_ key: FindingKey, _ entry: FindingAccumulator.Entry) -> Finding {
        Finding(
            key: key,
            fingerprint: key.fingerprint,
            severity: severity(of: key),
            flows: entry.flows,
            records: entry.records,
            bytes: entry.bytes,
            firstSeen: entry.firstSeen,
            lastSeen: entry.lastSeen,
            suppressedBy: suppression(of: key),
            instructionRefs: instructionRefs(of: key),
            message: message(for: key, entry),
            samples: entry.samples
        )
    }

    /// SPEC: overrides first, then any finding whose value a `risk: high` key covers is high.
    func severity(of key: FindingKey) -> Severity {
        let base = context.severityOverrides[key.kind] ?? key.kind.defaultSeverity
        return context.taxonomy.isHighRisk(Self.riskKey(of: key)) ? .high : base
    }

    /// The value a risk level applies to: the value itself, or for a `DESCRIPTION_CHANGED`
    /// that adds a purpose or data category (`+purpose:improve.ml_training`) the key it adds,
    /// so a vendor newly describing high-risk processing is raised as its flows would be. A
    /// removal is no new risk.
    static func riskKey(of key: FindingKey) -> String {
        guard key.kind == .descriptionChanged, let change = DescriptionChange(key.value), change.added,
              change.dimension != .region else { return key.value }
        return change.value
    }

    func suppression(of key: FindingKey) -> String? {
        context.exceptions.first { !$0.isExpired(at: context.asOf) && $0.matches(key) }?.id
    }

    func instructionRefs(of key: FindingKey) -> [String] {
        if key.kind == .exceptionExpired {
            return context.exceptions.first { $0.id == key.value }?.instructionRef.map { [$0] } ?? []
        }
        guard let customer = context.register.customer(key.customer) else { return [] }
        if key.subprocessor.isEmpty {
            return key.kind == .authorizationWithoutInstruction ? customer.generalAuthorization?.instruction.map { [$0] } ?? [] : []
        }
        if let authorization = customer.authorization(for: key.subprocessor) {
            return authorization.instruction.map { [$0] } ?? []
        }
        return customer.generalAuthorization?.instruction.map { [$0] } ?? []
    }

    private func scopeText(_ key: FindingKey) -> String {
        guard let customer = context.register.customer(key.customer),
              let scope = Approval.scope(customer: customer, subprocessor: key.subprocessor, catalog: context.catalog)
        else { return "" }
        func list(_ values: [String]) -> String { values.isEmpty ? "nothing" : values.joined(separator: ", ") }
        switch key.dimension {
        case .purpose: return " (authorized purposes: \(list(EffectiveScope.display(scope.purposes))))"
        case .dataCategory: return " (authorized categories: \(list(EffectiveScope.display(scope.dataCategories))))"
        case .region: return " (authorized regions: \(list(scope.displayRegions(context.taxonomy.regions) ?? ["any"])))"
        case .operation: return " (authorized operations: \(list(scope.operations ?? ["any"])))"
        case .window:
            return " (window: \(scope.from.map { "from \($0)" } ?? "open start") to \(scope.until.map { "\($0)" } ?? "open end"))"
        default: return ""
        }
    }

    func message(for key: FindingKey, _ entry: FindingAccumulator.Entry) -> String {
        let c = key.customer, s = key.subprocessor, v = key.value
        let seen = entry.flows == 1 ? " Seen in 1 flow." : " Seen in \(entry.flows) flows."
        switch key.kind {
        case .unattributedFlow:
            switch key.dimension {
            case .customer: return "Flows\(s.isEmpty ? "" : " to \(s)") without a customer: no customer's instructions can be checked." + seen
            case .purpose: return "Flows of \(c) to \(s) without a purpose, and the system map names no single purpose for their system." + seen
            default: return "Flows of \(c) to \(s) without a region, while the authorized scope limits regions\(scopeText(key))." + seen
            }
        case .unknownCustomer:
            return "Flows name customer \(v), which is not in the register." + seen
        case .unknownDestination:
            return "Flows of \(c) go to host \(v.isEmpty ? "(none)" : v), which no catalog endpoint or destination mapping resolves to a subprocessor." + seen
        case .unauthorizedSubprocessor:
            let objected = context.register.customer(c)?.generalAuthorization?.objections.contains(s) ?? false
            return "Flows of \(c) go to \(s), which \(c) has not approved\(objected ? " (\(c) objected to it)" : "")." + seen
        case .outsideAuthorizationWindow:
            return "Flows of \(c) to \(s) fall \(v) the authorization window\(scopeText(key))." + seen
        case .purposeNotAuthorized:
            return "Flows of \(c) to \(s) serve purpose \(v), which \(c) did not authorize\(scopeText(key))." + seen
        case .dataCategoryNotAuthorized:
            return "Flows of \(c) to \(s) carry data category \(v), which \(c) did not authorize\(scopeText(key))." + seen
        case .regionNotAuthorized:
            return "Flows of \(c) to \(s) are processed in region \(v), which \(c) did not authorize\(scopeText(key))." + seen
        case .operationNotAuthorized:
            return "Flows of \(c) to \(s) perform operation \(v), which \(c) did not authorize\(scopeText(key))." + seen
        case .descriptionExceedsAuthorization:
            let dimension = key.dimension == .dataCategory ? "data category" : key.dimension.rawValue
            return "The catalog describes \(s) with \(dimension) \(v), beyond what \(c) authorized\(scopeText(key)): re-authorization or notice is due."
        case .authorizationWithoutInstruction:
            let subject = s.isEmpty ? "The general authorization of \(c)" : "The authorization of \(s) for \(c)"
            if v.isEmpty { return "\(subject) names no documented instruction." }
            if context.register.customer(c)?.instruction(v) == nil { return "\(subject) names instruction \(v), which \(c) does not have." }
            return "\(subject) rests on instruction \(v), which is not in force at \(context.asOf)."
        case .unknownSubprocessor:
            return "\(c) approved \(s), which no catalog source describes."
        case .unusedAuthorization:
            return "\(c) authorized \(s), but no flows were seen for the pair."
        case .sourceUnavailable:
            return "Source \(v) could not be fetched or read; its last good copy was used."
        case .descriptionChanged:
            return "The described scope of \(s) changed since the previous run: \(v)."
        case .invalidRecord:
            let reasons = entry.samples.compactMap { sample in sample.reason.map { "\(sample.location): \($0)" } }
            let count = entry.flows == 1 ? "1 record" : "\(entry.flows) records"
            return "\(count) of \(v) rejected" + (reasons.isEmpty ? "." : "; first: " + reasons.joined(separator: "; ") + ".")
        case .unknownTaxonomyKey:
            return "Key \(v) is used in the inputs but not defined in the taxonomy; it is compared as written."
        case .exceptionExpired:
            let rule = context.exceptions.first { $0.id == v }
            return "Exception \(v) expired\(rule?.expires.map { " on \($0)" } ?? ""); it suppresses nothing."
        }
    }
}
