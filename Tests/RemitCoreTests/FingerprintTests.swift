import Foundation
import RemitCore
import Testing

/// SPEC "Findings are aggregated": the fingerprint is the first 16 hex digits of SHA-256 of
/// `kind|customer|subprocessor|dimension|value` (empty string for an absent part).
@Suite struct FingerprintTests {
    /// Expected values computed in a shell, independently of the code under test:
    /// `printf '%s' 'PURPOSE_NOT_AUTHORIZED|cust-acme|sp-mailer|purpose|improve.ml_training' | sha256sum | cut -c1-16`
    @Test(arguments: [
        (key(.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.ml_training"), "b743d80c61d404ac"),
        (key(.unattributedFlow, "", "sp-mailer", .customer, ""), "b7bb8a3c8b72de34"),
        (key(.unknownDestination, "cust-acme", "", .destination, "evil.example"), "7297d578d0672aae"),
        (key(.regionNotAuthorized, "cust-acme", "sp-mailer", .region, "US"), "1ee19649d5b3bd32"),
    ])
    func fingerprint(key: FindingKey, expected: String) {
        #expect(key.fingerprint == expected)
    }

    @Test func findingsCarryTheFingerprintOfTheirKey() throws {
        let outcome = Fixture().run([Fixture.flow { $0.purpose = "improve.ml_training" }])
        let finding = try #require(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.ml_training"])
        #expect(finding.fingerprint == "b743d80c61d404ac")
        #expect(outcome.findings.allSatisfy { $0.fingerprint == $0.key.fingerprint && $0.fingerprint.count == 16 })
    }

    @Test func partsAreSeparatedSoShiftedTextDiffers() {
        let a = key(.unknownCustomer, "ab", "c", .customer, "ab")
        let b = key(.unknownCustomer, "a", "bc", .customer, "ab")
        #expect(a.fingerprint != b.fingerprint)
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef], bytes: 2) == "dead")
        #expect(Hex.encode([0xde, 0xad], bytes: 0) == "")
        #expect(Hex.encode([0xde, 0xad], bytes: 5) == "dead")
        let every = (0...255).map { UInt8($0) }
        #expect(Hex.encode(every) == every.map { String(format: "%02x", $0) }.joined())
    }
}
