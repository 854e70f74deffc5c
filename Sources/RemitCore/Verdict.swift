/// The exit decision (SPEC "Command line", exit codes 0 and 1).
public enum Verdict {
    /// 1 when an unsuppressed finding is at or above `failOn`, else 0.
    public static func exitCode(_ findings: [Finding], failOn: FailThreshold) -> Int32 {
        findings.contains { !$0.isSuppressed && failOn.fails($0.severity) } ? 1 : 0
    }
}
