@testable import RemitReport
import Testing

@Suite("HTML: display formats")
struct DisplayFormatTests {
    /// Counts are grouped by threes with commas, a minus sign first, as the pages spell them.
    @Test func countsAreGroupedByThousands() {
        let cases: [(Int64, String)] = [
            (0, "0"), (7, "7"), (999, "999"), (1_000, "1,000"), (81_234, "81,234"), (100_000, "100,000"),
            (1_234_567, "1,234,567"), (-1, "-1"), (-999, "-999"), (-1_000, "-1,000"), (-12_345_678, "-12,345,678"),
            (Int64.max, "9,223,372,036,854,775,807"), (Int64.min, "-9,223,372,036,854,775,808"),
        ]
        for (value, text) in cases { #expect(DisplayFormat.count(value) == text, "\(value)") }
        // Any other value: the digits of `String(value)` with a comma before each group of three.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Int64.random(in: Int64.min...Int64.max, using: &generator) >> Int64.random(in: 0...62, using: &generator)
            let grouped = DisplayFormat.count(value)
            #expect(grouped.filter { $0 != "," } == String(value), "\(value)")
            let magnitude = grouped.drop { $0 == "-" }
            #expect(magnitude.split(separator: ",").enumerated().allSatisfy { $0 == 0 ? (1...3).contains($1.count) : $1.count == 3 }, "\(grouped)")
        }
    }
}
