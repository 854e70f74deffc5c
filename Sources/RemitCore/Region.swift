/// Region codes and their coverage (SPEC "Taxonomy keys and coverage").
///
/// Regions are ISO 3166-1 alpha-2 codes, optionally with a subdivision (`US-CA`, covered by
/// `US`), and named groups from the taxonomy (`EEA`). Comparisons are case-insensitive, so
/// every code is uppercased on the way in. Groups do not nest.
public struct RegionCoverage: Sendable {
    public let groups: [String: [String]]

    public init(groups: [String: [String]]) {
        var normalized: [String: [String]] = [:]
        for (name, members) in groups {
            normalized[Self.normalize(name)] = members.map(Self.normalize)
        }
        self.groups = normalized
    }

    /// Uppercased from the NFC form: canonically equivalent spellings can uppercase to
    /// different texts (`α\u{301}\u{345}` and `α\u{345}\u{301}`), which would make two
    /// regions of one, depending on which spelling was read first.
    public static func normalize(_ code: String) -> String {
        canonicalForm(code).uppercased()
    }

    public func isGroup(_ code: String) -> Bool {
        groups[code] != nil
    }

    /// Whether the (normalized) entry `covering` covers the (normalized) region `region`.
    public func covers(_ covering: String, _ region: String) -> Bool {
        setCovers([covering], region)
    }

    private func coversPlace(_ covering: String, _ place: String) -> Bool {
        if covering == place { return true }
        if let members = groups[covering] {
            return members.contains { Self.placeCovers($0, place) }
        }
        return Self.placeCovers(covering, place)
    }

    /// A country covers its subdivisions (`US` covers `US-CA`).
    private static func placeCovers(_ covering: String, _ place: String) -> Bool {
        if covering == place { return true }
        if let ascii = asciiPrefixThen(covering, UInt8(ascii: "-"), in: place) { return ascii }
        return place.count > covering.count && place.hasPrefix(covering)
            && place[place.index(place.startIndex, offsetBy: covering.count)] == "-"
    }

    /// Whether a list covers a region: a place when any entry covers it, a group when the
    /// list names the group or covers every one of its members.
    public func setCovers(_ set: [String], _ region: String) -> Bool {
        if set.contains(region) { return true }
        if let members = groups[region] {
            return !members.isEmpty && members.allSatisfy { member in set.contains { coversPlace($0, member) } }
        }
        return set.contains { coversPlace($0, region) }
    }

    /// The regions both sets cover, for display: groups expand to members where needed.
    public func intersection(_ a: [String], _ b: [String]) -> [String] {
        var result: [String] = []
        func consider(_ code: String, against other: [String]) {
            if setCovers(other, code) {
                if !result.contains(code) { result.append(code) }
            } else if let members = groups[code] {
                for member in members where setCovers(other, member) && !result.contains(member) {
                    result.append(member)
                }
            }
        }
        for code in a { consider(code, against: b) }
        for code in b { consider(code, against: a) }
        return result.filter { code in !result.contains { $0 != code && covers($0, code) } }.sorted()
    }
}
