public import RemitCore

/// Catalog entries from an IAB TCF Global Vendor List (SPEC "Standard formats"; README
/// "IAB TCF Global Vendor List").
///
/// Each vendor is one entry, id `tcf.vendor.<id>` unless `mappings.labels` maps that label to
/// a subprocessor id. Purposes: `purposes`, `legIntPurposes`, `flexiblePurposes` as
/// `tcf.purpose.N` and `specialPurposes` as `tcf.special_purpose.N`; data categories: v3
/// `dataDeclaration` as `tcf.data.N` and `specialFeatures` as `tcf.special_feature.N`; all
/// through `mappings.labels` over `TCFDefaultLabels`, unmapped ones as written. Retention
/// (`dataRetention`) and the privacy policy URL are summarised in `service`. Vendors with a
/// `deletedDate` are left out.
public enum GVLCatalog {
    public static func descriptions(_ list: GlobalVendorList, context: AdapterContext) -> ([SubprocessorDescription], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        if context.subprocessor != nil, let first = list.vendors.first {
            diagnostics.append(Diagnostic(.warning, first.location,
                "`subprocessor` does not apply to a vendor list and is ignored; map vendors with mappings.labels, e.g. \"tcf.vendor.\(first.id)\": sp-id"))
        }
        let deleted = list.vendors.filter { $0.deletedDate != nil }
        if let first = deleted.first {
            diagnostics.append(Diagnostic(.warning, first.location, "\(deleted.count) vendors have a deletedDate and are not described (first: \(first.id) \(first.name))"))
        }
        var descriptions: [SubprocessorDescription] = []
        for vendor in list.vendors where vendor.deletedDate == nil {
            let label = "tcf.vendor.\(vendor.id)"
            let purposeLabels = (vendor.purposes + vendor.legIntPurposes + vendor.flexiblePurposes).uniqued().map { "tcf.purpose.\($0)" }
                + vendor.specialPurposes.map { "tcf.special_purpose.\($0)" }
            let dataLabels = vendor.dataDeclaration.map { "tcf.data.\($0)" } + vendor.specialFeatures.map { "tcf.special_feature.\($0)" }
            descriptions.append(SubprocessorDescription(
                id: context.labels.mapped(label) ?? label, name: vendor.name,
                service: summary(vendor, list: list, context: context),
                purposes: purposeLabels.compactMap(context.labels.keyOrLabel).uniqued(),
                dataCategories: dataLabels.compactMap(context.labels.keyOrLabel).uniqued(),
                location: vendor.location))
        }
        return (DescriptionMerger.merge(descriptions), diagnostics)
    }

    /// "IAB TCF vendor 6 (GVL 7); retention: 60 days standard, tcf.purpose.2 → marketing.advertising 14 days; policy: https://…"
    static func summary(_ vendor: GVLVendor, list: GlobalVendorList, context: AdapterContext) -> String {
        var parts = ["IAB TCF vendor \(vendor.id)" + (list.vendorListVersion.map { " (GVL \($0))" } ?? "")]
        if let retention = vendor.retention {
            var items: [String] = []
            if let days = retention.standardDays { items.append("\(days) days standard") }
            for (id, days) in retention.purposes.sorted(by: { $0.key < $1.key }) {
                items.append(retentionItem("tcf.purpose.\(id)", days, context))
            }
            for (id, days) in retention.specialPurposes.sorted(by: { $0.key < $1.key }) {
                items.append(retentionItem("tcf.special_purpose.\(id)", days, context))
            }
            if !items.isEmpty { parts.append("retention: " + items.joined(separator: ", ")) }
        }
        if let url = vendor.policyURL { parts.append("policy: \(url)") }
        return parts.joined(separator: "; ")
    }

    private static func retentionItem(_ label: String, _ days: Int, _ context: AdapterContext) -> String {
        let key = context.labels.mapped(label).map { " → \($0)" } ?? ""
        return "\(label)\(key) \(days) days"
    }
}
