import RemitCore
import Testing

/// SPEC "Times are UTC": a plain date in `from`/`effective` is the start of the day; in
/// `until`/`expires` the whole day is included. A full timestamp means that instant.
@Suite struct TimeBoundTests {
    @Test func parsesADateAsTheStartOfTheDay() throws {
        let date = try #require(TimeBound.parse("2026-12-31"))
        #expect(date.isDate)
        #expect(date.start == instant("2026-12-31T00:00:00Z"))
        #expect(date.description == "2026-12-31")
    }

    @Test func parsesATimestamp() throws {
        let time = try #require(TimeBound.parse("2026-12-31T12:00:00+02:00"))
        #expect(!time.isDate)
        #expect(time.instant == instant("2026-12-31T10:00:00Z"))
        #expect(time.description == "2026-12-31T10:00:00Z")
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "2026-2-03", "2026-12-32", "2026/12/31", "", "2026-12-31T"])
    func rejects(text: String) {
        #expect(TimeBound.parse(text) == nil)
    }

    @Test func acceptsLeapDays() {
        #expect(TimeBound.parse("2024-02-29")?.instant == instant("2024-02-29T00:00:00Z"))
        #expect(TimeBound.parse("2000-02-29") != nil)
    }

    @Test(arguments: [
        ("2026-12-31T00:00:00Z", true),
        ("2026-12-31T23:59:59Z", true),
        ("2026-12-31T23:59:59.999999Z", true),
        ("2027-01-01T00:00:00Z", false),
        ("2027-01-01T00:59:00+01:00", true), // = 2026-12-31T23:59:00Z
    ])
    func aDateUpperBoundIncludesTheWholeDay(time: String, included: Bool) {
        #expect(bound("2026-12-31").includes(upTo: instant(time)) == included)
    }

    @Test func aTimestampUpperBoundIncludesExactlyUpToThatInstant() {
        let until = bound("2026-12-31T12:00:00Z")
        #expect(until.includes(upTo: instant("2026-12-31T12:00:00Z")))
        #expect(!until.includes(upTo: instant("2026-12-31T12:00:00.000001Z")))
    }

    @Test(arguments: [
        ("2025-02-28T23:59:59Z", false),
        ("2025-03-01T00:00:00Z", true),
        ("2027-03-01T23:59:59Z", true),
        ("2027-03-02T00:00:00Z", false),
    ])
    func instructionInForce(at time: String, inForce: Bool) {
        let instruction = Instruction(id: "dpa", kind: .dpa, effective: bound("2025-03-01"), expires: bound("2027-03-01"))
        #expect(instruction.isInForce(at: instant(time)) == inForce)
    }

    @Test func instructionWithoutDatesIsAlwaysInForce() {
        #expect(Instruction(id: "dpa", kind: .dpa).isInForce(at: instant("1999-01-01T00:00:00Z")))
    }

    @Test func exceptionExpiresAfterItsWholeDay() {
        let rule = ExceptionRule(id: "E", kind: .purposeNotAuthorized, reason: "r", approvedBy: "p", expires: bound("2027-01-31"))
        #expect(!rule.isExpired(at: instant("2027-01-31T23:59:59Z")))
        #expect(rule.isExpired(at: instant("2027-02-01T00:00:00Z")))
        let forever = ExceptionRule(id: "F", kind: .purposeNotAuthorized, reason: "r", approvedBy: "p")
        #expect(!forever.isExpired(at: instant("2999-01-01T00:00:00Z")))
    }
}
