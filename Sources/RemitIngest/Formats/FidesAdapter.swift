public import RemitCore

/// What a fides manifest gives remit (SPEC "Standard formats"; README "fides"). fideslang keys
/// are used as written; load fideslang's taxonomy as a taxonomy file to check them.
///
/// - `mappings.systems`: every system, keyed by `fides_key`, with its privacy declarations'
///   `data_use`s as purposes and their `data_categories`; `administrating_department` is the owner.
/// - catalog: systems that stand for third parties. A system with a `vendor_id` (id
///   `tcf.vendor.<n>` for `gvl.<n>`, else the vendor id; `mappings.labels` can map either), and
///   each `egress` target that no fides manifest of the job nor the job's systems map defines
///   as a system (id: its `fides_key`, or what `mappings.labels` maps it to). With the
///   source's `subprocessor` option every system describes that one subprocessor.
/// - flows: each `egress` from a system to such a third party (and each `ingress` a vendor system
///   lists), categories from the egress entry or else the sender's declarations.
public struct FidesAdapter {
    let manifest: FidesManifest
    let context: AdapterContext

    public init(manifest: FidesManifest, context: AdapterContext) {
        self.manifest = manifest
        self.context = context
    }

    public func mappings() -> Mappings {
        var systems: [String: Mappings.System] = [:]
        for system in manifest.systems where systems[system.key] == nil {
            systems[system.key] = Mappings.System(purposes: system.dataUses, dataCategories: system.dataCategories,
                                                  owner: system.administratingDepartment, location: system.location)
        }
        return Mappings(systems: systems)
    }

    /// The subprocessor a system of the manifest stands for, nil for the company's own systems.
    func thirdParty(_ system: FidesSystem) -> String? {
        thirdParty(vendor: system.vendorID)
    }

    /// The subprocessor a system with this `vendor_id` stands for (nil: one of the company's).
    func thirdParty(vendor: String?) -> String? {
        if let id = context.subprocessor { return id }
        guard let vendor else { return nil }
        let label = vendor.hasPrefix("gvl.") ? "tcf.vendor.\(vendor.dropFirst(4))" : vendor
        return context.labels.mapped(vendor) ?? context.labels.mapped(label) ?? label
    }

    /// The subprocessor an egress target stands for: a vendor system of the manifest; else
    /// the source's `subprocessor`, or what `mappings.labels` maps the key to; else whom
    /// another fides manifest of the job says that system stands for (nil for the company's
    /// own, as for a system of the job's `mappings.systems`); else the key itself.
    func thirdParty(target key: String, type: String?) -> String? {
        guard type == nil || type == "system" else { return nil }
        if let system = manifest.systems.first(where: { $0.key == key }) { return thirdParty(system) }
        if let id = context.subprocessor ?? context.labels.mapped(key) { return id }
        switch context.fidesSystems[key] {
        case .subprocessor(let id)?: return id
        case .vendor(let vendor)?: return thirdParty(vendor: vendor)
        case .company?: return nil
        case nil: return context.mappings.systems[key] != nil ? nil : key
        }
    }

    public func descriptions() -> [SubprocessorDescription] {
        var descriptions: [SubprocessorDescription] = []
        for system in manifest.systems {
            guard let id = thirdParty(system) else { continue }
            descriptions.append(SubprocessorDescription(
                id: id, name: system.legalName ?? system.name, service: system.description ?? system.name,
                purposes: system.dataUses, dataCategories: system.dataCategories, regions: system.territorialScope,
                transferMechanism: system.legalBasisForTransfers.isEmpty ? nil : system.legalBasisForTransfers.joined(separator: ", "),
                location: system.location))
        }
        let defined = Set(manifest.systems.map(\.key))
        for system in manifest.systems {
            for edge in system.egress where !defined.contains(edge.key) {
                guard let id = thirdParty(target: edge.key, type: edge.type) else { continue }
                descriptions.append(SubprocessorDescription(id: id, dataCategories: edge.dataCategories ?? [], location: edge.location))
            }
        }
        return DescriptionMerger.merge(descriptions)
    }

    /// Declared flows to third parties, one per (system, third party) pair.
    public func flows() -> [FlowRecord] {
        var flows: [FlowRecord] = []
        var seen = Set<String>()
        func add(from sender: FidesSystem, to target: String, id subprocessor: String, _ edge: FidesDataFlow) {
            guard sender.key != target, seen.insert("\(sender.key)\u{0}\(target)").inserted else { return }
            flows.append(FlowRecord(id: "\(sender.key)->\(target)", subprocessor: subprocessor, system: sender.key,
                                    dataCategories: edge.dataCategories ?? sender.dataCategories, location: edge.location))
        }
        for system in manifest.systems {
            for edge in system.egress {
                guard let id = thirdParty(target: edge.key, type: edge.type) else { continue }
                add(from: system, to: edge.key, id: id, edge)
            }
            guard let id = thirdParty(system) else { continue }
            for edge in system.ingress where edge.type == nil || edge.type == "system" {
                guard let sender = manifest.systems.first(where: { $0.key == edge.key }) else { continue }
                add(from: sender, to: system.key, id: id, edge)
            }
        }
        return flows
    }
}
