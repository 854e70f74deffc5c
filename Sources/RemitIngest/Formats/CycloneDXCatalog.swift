public import RemitCore

/// Catalog entries from a CycloneDX BOM (SPEC "Standard formats"; README "CycloneDX").
///
/// A service whose provider maps to a subprocessor (see `CycloneDXProviders`) describes it:
/// name = the provider's name, service = the service's name and description, endpoints = the
/// hosts of the service's endpoints, data categories = its classifications (any direction)
/// through `mappings.labels`. Services mapping to the same subprocessor are merged into one
/// entry. A schema problem in the BOM is an error (catalog inputs are config-type inputs).
public enum CycloneDXCatalog {
    public static func descriptions(_ bom: CycloneDXBOM, context: AdapterContext) throws(InputError) -> ([SubprocessorDescription], [Diagnostic]) {
        if let problem = bom.problems.first {
            throw InputError(.configuration, problem.location, field: problem.field, problem.reason)
        }
        let providers = CycloneDXProviders(context: context)
        var descriptions: [SubprocessorDescription] = []
        var diagnostics: [Diagnostic] = []
        for service in bom.allServices {
            guard let id = providers.subprocessor(of: service) else {
                if let provider = service.provider {
                    let hosts = (provider.urls + service.endpoints).map(DestinationResolver.host(of:)).uniqued()
                    diagnostics.append(Diagnostic(.warning, service.location,
                        "CycloneDX service \"\(service.displayName)\" is provided by \"\(provider.name ?? "an unnamed provider")\", which maps to no subprocessor (no `mappings.destinations` pattern matches \(hosts.isEmpty ? "its provider" : hosts.joined(separator: ", "))): it is not described in the catalog"))
                }
                continue
            }
            let classifications = service.data.map(\.classification)
            let summary = [service.displayName, service.description].compactMap { $0 }.joined(separator: ": ")
            descriptions.append(SubprocessorDescription(
                id: id, name: service.provider?.name, service: summary,
                dataCategories: context.categories(classifications).keys,
                endpoints: service.endpoints.map(DestinationResolver.host(of:)).filter { !$0.isEmpty }.uniqued(),
                location: service.location))
        }
        return (DescriptionMerger.merge(descriptions), diagnostics)
    }
}
