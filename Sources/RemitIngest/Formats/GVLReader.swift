public import RemitCore

/// An IAB TCF Global Vendor List (v2.x and v3 JSON): the vendors and what each declares.
public struct GlobalVendorList: Sendable {
    public var specificationVersion: Int?
    public var vendorListVersion: Int?
    public var lastUpdated: String?
    public var vendors: [GVLVendor] = []
    /// Keys the TCF does not define, at the top level and in vendors (`StandardFormatKeys`).
    public var unknownKeys: [UnknownKey] = []
}

public struct GVLVendor: Sendable {
    public var id: Int
    public var name: String
    public var purposes: [Int]
    public var legIntPurposes: [Int]
    public var flexiblePurposes: [Int]
    public var specialPurposes: [Int]
    public var features: [Int]
    public var specialFeatures: [Int]
    /// v3 only: the TCF data categories the vendor declares.
    public var dataDeclaration: [Int]
    public var retention: GVLRetention?
    /// v2 `policyUrl`, or the English (else first) v3 `urls[].privacy`.
    public var policyURL: String?
    public var deletedDate: String?
    public var location: SourceLocation
}

/// `dataRetention`: days kept by default and per purpose / special purpose.
public struct GVLRetention: Sendable, Equatable {
    public var standardDays: Int?
    public var purposes: [Int: Int]
    public var specialPurposes: [Int: Int]
}

/// Reads a GVL document. A vendor list is a catalog source, so a wrong type is an error naming
/// the file, line and field; keys remit does not use are ignored, and keys the TCF does not
/// define are noted for `remit check`.
public enum GVLReader {
    public static func decode(_ root: DocNode, source: String) throws(InputError) -> GlobalVendorList {
        let top = try Fields(root, source: source, what: "the vendor list")
        var list = GlobalVendorList()
        list.unknownKeys = top.unknown(known: StandardFormatKeys.vendorList, in: "vendor list")
        list.specificationVersion = try top.int("gvlSpecificationVersion")
        list.vendorListVersion = try top.int("vendorListVersion")
        list.lastUpdated = try top.string("lastUpdated")
        guard let vendors = try top.object("vendors") else { return list }
        for key in vendors.keys {
            let vendor = try Fields(vendors[key]!, source: source, what: "vendor \(key)")
            list.unknownKeys += vendor.unknown(known: StandardFormatKeys.vendor, in: "GVL vendor")
            let id = try vendor.int("id") ?? Int(key)
            guard let id else {
                throw InputError(.configuration, vendor.location, field: "id", "required field is missing")
            }
            guard String(id) == key else {
                throw InputError(.configuration, vendor.locate(vendor["id"]!), field: "id", "vendor id \(id) is listed under key \"\(key)\"")
            }
            list.vendors.append(GVLVendor(
                id: id, name: try vendor.requiredString("name"),
                purposes: try ids(vendor, "purposes"), legIntPurposes: try ids(vendor, "legIntPurposes"),
                flexiblePurposes: try ids(vendor, "flexiblePurposes"), specialPurposes: try ids(vendor, "specialPurposes"),
                features: try ids(vendor, "features"), specialFeatures: try ids(vendor, "specialFeatures"),
                dataDeclaration: try ids(vendor, "dataDeclaration"), retention: try retention(vendor),
                policyURL: try policyURL(vendor), deletedDate: try vendor.string("deletedDate"), location: vendor.location))
        }
        return list
    }

    /// A list of TCF ids (whole numbers).
    static func ids(_ f: Fields, _ key: String) throws(InputError) -> [Int] {
        guard let node = f[key] else { return [] }
        switch node.value {
        case .null: return []
        case .array(let items):
            var result: [Int] = []
            for item in items {
                guard case .number(let text) = item.value, let id = Int(text), id >= 0 else {
                    throw InputError(.configuration, f.locate(item), field: key, "expected a list of TCF ids (whole numbers), found \(item.typeName)")
                }
                result.append(id)
            }
            return result
        default:
            throw InputError(.configuration, f.locate(node), field: key, "expected a list of TCF ids, found \(node.typeName)")
        }
    }

    static func retention(_ vendor: Fields) throws(InputError) -> GVLRetention? {
        guard let r = try vendor.object("dataRetention") else { return nil }
        func days(_ key: String) throws(InputError) -> [Int: Int] {
            guard let map = try r.object(key) else { return [:] }
            var result: [Int: Int] = [:]
            for id in map.keys {
                guard let purpose = Int(id), let value = try map.int(id) else {
                    throw InputError(.configuration, map.locate(map[id]!), field: "dataRetention.\(key)", "expected purpose ids mapped to days")
                }
                result[purpose] = value
            }
            return result
        }
        return GVLRetention(standardDays: try r.int("stdRetention"), purposes: try days("purposes"), specialPurposes: try days("specialPurposes"))
    }

    static func policyURL(_ vendor: Fields) throws(InputError) -> String? {
        if let url = try vendor.string("policyUrl") { return url }
        let urls = try vendor.objects("urls") ?? []
        for entry in urls where try entry.string("langId") == "en" {
            return try entry.string("privacy")
        }
        return try urls.first?.string("privacy")
    }
}
