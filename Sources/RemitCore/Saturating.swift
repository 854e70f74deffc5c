extension Int64 {
    /// `self += other` for the counts, records and bytes summed from flow files, which are
    /// untrusted: a sum past 2⁶³−1 stays there ("more than can be counted") instead of
    /// stopping the run. Every count is non-negative.
    @inlinable @inline(__always)
    public mutating func add(saturating other: Int64) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? .max : sum
    }
}
