/// The keys each standard format defines where remit reads it, every supported version's
/// together; a key outside them is reported by `remit check` as unknown (SPEC "Job config").
/// Extension points stay open: OpenLineage facets and CycloneDX `properties` hold anything,
/// and XML elements of another namespace are extensions.
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

    // fides: the union over fideslang 0.9–3.1 (`fideslang/models.py`: `Taxonomy`, `System`,
    // `PrivacyDeclaration`, `DataFlow`, and `evaluation` from its `model_map`), the fides
    // server's System API schemas 2.x (`connection_configs`, `data_stewards`, `created_at`,
    // a declaration's `id`), and its admin UI's types for what it exports (`created_by`,
    // `system_groups`, and the dictionary's vendor records: `purposes`, `data_declaration`,
    // `gvl_version`, …). Pre-1.0 fidesctl's camelCase keys are not in it.

    /// A fides manifest's top level (fideslang `Taxonomy`).
    static let fidesManifest: Set<String> = [
        "data_category", "data_qualifier", "data_subject", "data_use", "dataset", "evaluation", "organization",
        "policy", "registry", "system",
    ]
    /// A fides system: fideslang's `System` and the fides server's System API object.
    static let fidesSystem: Set<String> = [
        "administrating_department", "connection_configs", "cookie_max_age_seconds", "cookie_refresh", "cookies",
        "created_at", "created_by", "data_declaration", "data_protection_impact_assessment",
        "data_responsibility_title", "data_security_practices", "data_stewards", "dataset_references", "description",
        "device_storage_disclosure_url", "does_international_transfers", "domains", "dpa_location", "dpa_progress",
        "dpo", "egress", "environments", "exempt_from_privacy_regulations", "features", "fides_key", "fidesctl_meta",
        "flexible_purposes", "gvl_version", "ingress", "joint_controller", "joint_controller_info",
        "leg_int_purposes", "legal_address", "legal_basis_for_profiling", "legal_basis_for_transfers", "legal_name",
        "legitimate_interest_disclosure_url", "logo", "meta", "name", "organization_fides_key", "overflow",
        "previous_vendor_id", "privacy_declarations", "privacy_policy", "processes_personal_data", "purposes",
        "reason_for_exemption", "registry_id", "requires_data_protection_assessments", "responsibility",
        "service_types", "special_features", "special_purposes", "system_dependencies", "system_groups",
        "system_type", "tags", "territorial_scope", "third_country_transfers", "uses_cookies",
        "uses_non_cookie_access", "uses_profiling", "vendor_deleted_date", "vendor_id",
    ]
    /// A system's privacy declaration (fideslang and the fides server).
    static let fidesDeclaration: Set<String> = [
        "cookies", "data_categories", "data_qualifier", "data_shared_with_third_parties", "data_subjects",
        "data_use", "dataset_references", "egress", "features", "flexible_legal_basis_for_processing", "gvl_version",
        "id", "impact_assessment_location", "ingress", "legal_basis_for_processing", "name",
        "processes_special_category_data", "purpose", "retention_period", "shared_categories",
        "special_category_legal_basis", "special_purpose", "third_parties", "vendor_id", "vendor_name",
    ]
    /// An `egress` or `ingress` entry (fideslang `DataFlow`).
    static let fidesDataFlow: Set<String> = [
        "data_categories", "fides_key", "type",
    ]
}
