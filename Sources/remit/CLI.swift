import CPlatform
import Foundation
import Logging
import RemitCore
import RemitPipeline
import RemitReport

/// Turning command-line text into values, and errors into messages and exit codes.
enum CLI {
    /// Every message and listing goes to the terminal through these two: input values in
    /// them (ids, hosts, reasons quoting a record) cannot carry escape sequences there.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.of(text) + "\n").utf8))
    }

    static func printOut(_ text: String) {
        print(TerminalText.of(text))
    }

    /// A listing whose every entry is one line, whatever the values in it hold (a path from a
    /// tampered manifest, a reason quoting a server's words, a customer id in the run summary).
    static func printLines(_ lines: [String], standardError: Bool = false) {
        let text = lines.map { TerminalText.of($0, oneLine: true) }.joined(separator: "\n")
        if standardError { FileHandle.standardError.write(Data((text + "\n").utf8)) } else { print(text) }
    }

    static func fail(_ error: any Error) -> Never {
        if let error = error as? RemitError {
            printError("\(error)")
            exit(error.exitCode)
        }
        printError("internal error: \(error)")
        exit(4)
    }

    static var stderrIsTerminal: Bool { remit_stderr_is_terminal() == 1 }

    static func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec / 1000))
    }

    /// `--as-of`, else SOURCE_DATE_EPOCH, else now.
    static func asOf(_ text: String?) throws(RemitError) -> Instant {
        if let text {
            guard let instant = Instant.parse(text) else { throw .usage("--as-of must be an RFC 3339 timestamp, e.g. 2026-11-28T00:00:00Z; found \"\(text)\"") }
            return instant
        }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            // Reproducible builds' definition: a non-negative integer. Up to the last second of
            // 9999, the last an RFC 3339 timestamp (and so `--as-of`) can name.
            guard epoch.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int64(epoch), (0...253_402_300_799).contains(seconds) else {
                throw .usage("SOURCE_DATE_EPOCH must be whole seconds since 1970, from 0 to 253402300799 (9999-12-31T23:59:59Z); found \"\(epoch)\"")
            }
            return Instant(secondsSinceEpoch: seconds)
        }
        let current = now()
        return Instant(secondsSinceEpoch: current.microseconds / 1_000_000)
    }

    static func failThreshold(_ text: String?) throws(RemitError) -> FailThreshold? {
        guard let text else { return nil }
        guard let threshold = FailThreshold(text) else { throw .usage("--fail-on must be none, info, low, medium or high; found \"\(text)\"") }
        return threshold
    }

    static func formats(_ text: String) throws(RemitError) -> Set<OutputFormat> {
        var formats: Set<OutputFormat> = []
        for name in text.split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let format = OutputFormat(rawValue: trimmed) else {
                throw .usage("--formats takes html, json, csv, junit; found \"\(trimmed)\"")
            }
            formats.insert(format)
        }
        // A run that writes nothing but its manifest is a mistake, not a choice.
        guard !formats.isEmpty else { throw .usage("--formats names no output; it takes html, json, csv, junit") }
        return formats
    }

    static func bootstrapLogging(verbose: Bool, quiet: Bool) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : (quiet ? .error : .warning)
            return handler
        }
        return Logger(label: "remit")
    }
}
