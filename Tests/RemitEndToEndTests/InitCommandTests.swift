import Foundation
import Testing

/// `remit init DIR` (SPEC "Command line"): a commented starter job that runs as it is.
@Suite struct InitCommandTests {
    @Test func theStarterJobPassesCheckAndRunsAndTheHintCanBePasted() throws {
        let job = try JobFolder()
        let result = try job.run(["init", "new job/it's here"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("wrote new job/it's here/") }.count == 6, "\(result.stdout)")
        // The folder holds a space and a quote: the hint quotes it for the shell.
        let config = #"'new job/it'\''s here/remit.yml'"#
        #expect(lines.last == "next: remit check --config \(config) && remit run --config \(config)")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "printf '%s' \(config)"]
        shell.currentDirectoryURL = job.url
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        shell.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "new job/it's here/remit.yml")

        let check = try job.run(["check", "--config", "new job/it's here/remit.yml"])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        let run = try job.run(["run", "--config", "new job/it's here/remit.yml", "--as-of", "2026-11-28T00:00:00Z"])
        #expect(run.exitCode == 0 || run.exitCode == 1, "\(run.stdout)\(run.stderr)")
    }

    @Test func initRefusesAFileAndAFolderThatHoldsAJob() throws {
        let job = try JobFolder()
        try job.write("afile", "not a folder\n")
        let file = try job.run(["init", "afile"])
        #expect(file.exitCode == 2)
        #expect(file.stderr.contains("afile exists and is not a folder"), "\(file.stderr)")
        #expect(try job.run(["init", "starter"]).exitCode == 0)
        let again = try job.run(["init", "starter"])
        #expect(again.exitCode == 2)
        #expect(again.stderr.contains("starter/remit.yml already exists"), "\(again.stderr)")
    }
}
