/// The built-in translation of IAB TCF ids into keys of remit's built-in taxonomy (SPEC
/// "Standard formats": "with a built-in default mapping"). `mappings.labels` overrides any
/// entry, and maps ids this table leaves out (e.g. purposes beyond 11).
///
/// Written for remit from the TCF v2.2 policy's purpose and data-category names; it does not
/// derive from fideslang's GVL mapping (which targets fideslang keys). To use fideslang keys
/// instead, load `Scripts/fideslang-convert`'s `tcf-fideslang-labels.yml` as a mappings file.
/// TCF features (means, not purposes) are not mapped; special features describe data.
enum TCFDefaultLabels {
    static let labels: [String: String] = [
        // Purposes (TCF v2.2 names; v2.0 used the same ids 1–10).
        "tcf.purpose.1": "service.delivery",          // Store and/or access information on a device
        "tcf.purpose.2": "marketing.advertising",     // Use limited data to select advertising
        "tcf.purpose.3": "marketing.advertising",     // Create profiles for personalised advertising
        "tcf.purpose.4": "marketing.advertising",     // Use profiles to select personalised advertising
        "tcf.purpose.5": "marketing",                 // Create profiles to personalise content
        "tcf.purpose.6": "marketing",                 // Use profiles to select personalised content
        "tcf.purpose.7": "marketing.advertising",     // Measure advertising performance
        "tcf.purpose.8": "improve.analytics",         // Measure content performance
        "tcf.purpose.9": "improve.analytics",         // Understand audiences through statistics or combinations of data
        "tcf.purpose.10": "improve",                  // Develop and improve services
        "tcf.purpose.11": "service.delivery",         // Use limited data to select content
        // Special purposes (no opt-out; legitimate interest).
        "tcf.special_purpose.1": "service.security",        // Ensure security, prevent and detect fraud, and fix errors
        "tcf.special_purpose.2": "marketing.advertising",   // Deliver and present advertising and content
        "tcf.special_purpose.3": "legal",                   // Save and communicate privacy choices
        // Special features: what data a vendor uses.
        "tcf.special_feature.1": "user.location.precise",   // Use precise geolocation data
        "tcf.special_feature.2": "user.identifier.device",  // Actively scan device characteristics for identification
        // Data categories (TCF v2.2 `dataCategories`, declared per vendor in `dataDeclaration`).
        "tcf.data.1": "user.network.ip",               // IP addresses
        "tcf.data.2": "user.network",                  // Device characteristics
        "tcf.data.3": "user.identifier.device",        // Device identifiers
        "tcf.data.4": "user.identifier",               // Probabilistic identifiers
        "tcf.data.5": "user.identifier.account",       // Authentication-derived identifiers
        "tcf.data.6": "user.behavior.browsing",        // Browsing and interaction data
        "tcf.data.7": "user.content",                  // User-provided data
        "tcf.data.8": "user.location.approximate",     // Non-precise location data
        "tcf.data.9": "user.location.precise",         // Precise location data
        "tcf.data.10": "user.behavior",                // Users' profiles
        "tcf.data.11": "user.behavior",                // Privacy choices
    ]
}
