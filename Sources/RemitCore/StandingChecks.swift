/// The checks that need no flows (SPEC "Checks without flows"): per customer and approved
/// subprocessor, plus unknown taxonomy keys in the register and catalog, and expired exceptions.
struct StandingChecks {
    let context: ReconciliationContext
    let seen: Set<Pair>

    func run(into accumulator: inout FindingAccumulator) {
        for customer in context.register.customers {
            checkInstructions(customer, &accumulator)
            for id in Approval.approvedSubprocessors(of: customer, catalog: context.catalog) {
                checkPair(customer, id, &accumulator)
            }
        }
        checkTaxonomyKeys(&accumulator)
        for rule in context.exceptions where rule.isExpired(at: context.asOf) {
            let key = FindingKey(.exceptionExpired, customer: rule.customer ?? "", subprocessor: rule.subprocessor ?? "",
                                 dimension: .exception, value: rule.id)
            accumulator.add(key, sample: rule.location.map { Sample(flow: nil, location: $0) })
        }
    }

    private func sample(_ location: SourceLocation?) -> Sample? {
        location.map { Sample(flow: nil, location: $0) }
    }

    /// A general authorization's instruction is checked once per customer (subprocessor "").
    private func checkInstructions(_ customer: Customer, _ accumulator: inout FindingAccumulator) {
        guard let general = customer.generalAuthorization else { return }
        if let value = instructionProblem(general.instruction, customer) {
            let key = FindingKey(.authorizationWithoutInstruction, customer: customer.id, subprocessor: "",
                                 dimension: .instruction, value: value)
            accumulator.add(key, sample: sample(general.location ?? customer.location))
        }
    }

    /// The finding value when an instruction is missing, unknown or not in force; nil when fine.
    private func instructionProblem(_ id: String?, _ customer: Customer) -> String? {
        guard let id else { return "" }
        guard let instruction = customer.instruction(id), instruction.isInForce(at: context.asOf) else { return id }
        return nil
    }

    private func checkPair(_ customer: Customer, _ id: String, _ accumulator: inout FindingAccumulator) {
        let authorization = customer.authorization(for: id)
        let where_ = sample(authorization?.location ?? customer.generalAuthorization?.location ?? customer.location)
        func add(_ kind: FindingKind, _ dimension: FindingDimension, _ value: String, _ s: Sample? = where_) {
            accumulator.add(FindingKey(kind, customer: customer.id, subprocessor: id, dimension: dimension, value: value), sample: s)
        }
        if let authorization {
            if let value = instructionProblem(authorization.instruction, customer) {
                add(.authorizationWithoutInstruction, .instruction, value)
            }
            if !seen.contains(Pair(customer: customer.id, subprocessor: id)) {
                add(.unusedAuthorization, .pair, "")
            }
        }
        guard let described = context.catalog[id] else {
            add(.unknownSubprocessor, .subprocessor, id)
            return
        }
        guard let scope = Approval.scope(customer: customer, subprocessor: id, catalog: context.catalog) else { return }
        let catalogSample = described.locations.first.map { Sample(flow: nil, location: $0) }
        for purpose in described.purposeKeys where !scope.allowsPurpose(purpose) {
            add(.descriptionExceedsAuthorization, .purpose, purpose, catalogSample)
        }
        for category in described.categoryKeys where !scope.allowsCategory(category) {
            add(.descriptionExceedsAuthorization, .dataCategory, category, catalogSample)
        }
        for region in described.regionCodes where !scope.allowsRegion(region, context.taxonomy.regions) {
            add(.descriptionExceedsAuthorization, .region, region, catalogSample)
        }
    }

    /// Keys used in the register and the catalog that the taxonomy does not define exactly.
    private func checkTaxonomyKeys(_ accumulator: inout FindingAccumulator) {
        let taxonomy = context.taxonomy
        func check(_ keys: [String]?, _ dimension: Taxonomy.Dimension, _ location: SourceLocation?) {
            for key in keys ?? [] where !taxonomy.defines(key, in: dimension) {
                let findingKey = FindingKey(.unknownTaxonomyKey, customer: "", subprocessor: "", dimension: .taxonomy, value: key)
                accumulator.add(findingKey, sample: sample(location))
            }
        }
        for customer in context.register.customers {
            check(customer.purposes, .purposes, customer.location)
            check(customer.dataCategories, .dataCategories, customer.location)
            for authorization in customer.subprocessors {
                check(authorization.purposes, .purposes, authorization.location)
                check(authorization.dataCategories, .dataCategories, authorization.location)
                check(authorization.operations, .operations, authorization.location)
            }
        }
        for subprocessor in context.catalog.all {
            let location = subprocessor.locations.first
            check(subprocessor.purposeKeys, .purposes, location)
            check(subprocessor.categoryKeys, .dataCategories, location)
        }
    }
}
