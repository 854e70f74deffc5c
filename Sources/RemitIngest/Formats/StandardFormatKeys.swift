/// The keys each standard format defines where remit reads it, every supported version's
/// together; a key outside them is reported by `remit check` as unknown (SPEC "Job config").
/// Extension points stay open: OpenLineage facets and CycloneDX `properties` hold anything,
/// XML elements of another namespace are extensions, and fides objects are not checked (a
/// system carries dozens of fields that vary between fides and fideslang versions).
enum StandardFormatKeys {
    /// CycloneDX 1.4–1.6 BOM, top level (JSON).
    static let bom: Set<String> = [
        "$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata", "components", "services",
        "externalReferences", "dependencies", "compositions", "properties", "vulnerabilities", "annotations",
        "formulation", "declarations", "definitions", "signature",
    ]
    /// CycloneDX service (JSON keys; the XML elements of the same names).
    static let service: Set<String> = [
        "bom-ref", "provider", "group", "name", "version", "description", "endpoints", "authenticated",
        "x-trust-boundary", "trustZone", "data", "licenses", "externalReferences", "services", "releaseNotes",
        "properties", "tags", "signature",
    ]
    /// CycloneDX organizational entity (a service's `provider`).
    static let provider: Set<String> = ["bom-ref", "name", "address", "url", "contact"]
    /// CycloneDX 1.4 data classification and 1.5+ service data (JSON).
    static let serviceData: Set<String> = ["flow", "classification", "name", "description", "governance", "source", "destination"]
    /// CycloneDX XML: what `<data>` holds, and what a 1.5+ `<dataflow>` holds.
    static let dataElements: Set<String> = ["classification", "dataflow"]
    static let dataflowElements: Set<String> = ["classification", "source", "destination", "governance"]

    /// OpenLineage RunEvent, JobEvent and DatasetEvent, top level.
    static let event: Set<String> = ["eventType", "eventTime", "run", "job", "inputs", "outputs", "producer", "schemaURL", "dataset"]
    static let run: Set<String> = ["runId", "facets"]
    static let job: Set<String> = ["namespace", "name", "facets"]
    /// An input or output dataset (and a DatasetEvent's `dataset`).
    static let dataset: Set<String> = ["namespace", "name", "facets", "inputFacets", "outputFacets"]

    /// IAB TCF Global Vendor List v2.x and v3, top level (translation files have a subset).
    static let vendorList: Set<String> = [
        "gvlSpecificationVersion", "vendorListVersion", "tcfPolicyVersion", "lastUpdated", "purposes", "specialPurposes",
        "features", "specialFeatures", "stacks", "dataCategories", "vendors",
    ]
    /// A GVL vendor, v2.x and v3.
    static let vendor: Set<String> = [
        "id", "name", "purposes", "legIntPurposes", "flexiblePurposes", "specialPurposes", "features", "specialFeatures",
        "policyUrl", "urls", "deletedDate", "overflow", "cookieMaxAgeSeconds", "usesCookies", "cookieRefresh",
        "usesNonCookieAccess", "deviceStorageDisclosureUrl", "dataRetention", "dataDeclaration",
    ]
}
