import ArgumentParser
import Foundation
import Logging
import RemitCore
import RemitPipeline
import RemitReport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Reconcile observed flows against authorized scope and write the reports.")

    @Option(help: "The job file.") var config = "remit.yml"
    @Option(help: "Output folder (default: the job's `output`).") var output: String?
    @Option(name: .customLong("as-of"), help: "RFC 3339 time for every in-force check and output timestamp (default: now, or SOURCE_DATE_EPOCH).")
    var asOf: String?
    @Option(name: .customLong("fail-on"), help: "none, info, low, medium or high (default: the job's `fail_on`).") var failOn: String?
    @Flag(help: "Use only cached copies of remote sources.") var offline = false
    @Option(help: "Comma-separated outputs: html,json,csv,junit.") var formats = "html,json,csv,junit"
    @Option(help: "State folder (default: the job's `state`, or .remit beside the job).") var state: String?
    @Option(help: "A folder of HTML templates laid over the built-in ones (see Docs/templates.md).") var template: String?
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Flag(help: "Log stage timings.") var verbose = false

    /// The finished run, held until the process exits: freeing its findings, report and
    /// inputs one by one took 0.1-0.2 s of a large run, for nothing.
    nonisolated(unsafe) private static var keptToTheEnd: RunPipeline.Outcome?

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    func run() throws {
        let logger = CLI.bootstrapLogging(verbose: verbose, quiet: quiet)
        let options: RunOptions
        do {
            options = RunOptions(
                configPath: config, output: output, asOf: try CLI.asOf(asOf), failOn: try CLI.failThreshold(failOn),
                offline: offline, formats: try CLI.formats(formats), state: state, templateDirectory: template)
        } catch {
            CLI.fail(error)
        }
        do {
            let outcome = try RunPipeline.run(options, startedAt: CLI.now(), finishedAt: CLI.now, progressOnTerminal: CLI.stderrIsTerminal && !quiet, logger: logger)
            if verbose { for diagnostic in outcome.diagnostics { CLI.printError("\(diagnostic)") } }
            if !quiet { CLI.printLines(RunSummary.lines(outcome), standardError: true) }
            Self.keptToTheEnd = outcome
            throw ExitCode(outcome.exitCode)
        } catch let error as RemitError {
            CLI.fail(error)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate every input and print problems with their locations.")

    @Option(help: "The job file.") var config = "remit.yml"
    @Option(help: "State folder whose cached sources are checked (default: the job's `state`, or .remit beside the job).")
    var state: String?

    func run() throws {
        let asOf: Instant
        do { asOf = try CLI.asOf(nil) } catch { CLI.fail(error) }
        let outcome = CheckPipeline.run(configPath: config, state: state, asOf: asOf, startedAt: CLI.now())
        CLI.printLines(outcome.lines)
        throw ExitCode(outcome.exitCode)
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List past runs: date, exit code, counts, new and resolved findings.")

    @Option(help: "The job file.") var config = "remit.yml"
    @Option(help: "State folder (default: the job's `state`, or .remit beside the job).") var state: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        do {
            let listing = try HistoryListing.text(configPath: config, state: state, json: json)
            // JSON escapes control characters itself, and is data: printed as it is.
            if json { print(listing) } else { CLI.printOut(listing) }
        } catch {
            CLI.fail(error)
        }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter job that runs as it is.")

    @Argument(help: "The folder to write into (created when missing).") var directory = "."

    func run() throws {
        do {
            for path in try StarterJob.write(to: directory) { CLI.printOut("wrote \(path)") }
            CLI.printOut("next: " + StarterJob.nextCommands(for: directory))
        } catch {
            CLI.fail(error)
        }
    }
}
