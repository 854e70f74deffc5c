import Foundation
import RemitCore
import RemitFetch
import RemitIngest
import RemitReport

/// The first stages of a run: the job, its sources made ready, and every config-type input
/// loaded into a `ReconciliationContext`. Flows are not read here; they are streamed later.
struct JobInputs {
    struct FlowSource {
        var spec: SourceSpec
        var resolved: ResolvedSource
        var format: FlowFileFormat
    }

    var config: JobConfig
    var configSHA256: String
    var context: ReconciliationContext
    var inputs: [InputProvenance]
    var flows: [FlowSource]
    var diagnostics: [Diagnostic]

    static func load(configPath: String, asOf: Instant) throws(RemitError) -> JobInputs {
        let config: JobConfig
        do { config = try JobConfigLoader.load(path: configPath) } catch { throw .input(error) }
        var diagnostics = config.diagnostics
        var inputs: [InputProvenance] = []
        // Flow files are the large ones: hash them while the other inputs load.
        for spec in config.flows where !spec.source.contains("://") { FileDigest.prefetch(path: config.resolve(spec.source)) }

        func ready(_ spec: SourceSpec) throws(RemitError) -> ResolvedSource {
            do { return try LocalSource.resolve(source: spec.source, path: config.resolve(spec.source)) } catch {
                throw .unreadable(source: error.source, reason: error.reason)
            }
        }
        func document(_ spec: SourceSpec, role: String) throws(RemitError) -> (Document, ResolvedSource) {
            let resolved = try ready(spec)
            do { return (try Document.load(path: resolved.path, source: spec.source), resolved) } catch { throw .input(error) }
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

        let taxonomy: Taxonomy
        if let spec = config.taxonomy {
            let (doc, resolved) = try document(spec, role: "taxonomy")
            taxonomy = try decoded { () throws(InputError) in try TaxonomyLoader.decode(doc.root, source: spec.source) }
            inputs.append(provenance("taxonomy", spec, resolved, format: "remit-\(doc.format)", records: taxonomy.entries.values.reduce(0) { $0 + $1.count }))
        } else {
            do { taxonomy = try TaxonomyLoader.builtIn() } catch { throw .internal("\(error)") }
        }

        let (registerDoc, registerResolved) = try document(config.register, role: "register")
        let register = try decoded { () throws(InputError) in try RegisterLoader.decode(registerDoc.root, source: config.register.source) }
        inputs.append(provenance("register", config.register, registerResolved, format: "remit-\(registerDoc.format)", records: register.customers.count))

        var catalog = Catalog()
        for spec in config.catalog {
            let resolved = try ready(spec)
            let (descriptions, format) = try CatalogSources.read(spec, path: resolved.path, diagnostics: &diagnostics)
            for description in descriptions { catalog.add(description) }
            inputs.append(provenance("catalog", spec, resolved, format: format, records: descriptions.count))
        }

        var mappings = Mappings()
        for spec in config.mappings {
            try Self.requireRemitFormat(spec, role: "mappings")
            let (doc, resolved) = try document(spec, role: "mappings")
            mappings.merge(try decoded { () throws(InputError) in try MappingsLoader.decode(doc.root, source: spec.source) })
            inputs.append(provenance("mappings", spec, resolved, format: "remit-\(doc.format)", records: mappings.systems.count))
        }

        var exceptions: [ExceptionRule] = []
        if let spec = config.exceptions {
            let (doc, resolved) = try document(spec, role: "exceptions")
            exceptions = try decoded { () throws(InputError) in try ExceptionsLoader.decode(doc.root, source: spec.source) }
            inputs.append(provenance("exceptions", spec, resolved, format: "remit-\(doc.format)", records: exceptions.count))
        }

        var flows: [FlowSource] = []
        for spec in config.flows {
            try Self.requireRemitFormat(spec, role: "flows")
            let resolved = try ready(spec)
            do {
                flows.append(FlowSource(spec: spec, resolved: resolved, format: try FlowReader.detect(path: resolved.path, source: spec.source)))
            } catch { throw .input(error) }
        }

        let configSHA256: String
        do { configSHA256 = try FileDigest.sha256(path: configPath).sha256 } catch { throw .unreadable(source: configPath, reason: "cannot read") }
        let context = ReconciliationContext(
            taxonomy: taxonomy, register: register, catalog: catalog, mappings: mappings, exceptions: exceptions,
            severityOverrides: config.severity, asOf: asOf)
        return JobInputs(config: config, configSHA256: configSHA256, context: context, inputs: inputs, flows: flows, diagnostics: diagnostics)
    }

    static func requireRemitFormat(_ spec: SourceSpec, role: String) throws(RemitError) {
        guard spec.format == "auto" || spec.format == "remit" else {
            throw .input(InputError(.configuration, spec.location, field: "format", "format \(spec.format) for \(role) is not supported by this version of remit"))
        }
    }
}

/// Reading one catalog source in whichever remit encoding it has.
enum CatalogSources {
    static func read(_ spec: SourceSpec, path: String, diagnostics: inout [Diagnostic]) throws(RemitError) -> ([SubprocessorDescription], String) {
        try JobInputs.requireRemitFormat(spec, role: "catalog")
        do {
            let head = try FileHead.read(path: path, source: spec.source)
            if head.firstSignificantByte == UInt8(ascii: "<") {
                let (descriptions, found) = try CatalogLoader.decodeXML(path: path, source: spec.source, subprocessor: spec.subprocessor)
                diagnostics += found
                return (descriptions, "remit-xml")
            }
            let doc = try Document.load(path: path, source: spec.source)
            let (descriptions, found) = try CatalogLoader.decode(doc.root, source: spec.source, subprocessor: spec.subprocessor)
            diagnostics += found
            return (descriptions, "remit-\(doc.format)")
        } catch {
            throw .input(error)
        }
    }
}
