@testable import RemitCore
import Testing

/// SPEC "Times are UTC": RFC 3339 parsing and formatting.
/// Expected epoch seconds were computed with `date -u -d <timestamp> +%s`.
@Suite struct InstantTests {
    /// 2026-11-27T01:02:03Z in microseconds.
    static let base: Int64 = 1_795_741_323_000_000

    @Test(arguments: [
        ("2026-11-27T01:02:03Z", InstantTests.base),
        ("2026-11-27t01:02:03z", InstantTests.base),
        ("2026-11-27 01:02:03Z", InstantTests.base),
        ("2026-11-27T02:02:03+01:00", InstantTests.base),
        ("2026-11-26T19:32:03-05:30", InstantTests.base),
        ("2026-11-27T01:02:03+00:00", InstantTests.base),
        ("2026-11-27T01:02:03.5Z", InstantTests.base + 500_000),
        ("2026-11-27T01:02:03.000001Z", InstantTests.base + 1),
        ("2026-11-27T01:02:03.123456789Z", InstantTests.base + 123_456),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000_000),
        ("2000-02-29T00:00:00Z", 951_782_400_000_000),
        ("1970-01-01T00:00:00Z", 0),
        // A leap second, read as the second before; at 23:59:60 UTC, whatever the offset.
        ("2016-12-31T23:59:60Z", 1_483_228_799_000_000),
        ("2017-01-01T00:59:60+01:00", 1_483_228_799_000_000),
        // The ends of what RFC 3339 writes in UTC, reached through an offset.
        ("0000-01-01T01:00:00+01:00", -62_167_219_200_000_000),
        ("9999-12-31T22:59:59.999999-01:00", 253_402_300_799_999_999),
    ] as [(String, Int64)])
    func parses(text: String, microseconds: Int64) {
        #expect(Instant.parse(text)?.microseconds == microseconds)
    }

    @Test(arguments: [
        "2026-02-30T00:00:00Z", // no such day
        "2025-02-29T00:00:00Z", // not a leap year
        "2100-02-29T00:00:00Z", // century, not a leap year
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-11-27T24:00:00Z",
        "2026-11-27T01:60:00Z",
        "2026-11-27T01:02:03", // no zone
        "2026-11-27T01:02:03.Z", // empty fraction
        "2026-11-27T01:02:03+0100", // offset without colon
        "2026-11-27T01:02:03+01:00x",
        "2026-11-27X01:02:03Z",
        "2026-11-27", // a date is not a timestamp
        "2026-03-15T12:34:60Z", // second 60 only at 23:59 UTC
        "2016-12-31T23:59:60+01:00", // 22:59:60 UTC
        "0000-01-01T00:00:00+01:00", // year -1 in UTC: no RFC 3339 year
        "9999-12-31T23:59:59-01:00", // year 10000 in UTC
        "",
        "not a time",
    ])
    func rejects(text: String) {
        #expect(Instant.parse(text) == nil)
    }

    @Test(arguments: [
        (InstantTests.base, "2026-11-27T01:02:03Z"),
        (InstantTests.base + 500_000, "2026-11-27T01:02:03.5Z"),
        (InstantTests.base + 1, "2026-11-27T01:02:03.000001Z"),
        (InstantTests.base + 120_000, "2026-11-27T01:02:03.12Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1_000_000, "1969-12-31T23:59:59Z"),
        (-500_000, "1969-12-31T23:59:59.5Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00Z"),
        (-62_167_219_200_000_000, "0000-01-01T00:00:00Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (253_402_300_800_000_000, "10000-01-01T00:00:00Z"),
    ] as [(Int64, String)])
    func description(microseconds: Int64, text: String) {
        #expect(Instant(microseconds: microseconds).description == text)
    }

    @Test(arguments: [
        "2026-11-27T01:02:03Z", "2026-11-27T01:02:03.5Z", "2026-12-31T23:59:59.999999Z",
        "2024-02-29T00:00:00Z", "1999-12-31T23:59:59Z", "1969-07-20T20:17:40Z",
    ])
    func descriptionRoundTrips(text: String) throws {
        let parsed = try #require(Instant.parse(text))
        #expect(parsed.description == text)
        #expect(Instant.parse(parsed.description) == parsed)
    }

    /// Every instant from year 0 to 9999 is written as a timestamp that reads back as itself,
    /// digit for digit as `spelledDescription` joins it from padded strings.
    @Test func randomInstantsRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x1157_A7)
        for _ in 0..<20_000 {
            let microseconds = Int64.random(in: -62_167_219_200_000_000...253_402_300_799_999_999, using: &generator)
            let wholeSeconds = Bool.random(using: &generator) ? microseconds / 1_000_000 * 1_000_000 : microseconds
            let text = Instant(microseconds: wholeSeconds).description
            #expect(text == Instant(microseconds: wholeSeconds).spelledDescription)
            #expect(Instant.parse(text) == Instant(microseconds: wholeSeconds), "\(wholeSeconds) \(text)")
            // A fraction is written only when there is one, without trailing zeros.
            #expect(wholeSeconds % 1_000_000 == 0 ? text.utf8.count == 20 : !text.dropLast().hasSuffix("0"), "\(text)")
        }
    }

    @Test func offsetsAreFormattedInUTC() {
        #expect(Instant.parse("2026-11-27T00:30:00+01:00")?.description == "2026-11-26T23:30:00Z")
    }

    @Test func startOfDayAndAddingDays() {
        let time = instant("2026-11-27T01:02:03.5Z")
        #expect(time.startOfDay == instant("2026-11-27T00:00:00Z"))
        #expect(time.adding(days: 35) == instant("2027-01-01T01:02:03.5Z"))
        #expect(Instant(microseconds: -1).startOfDay == instant("1969-12-31T00:00:00Z"))
        #expect(time.dateString == "2026-11-27")
        #expect(Instant(secondsSinceEpoch: 86_400) == instant("1970-01-02T00:00:00Z"))
    }

    @Test func ordering() {
        #expect(instant("2026-11-27T01:02:03Z") < instant("2026-11-27T01:02:03.000001Z"))
        #expect(instant("2026-11-27T02:00:00+01:00") == instant("2026-11-27T01:00:00Z"))
    }
}
