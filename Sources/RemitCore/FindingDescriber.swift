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
        return context.taxonomy.isHighRisk(key.value) ? .high : base
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
        let flows = entry.flows == 1 ? "1 flow" : "\(entry.flows) flows"
        switch key.kind {
        case .unattributedFlow:
            switch key.dimension {
            case .customer: return "\(flows)\(s.isEmpty ? "" : " to \(s)") carry no customer, so no customer's instructions can be checked."
            case .purpose: return "\(flows) of \(c) to \(s) carry no purpose, and the system map names no single purpose for their system."
            default: return "\(flows) of \(c) to \(s) carry no region, while the authorized scope limits regions\(scopeText(key))."
            }
        case .unknownCustomer:
            return "\(flows) name customer \(v), which is not in the register."
        case .unknownDestination:
            return "\(flows) of \(c) go to host \(v.isEmpty ? "(none)" : v), which no catalog endpoint or destination mapping resolves to a subprocessor."
        case .unauthorizedSubprocessor:
            let objected = context.register.customer(c)?.generalAuthorization?.objections.contains(s) ?? false
            return "\(flows) of \(c) go to \(s), which \(c) has not approved\(objected ? " (\(c) objected to it)" : "")."
        case .outsideAuthorizationWindow:
            return "\(flows) of \(c) to \(s) fall \(v) the authorization window\(scopeText(key))."
        case .purposeNotAuthorized:
            return "\(flows) of \(c) to \(s) are for purpose \(v), which \(c) did not authorize\(scopeText(key))."
        case .dataCategoryNotAuthorized:
            return "\(flows) of \(c) to \(s) carry data category \(v), which \(c) did not authorize\(scopeText(key))."
        case .regionNotAuthorized:
            return "\(flows) of \(c) to \(s) are processed in region \(v), which \(c) did not authorize\(scopeText(key))."
        case .operationNotAuthorized:
            return "\(flows) of \(c) to \(s) perform operation \(v), which \(c) did not authorize\(scopeText(key))."
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
            return "Source \(v) could not be fetched."
        case .descriptionChanged:
            return "The described scope of \(s) changed since the previous run: \(v)."
        case .invalidRecord:
            let reasons = entry.samples.compactMap { sample in sample.reason.map { "\(sample.location): \($0)" } }
            return "\(flows == "1 flow" ? "1 record" : "\(entry.flows) records") of \(v) were rejected" + (reasons.isEmpty ? "." : "; first: " + reasons.joined(separator: "; ") + ".")
        case .unknownTaxonomyKey:
            return "Key \(v) is used in the inputs but not defined in the taxonomy; it is compared as written."
        case .exceptionExpired:
            let rule = context.exceptions.first { $0.id == v }
            return "Exception \(v) expired\(rule?.expires.map { " on \($0)" } ?? ""); it suppresses nothing."
        }
    }
}
