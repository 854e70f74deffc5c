/// The checks that need no flows (SPEC "Checks without flows"): per customer and approved
/// subprocessor, plus unknown taxonomy keys in the register and catalog, and expired exceptions.
struct StandingChecks: Sendable {
    let context: ReconciliationContext
    let seen: Set<Pair>

    /// Customers are checked in slices of at least this many (at most eight slices), the
    /// slices side by side on every core; a smaller register is checked in one pass.
    static let customersPerSlice = 2_500

    func run(into accumulator: inout FindingAccumulator) {
        let customers = context.register.customers
        let sliceCount = min(8, max(1, customers.count / Self.customersPerSlice))
        if sliceCount == 1 {
            checkCustomers(customers[...], into: &accumulator)
        } else {
            let slices = (0..<sliceCount).map { customers.count * $0 / sliceCount..<customers.count * ($0 + 1) / sliceCount }
            let found = concurrentMap(slices) { slice in
                var found = FindingAccumulator()
                checkCustomers(customers[slice], into: &found)
                return found
            }
            for part in found { accumulator.add(contentsOf: part) }
        }
        checkCatalogTaxonomyKeys(&accumulator)
        for rule in context.exceptions where rule.isExpired(at: context.asOf) {
            let key = FindingKey(.exceptionExpired, customer: rule.customer ?? "", subprocessor: rule.subprocessor ?? "",
                                 dimension: .exception, value: rule.id)
            accumulator.add(key, sample: rule.location.map { Sample(flow: nil, location: $0) })
        }
    }

    /// The checks of each customer and each subprocessor it approves: the ones it lists
    /// one by one (`checkPair`), then, under a general authorization, every other catalog
    /// subprocessor it has not objected to (`Approval.generallyApproved`), by catalog place.
    private func checkCustomers(_ customers: ArraySlice<Customer>, into accumulator: inout FindingAccumulator) {
        var general = GeneralExcess(catalog: context.catalog)
        for customer in customers {
            checkInstructions(customer, &accumulator)
            // A subprocessor the catalog describes is spelt as there, as in the flows' findings
            // (`IDSpellings`): one pair, one spelling.
            for authorization in customer.subprocessors {
                checkPair(customer, context.catalog[authorization.id]?.id ?? authorization.id, &accumulator)
            }
            checkTaxonomyKeys(of: customer, &accumulator)
            guard customer.generalAuthorization != nil else { continue }
            // What a description exceeds depends only on the customer-wide lists and the
            // description, so it is worked out once for each.
            let lists = general.lists(of: customer)
            for index in Approval.generallyApproved(of: customer, catalog: context.catalog) {
                let id = general.described[index].id
                let found = general.excess(lists, index, customer, context)
                for excess in found {
                    let key = FindingKey(.descriptionExceedsAuthorization, customer: customer.id, subprocessor: id,
                                         dimension: excess.dimension, value: excess.value)
                    accumulator.add(key, sample: excess.sample)
                }
            }
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

    /// A described value outside a pair's scope, and where the catalog says it.
    struct Excess {
        var dimension: FindingDimension
        var value: String
        var sample: Sample?
    }

    /// `DESCRIPTION_EXCEEDS_AUTHORIZATION` values of a pair's scope: purposes, then data
    /// categories, then regions, in the description's order; each cites the first catalog
    /// source that describes the value (not merely the subprocessor).
    static func excess(_ scope: EffectiveScope, _ described: Subprocessor, _ regions: RegionCoverage) -> [Excess] {
        var found: [Excess] = []
        func add(_ dimension: FindingDimension, _ value: DescribedValue) {
            found.append(Excess(dimension: dimension, value: value.value, sample: Sample(flow: nil, location: value.location)))
        }
        for purpose in described.purposes where !scope.allowsPurpose(purpose.value) { add(.purpose, purpose) }
        for category in described.dataCategories where !scope.allowsCategory(category.value) { add(.dataCategory, category) }
        for region in described.regions where !scope.allowsRegion(region.value, regions) { add(.region, region) }
        return found
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
        for excess in Self.excess(scope, described, context.taxonomy.regions) {
            add(.descriptionExceedsAuthorization, excess.dimension, excess.value, excess.sample)
        }
    }

    /// `UNKNOWN_TAXONOMY_KEY`: a customer's keys (its limits and its authorizations') that the
    /// taxonomy does not define exactly.
    private func checkTaxonomyKeys(of customer: Customer, _ accumulator: inout FindingAccumulator) {
        check(customer.purposes, .purposes, customer.location, &accumulator)
        check(customer.dataCategories, .dataCategories, customer.location, &accumulator)
        for authorization in customer.subprocessors {
            check(authorization.purposes, .purposes, authorization.location, &accumulator)
            check(authorization.dataCategories, .dataCategories, authorization.location, &accumulator)
            check(authorization.operations, .operations, authorization.location, &accumulator)
        }
    }

    /// After every customer's (`checkCustomers`, in register order, on every core), so the
    /// samples of a key come in the order they always did: the register's, then the catalog's.
    private func checkCatalogTaxonomyKeys(_ accumulator: inout FindingAccumulator) {
        for subprocessor in context.catalog.all {
            for purpose in subprocessor.purposes { check([purpose.value], .purposes, purpose.location, &accumulator) }
            for category in subprocessor.dataCategories {
                check([category.value], .dataCategories, category.location, &accumulator)
            }
        }
    }

    private func check(_ keys: [String]?, _ dimension: Taxonomy.Dimension, _ location: SourceLocation?, _ accumulator: inout FindingAccumulator) {
        for key in keys ?? [] where !context.taxonomy.defines(key, in: dimension) {
            let findingKey = FindingKey(.unknownTaxonomyKey, customer: "", subprocessor: "", dimension: .taxonomy, value: key)
            accumulator.add(findingKey, sample: sample(location))
        }
    }
}

/// The excess of generally authorized pairs, memoized on (customer-wide lists, catalog
/// position): a customer under a general authorization approves every catalog subprocessor,
/// so this runs for thousands of pairs without hashing an id or copying a description.
struct GeneralExcess {
    private struct Lists: Hashable {
        var purposes: [String]?
        var dataCategories: [String]?
        var regions: [String]?
    }

    /// The catalog's subprocessors in `Catalog.order`.
    let described: [Subprocessor]
    private var listIDs: [Lists: Int] = [:]
    /// `lists * described.count + position`: the excess, once worked out.
    private var found: [[StandingChecks.Excess]?] = []

    init(catalog: Catalog) {
        described = catalog.all
    }

    /// A number for the customer's customer-wide lists, the same for customers with equal lists.
    mutating func lists(of customer: Customer) -> Int {
        let lists = Lists(purposes: customer.purposes, dataCategories: customer.dataCategories, regions: customer.regions)
        if let id = listIDs[lists] { return id }
        listIDs[lists] = listIDs.count
        found.append(contentsOf: repeatElement(nil, count: described.count))
        return listIDs.count - 1
    }

    /// What the description at `position` exceeds for `customer`, whose lists are numbered `lists`.
    mutating func excess(_ lists: Int, _ position: Int, _ customer: Customer, _ context: ReconciliationContext) -> [StandingChecks.Excess] {
        let slot = lists * described.count + position
        if let known = found[slot] { return known }
        let general = customer.generalAuthorization ?? GeneralAuthorization()
        let scope = Approval.generalScope(customer: customer, general: general, described: described[position])
        let result = StandingChecks.excess(scope, described[position], context.taxonomy.regions)
        found[slot] = result
        return result
    }
}
