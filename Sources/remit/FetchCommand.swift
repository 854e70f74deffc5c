import ArgumentParser
import Foundation
import RemitPipeline

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Refresh the cache of the job's http(s) sources, and nothing else.")

    @Option(help: "The job file.") var config = "remit.yml"
    @Option(help: "State folder (default: the job's `state`, or .remit beside the job).") var state: String?

    func run() throws {
        do {
            let outcome = try FetchPipeline.run(configPath: config, state: state, startedAt: CLI.now())
            CLI.printLines(outcome.lines)
            throw ExitCode(outcome.exitCode)
        } catch let error as RemitError {
            CLI.fail(error)
        }
    }
}
