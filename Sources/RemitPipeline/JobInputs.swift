import Foundation
import RemitCore
import RemitFetch
import RemitIngest
import RemitReport

/// The stage after fetching: every config-type input loaded into a `ReconciliationContext`,
/// from the sources made ready by `SourceStage`. Flows are not read here; they are streamed later.
struct JobInputs {
    struct FlowSource {
        var spec: SourceSpec
        var resolved: ResolvedSource
        var format: FlowFileFormat

        /// `customers:` as written, else `all` for standard formats (SPEC "Flows").
        var customers: SourceSpec.Customers? {
            spec.customers ?? (format.defaultsToAllCustomers ? .all : nil)
        }
    }

    var config: JobConfig
    var configSHA256: String
    var context: ReconciliationContext
    var inputs: [InputProvenance]
    var flows: [FlowSource]
    /// Every fides manifest's systems (`AdapterContext.fidesSystems`).
    var fidesSystems: [String: FidesSystemOwner]
    var diagnostics: [Diagnostic]
    /// With `keepGoing` (`remit check`): the inputs that could not be loaded, each left out
    /// (the built-in taxonomy, an empty register) so that the others are still checked.
    var problems: [RemitError] = []

    static func load(_ job: JobFile, sources: PreparedSources, asOf: Instant, keepGoing: Bool = false) throws(RemitError) -> JobInputs {
        let config = job.config
        var diagnostics = config.diagnostics
        var inputs: [InputProvenance] = []
        var problems: [RemitError] = []
        /// One input's loading: its error stops the run, or, for `remit check`, is noted and
        /// the input left out, so that every input's problems are listed in one go. The error
        /// of a fetched source that has a last good copy goes on up all the same:
        /// `PreparedSources.reading` falls back on that copy and loads again.
        func attempt<T>(_ body: () throws(RemitError) -> T) throws(RemitError) -> T? {
            do { return try body() } catch {
                guard keepGoing, sources.lastGood(after: error) == nil else { throw error }
                // A file named in two roles that cannot be opened is one problem, not two.
                if !problems.contains(where: { "\($0)" == "\(error)" }) { problems.append(error) }
                return nil
            }
        }
        // Flow files are the large ones: hash them while the other inputs load.
        for spec in config.flows where !spec.source.contains("://") { FileDigest.prefetch(path: config.resolve(spec.source)) }

        func ready(_ spec: SourceSpec) throws(RemitError) -> ResolvedSource {
            try sources.ready(spec)
        }
        func document(_ spec: SourceSpec, role: SourceRole) throws(RemitError) -> (Document, ResolvedSource) {
            let resolved = try ready(spec)
            do {
                try FormatDetector.refuseStandardFormat(path: resolved.path, source: spec.source, role: role, requested: spec.format)
                return (try Document.load(path: resolved.path, source: spec.source), resolved)
            } catch { throw .input(error) }
        }
        func decoded<T>(_ body: () throws(InputError) -> (T, [Diagnostic])) throws(RemitError) -> T {
            do {
                let (value, found) = try body()
                diagnostics += found
                return value
            } catch { throw .input(error) }
        }
        func provenance(_ role: String, _ spec: SourceSpec, _ resolved: ResolvedSource, format: String, records: Int) -> InputProvenance {
            InputProvenance(role: role, source: spec.source, format: format, sha256: resolved.sha256, bytes: resolved.bytes,
                            records: records, rejected: 0, status: .init(rawValue: resolved.status.rawValue) ?? .fresh,
                            fetchedAt: resolved.fetchedAt, etag: resolved.etag, finalURL: resolved.finalURL)
        }

        var own: Taxonomy?
        if let spec = config.taxonomy {
            own = try attempt { () throws(RemitError) in
                let (doc, resolved) = try document(spec, role: .taxonomy)
                let taxonomy = try decoded { () throws(InputError) in try TaxonomyLoader.decode(doc.root, source: spec.source) }
                inputs.append(provenance("taxonomy", spec, resolved, format: "remit-\(doc.format)", records: taxonomy.entries.values.reduce(0) { $0 + $1.count }))
                return taxonomy
            }
        }
        let taxonomy: Taxonomy
        if let own { taxonomy = own } else {
            do { taxonomy = try TaxonomyLoader.builtIn() } catch { throw .internal("\(error)") }
        }

        // The register is the largest config-type input: read without a tree of the whole file.
        let registered = try attempt { () throws(RemitError) in
            let registerResolved = try ready(config.register)
            let (register, registerFormat) = try decoded { () throws(InputError) in
                try FormatDetector.refuseStandardFormat(path: registerResolved.path, source: config.register.source, role: .register,
                                                        requested: config.register.format)
                let read = try RegisterLoader.load(path: registerResolved.path, source: config.register.source)
                return ((read.register, read.format), read.diagnostics)
            }
            inputs.append(provenance("register", config.register, registerResolved, format: "remit-\(registerFormat)", records: register.customers.count))
            return register
        }
        let register = registered ?? Register(customers: [])

        // Whom the systems of every fides manifest stand for, before any is read for its role.
        let fidesSystems = Self.fidesSystems(config, sources: sources)

        // Mappings first: the standard-format catalog adapters translate labels and match
        // providers through them. A fides source in either role adds to both. Labels come
        // from remit's own mappings files only, so those are read before any fides manifest
        // among the mappings sources: what a manifest's vendor maps to does not depend on the
        // order of the sources. Their contributions are merged in the job's order.
        var catalog = Catalog()
        var mappings = Mappings()
        var catalogMappings = Mappings()
        var mappingSources: [(spec: SourceSpec, resolved: ResolvedSource, format: SourceFormat)] = []
        for spec in config.mappings {
            let source = try attempt { () throws(RemitError) in
                let resolved = try ready(spec)
                do throws(InputError) {
                    let format = try MappingsSourceReader.format(path: resolved.path, source: spec.source, requested: spec.format)
                    return (spec: spec, resolved: resolved, format: format)
                } catch { throw .input(error) }
            }
            if let source {
                mappingSources.append(source)
                if source.format.family != .fides { diagnostics += Self.subprocessorUnused(spec, source.format, role: "mappings") }
            }
        }
        var contributions: [SourceContribution?] = Array(repeating: nil, count: mappingSources.count)
        var ownMappings = Mappings()
        for isFides in [false, true] {
            for (index, source) in mappingSources.enumerated() where (source.format.family == .fides) == isFides {
                var context = AdapterContext(mappings: ownMappings, subprocessor: source.spec.subprocessor)
                context.fidesSystems = fidesSystems
                contributions[index] = try attempt { () throws(RemitError) in
                    try Self.contribution { () throws(InputError) in
                        try MappingsSourceReader.read(path: source.resolved.path, source: source.spec.source, format: source.format, context: context)
                    }
                }
                if !isFides, let read = contributions[index] { ownMappings.merge(read.mappings) }
            }
        }
        for (source, contribution) in zip(mappingSources, contributions) {
            guard let read = contribution else { continue }
            diagnostics += Self.redefined(mappings.merge(read.mappings), source: source.spec)
            read.descriptions.forEach { catalog.add($0) }
            diagnostics += read.diagnostics
            inputs.append(provenance("mappings", source.spec, source.resolved, format: read.format.rawValue, records: read.records))
        }
        for spec in config.catalog {
            guard let (resolved, read) = try attempt({ () throws(RemitError) in
                let resolved = try ready(spec)
                var context = AdapterContext(mappings: mappings, subprocessor: spec.subprocessor)
                context.fidesSystems = fidesSystems
                let read = try Self.contribution { () throws(InputError) in
                    try CatalogSourceReader.read(path: resolved.path, source: spec.source, requested: spec.format, context: context)
                }
                return (resolved, read)
            }) else { continue }
            read.descriptions.forEach { catalog.add($0) }
            diagnostics += Self.redefined(catalogMappings.merge(read.mappings), source: spec)
            diagnostics += read.diagnostics
            inputs.append(provenance("catalog", spec, resolved, format: read.format.rawValue, records: read.records))
        }
        diagnostics += Self.redefined(mappings.merge(catalogMappings), source: nil)
        for conflict in DestinationResolver.conflicts(in: catalog) {
            diagnostics.append(Diagnostic(.warning, conflict.location,
                "endpoint \(conflict.pattern) of \(conflict.other) is \(conflict.claimant)'s too, described first: flows to it go to \(conflict.claimant)"))
        }

        var exceptions: [ExceptionRule] = []
        if let spec = config.exceptions {
            exceptions = try attempt { () throws(RemitError) in
                let (doc, resolved) = try document(spec, role: .exceptions)
                let exceptions = try decoded { () throws(InputError) in try ExceptionsLoader.decode(doc.root, source: spec.source) }
                inputs.append(provenance("exceptions", spec, resolved, format: "remit-\(doc.format)", records: exceptions.count))
                return exceptions
            } ?? []
        }

        var flows: [FlowSource] = []
        for spec in config.flows {
            let source = try attempt { () throws(RemitError) in
                let resolved = try ready(spec)
                do throws(InputError) {
                    let format = try FlowReader.detect(path: resolved.path, source: spec.source, requested: spec.format)
                    return FlowSource(spec: spec, resolved: resolved, format: format)
                } catch { throw .input(error) }
            }
            if let source {
                flows.append(source)
                if ![.cyclonedx, .fides].contains(source.format.family) { diagnostics += Self.subprocessorUnused(spec, source.format, role: "flows") }
            }
            if let registered { diagnostics += Self.customersUnregistered(spec, registered) }
        }

        let configSHA256: String
        do { configSHA256 = try FileDigest.sha256(path: config.file).sha256 } catch { throw .unreadable(source: config.file, reason: "cannot read") }
        let context = ReconciliationContext(
            taxonomy: taxonomy, register: register, catalog: catalog, mappings: mappings, exceptions: exceptions,
            severityOverrides: config.severity, asOf: asOf)
        // Provenance lists inputs by role in one fixed order, whatever order they were loaded in.
        let roles = ["taxonomy", "register", "catalog", "mappings", "exceptions"]
        let ordered = roles.flatMap { role in inputs.filter { $0.role == role } }
        // A file read in several roles (a fides manifest in the mappings, catalog and flows
        // roles, a BOM as catalog and flows) says each of its warnings once.
        var said: Set<String> = []
        diagnostics = diagnostics.filter { said.insert($0.description).inserted }
        return JobInputs(config: config, configSHA256: configSHA256, context: context, inputs: ordered, flows: flows,
                         fidesSystems: fidesSystems, diagnostics: diagnostics, problems: problems)
    }

    /// What the standard flow formats need: the whole catalog, the mappings, and the
    /// source's `subprocessor:` (every CycloneDX service or fides system of the source maps to it).
    func adapterContext(_ flow: FlowSource) -> AdapterContext {
        var adapter = AdapterContext(catalog: context.catalog, mappings: context.mappings, subprocessor: flow.spec.subprocessor)
        adapter.fidesSystems = fidesSystems
        return adapter
    }

    /// The systems of every fides manifest the job lists, in any role, and whom each stands
    /// for (the source's `subprocessor:`, else its `vendor_id`, else the company), the first
    /// definition counting: an egress from one manifest to a system another defines goes
    /// where that manifest says (a fides project split over several files). A source that
    /// cannot be read here gives none; reading it for its role says why.
    static func fidesSystems(_ config: JobConfig, sources: PreparedSources) -> [String: FidesSystemOwner] {
        var systems: [String: FidesSystemOwner] = [:]
        var read: Set<String> = []
        for (role, specs) in [(SourceRole.mappings, config.mappings), (.catalog, config.catalog), (.flows, config.flows)] {
            for spec in specs where !read.contains(spec.source) {
                guard let resolved = try? sources.ready(spec),
                      let format = try? FormatDetector.detect(path: resolved.path, source: spec.source, role: role, requested: spec.format),
                      format.family == .fides,
                      let document = try? Document.load(path: resolved.path, source: spec.source),
                      let manifest = try? FidesReader.decode(document.root, source: spec.source) else { continue }
                read.insert(spec.source)
                for system in manifest.systems where systems[system.key] == nil {
                    systems[system.key] = spec.subprocessor.map(FidesSystemOwner.subprocessor) ?? system.vendorID.map(FidesSystemOwner.vendor) ?? .company
                }
            }
        }
        return systems
    }

    /// A source's `subprocessor:` where its format has nothing to give it to: remit's own flow
    /// records name theirs, OpenLineage events have none, a mappings file names its own.
    static func subprocessorUnused(_ spec: SourceSpec, _ format: SourceFormat, role: String) -> [Diagnostic] {
        guard spec.subprocessor != nil else { return [] }
        return [Diagnostic(.warning, spec.location, "`subprocessor` does nothing for \(format.family.title) in the `\(role)` role (ignored)")]
    }

    /// Systems a later mappings or fides source defines otherwise than the one that counts.
    static func redefined(_ conflicts: [Mappings.SystemConflict], source: SourceSpec?) -> [Diagnostic] {
        conflicts.map { conflict in
            let location = conflict.ignored ?? source?.location ?? SourceLocation(source: "mappings")
            let kept = conflict.kept.map { " (\($0))" } ?? ""
            return Diagnostic(.warning, location, "system \(conflict.system.prefix(200)) is defined again with other purposes, categories or owner (ignored): the first definition\(kept) counts")
        }
    }

    /// A flow source's `customers:` list naming an id the register does not have: its
    /// records become that id's `UNKNOWN_CUSTOMER` findings, most often from a typo.
    static func customersUnregistered(_ spec: SourceSpec, _ register: Register) -> [Diagnostic] {
        guard case .list(let ids) = spec.customers else { return [] }
        let known = Set(register.customers.map(\.id))
        return ids.filter { !known.contains($0) }.map {
            let id = $0.prefix(200)
            return Diagnostic(.warning, spec.location, "`customers` lists \(id), who is not in the register: records without a customer become UNKNOWN_CUSTOMER findings for \(id)")
        }
    }

    static func contribution(_ body: () throws(InputError) -> SourceContribution) throws(RemitError) -> SourceContribution {
        do { return try body() } catch { throw .input(error) }
    }
}
