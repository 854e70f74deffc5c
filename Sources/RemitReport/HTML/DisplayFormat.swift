import RemitCore

/// How numbers, times and severities are spelled in the HTML, the same on every machine
/// (no locale, no clock).
enum DisplayFormat {
    /// `1,234,567`.
    static func count(_ value: Int64) -> String {
        if value >= 0, value < 1_000 { return String(value) }
        let digits = Array(String(value.magnitude).utf8)
        var out: [UInt8] = value < 0 ? [UInt8(ascii: "-")] : []
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func count(_ value: Int) -> String {
        count(Int64(value))
    }

    /// `812 B`, `3.4 kB`, `359.1 MB`: decimal units, one decimal, rounded down (the exact
    /// count goes in a `title`).
    static func bytes(_ value: Int64) -> String {
        guard value >= 1_000 else { return "\(value) B" }
        var scaled = value, unit = 0
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        while scaled >= 1_000_000, unit < units.count - 2 {
            scaled /= 1_000
            unit += 1
        }
        return "\(scaled / 1_000).\(scaled % 1_000 / 100) \(units[unit + 1])"
    }

    /// The date part of an instant, or an em dash.
    static func date(_ instant: Instant?) -> String {
        instant?.dateString ?? "—"
    }

    /// RFC 3339, or an em dash when absent.
    static func time(_ instant: Instant?) -> String {
        instant?.description ?? "—"
    }

    /// `2026-11-20 – 2026-11-27` (dates only), or an em dash.
    static func datePeriod(_ first: Instant?, _ last: Instant?) -> String {
        let (from, to) = (date(first), date(last))
        return from == to ? from : "\(from) – \(to)"
    }

    /// `2026-11-27T01:02:03Z – 2026-11-28T00:00:00Z`, or an em dash.
    static func period(_ first: Instant?, _ last: Instant?) -> String {
        switch (first, last) {
        case (nil, nil): "—"
        case (let first?, let last?) where first == last: first.description
        default: "\(time(first)) – \(time(last))"
        }
    }

    static func bound(_ bound: TimeBound?, open: String) -> String {
        bound?.description ?? open
    }

    /// The first 12 hex digits, for a table cell (the full digest goes in `title`).
    static func shortDigest(_ hex: String) -> String {
        hex.count > 12 ? String(hex.prefix(12)) + "…" : hex
    }

    /// A severity's sort rank for the findings table: high sorts first.
    static func rank(_ severity: Severity) -> String {
        String(Severity.descending.count - 1 - (Severity.descending.firstIndex(of: severity) ?? 0))
    }

    static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        self.plural(Int64(count), singular, plural)
    }

    /// `1 flow`, `3 flows`.
    static func plural(_ count: Int64, _ singular: String, _ plural: String? = nil) -> String {
        "\(DisplayFormat.count(count)) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
