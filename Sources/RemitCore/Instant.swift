/// A point in time: microseconds since 1970-01-01T00:00:00Z. All times in remit are UTC.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public init(secondsSinceEpoch: Int64) {
        self.microseconds = secondsSinceEpoch * 1_000_000
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

    public static let microsecondsPerDay: Int64 = 86_400 * 1_000_000

    /// What RFC 3339 can write in UTC, with four-digit years: 0000-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59.999999Z. A timestamp whose offset takes it outside is refused.
    public static let writable = Instant(microseconds: -62_167_219_200_000_000)...Instant(microseconds: 253_402_300_799_999_999)

    public func adding(days: Int) -> Instant {
        Instant(microseconds: microseconds + Int64(days) * Self.microsecondsPerDay)
    }

    /// Start of the UTC day containing this instant.
    public var startOfDay: Instant {
        let day = microseconds >= 0 ? microseconds / Self.microsecondsPerDay
            : (microseconds - Self.microsecondsPerDay + 1) / Self.microsecondsPerDay
        return Instant(microseconds: day * Self.microsecondsPerDay)
    }

    /// RFC 3339 in UTC: `2026-11-27T01:02:03Z`, with a fraction only when there is one.
    /// Written digit by digit: the outputs spell every finding's first and last sighting.
    public var description: String {
        let (y, m, d, secondOfDay, fraction) = parts
        guard (0...9_999).contains(y) else { return spelledDescription }
        return String(unsafeUninitializedCapacity: 27) { text in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    text[at + i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += width
            }
            func put(_ scalar: Unicode.Scalar) {
                text[at] = UInt8(ascii: scalar)
                at += 1
            }
            put(y, 4); put("-"); put(m, 2); put("-"); put(d, 2); put("T")
            put(secondOfDay / 3600, 2); put(":"); put(secondOfDay % 3600 / 60, 2); put(":"); put(secondOfDay % 60, 2)
            if fraction != 0 {
                put(".")
                var digits = 6, rest = fraction
                while rest % 10 == 0 { rest /= 10; digits -= 1 }
                put(rest, digits)
            }
            put("Z")
            return at
        }
    }

    /// Year, month, day, second of the day and microseconds past it.
    private var parts: (Int, Int, Int, Int, Int) {
        let totalSeconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let fraction = Int(microseconds - totalSeconds * 1_000_000)
        var days = totalSeconds / 86_400
        var secondOfDay = Int(totalSeconds % 86_400)
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = CivilDate.fromDays(days)
        return (y, m, d, secondOfDay, fraction)
    }

    /// `description` joined from padded strings: what it is for a year outside 0...9999,
    /// which four digits cannot hold, and what `InstantTests` checks the digits against.
    var spelledDescription: String {
        let (y, m, d, secondOfDay, fraction) = parts
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        let h = secondOfDay / 3600, mi = (secondOfDay % 3600) / 60, s = secondOfDay % 60
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// The date part, `2026-11-27`.
    public var dateString: String {
        String(description.prefix(10))
    }

}

/// A time as written in an input: a plain date (a whole UTC day) or a full timestamp.
public struct TimeBound: Sendable, Hashable, CustomStringConvertible {
    public var instant: Instant
    public var isDate: Bool

    public init(instant: Instant, isDate: Bool) {
        self.instant = instant
        self.isDate = isDate
    }

    /// As a lower bound (`from`, `effective`): the instant, or the start of the day.
    public var start: Instant { instant }

    /// As an inclusive upper bound (`until`, `expires`): a date includes the whole day.
    public func includes(upTo time: Instant) -> Bool {
        isDate ? time < instant.adding(days: 1) : time <= instant
    }

    public var description: String {
        isDate ? instant.dateString : instant.description
    }

    /// Parses `2026-12-31` or an RFC 3339 timestamp (`T` or space, fraction, `Z` or offset).
    public static func parse(_ text: String) -> TimeBound? {
        let bytes = Array(text.utf8)
        if bytes.count == 10, let days = CivilDate.parseDate(bytes, 0) {
            return TimeBound(instant: Instant(secondsSinceEpoch: days * 86_400), isDate: true)
        }
        return Instant.parseTimestamp(bytes).map { TimeBound(instant: $0, isDate: false) }
    }
}

extension Instant {
    /// Parses an RFC 3339 timestamp; nil when it is not one.
    public static func parse(_ text: String) -> Instant? {
        parseTimestamp(Array(text.utf8))
    }

    /// Parses an RFC 3339 timestamp from UTF-8 bytes; nil when it is not one.
    public static func parse(utf8 bytes: UnsafeRawBufferPointer) -> Instant? {
        parseTimestamp(bytes)
    }

    static func parseTimestamp<B: RandomAccessCollection<UInt8>>(_ b: B) -> Instant? where B.Index == Int {
        guard b.count >= 20, let days = CivilDate.parseDate(b, 0) else { return nil }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " ") else { return nil }
        guard let h = digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let mi = digits(b, 14, 2),
              b[16] == UInt8(ascii: ":"), let s = digits(b, 17, 2),
              h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100_000
            let start = i
            while i < b.count, let digit = digitValue(b[i]) {
                micros += Int64(digit) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        guard i < b.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == i + 6, let oh = digits(b, i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                  let om = digits(b, i + 4, 2), oh < 24, om < 60 else { return nil }
            offsetSeconds = Int64(oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        // A leap second is 23:59:60 UTC (RFC 3339 5.7), read as 23:59:59; at any other minute
        // `60` names no time.
        if s == 60, (Int64(h * 60 + mi) - offsetSeconds / 60 + 1440) % 1440 != 1439 { return nil }
        let seconds = days * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59)) - offsetSeconds
        let instant = Instant(microseconds: seconds * 1_000_000 + micros)
        return writable.contains(instant) ? instant : nil
    }

    static func digitValue(_ byte: UInt8) -> Int? {
        byte >= 48 && byte <= 57 ? Int(byte - 48) : nil
    }

    static func digits<B: RandomAccessCollection<UInt8>>(_ b: B, _ start: Int, _ count: Int) -> Int? where B.Index == Int {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard let d = digitValue(b[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil).
enum CivilDate {
    static func toDays(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func fromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD` at `start`; days since the epoch, or nil.
    static func parseDate<B: RandomAccessCollection<UInt8>>(_ b: B, _ start: Int) -> Int64? where B.Index == Int {
        guard let y = Instant.digits(b, start, 4), b.count > start + 9, b[start + 4] == UInt8(ascii: "-"),
              let m = Instant.digits(b, start + 5, 2), b[start + 7] == UInt8(ascii: "-"),
              let d = Instant.digits(b, start + 8, 2),
              (1...12).contains(m), d >= 1, d <= daysInMonth(y, m) else { return nil }
        return toDays(y, m, d)
    }
}
