import Foundation
import Testing

/// Each run replaces its whole output folder (written beside it, swapped in whole). So a
/// folder that holds anything but an earlier run's outputs, or the job, or the state, is
/// refused before any work (exit 2), and a run that cannot be recorded in history leaves the
/// previous outputs in place (exit 4).
@Suite struct OutputFolderTests {
    func run(_ job: JobFolder, _ extra: [String] = [], asOf: String = "2026-11-28T00:00:00Z") throws -> RemitBinary.Result {
        try job.run(["run", "--config", "remit.yml", "--as-of", asOf] + extra)
    }

    @Test func theJobFolderIsNeverAnOutputFolder() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let before = try FileManager.default.contentsOfDirectory(atPath: job.path(".")).sorted()
        for output in [".", job.path("."), ".."] {
            let result = try run(job, ["--output", output])
            #expect(result.exitCode == 2, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("holds the job file"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: job.path(".")).sorted() == before)
        #expect(try job.read("remit.yml").count > 0)
    }

    @Test func aFolderWithFilesOfSomeoneElsesIsRefusedAndKept() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("out/README.txt", "notes of the vendor-management team")
        try job.write("out/evidence/.keep", "")
        let refused = try run(job)
        #expect(refused.exitCode == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("holds files that are not an earlier run's outputs (README.txt, evidence/.keep)"), "\(refused.stderr)")
        #expect(try job.read("out/README.txt") == Data("notes of the vendor-management team".utf8))
        #expect(!FileManager.default.fileExists(atPath: job.path("out/findings.json")))

        // Once it holds nothing of anyone else's, runs replace their own outputs night after night.
        try FileManager.default.removeItem(atPath: job.path("out/README.txt"))
        try FileManager.default.removeItem(atPath: job.path("out/evidence/.keep"))
        #expect(try run(job, asOf: "2026-11-27T00:00:00Z").exitCode == 1)
        #expect(try run(job).exitCode == 1)
        #expect(try job.run(["verify", "out"]).exitCode == 0)

        // A file planted among them, even in `evidence/`, is not thrown away either.
        try job.write("out/evidence/planted.html", "<p>not remit's</p>")
        let planted = try run(job, asOf: "2026-11-29T00:00:00Z")
        #expect(planted.exitCode == 2, "\(planted.stderr)")
        #expect(planted.stderr.contains("(evidence/planted.html)"), "\(planted.stderr)")
        #expect(try job.read("out/evidence/planted.html") == Data("<p>not remit's</p>".utf8))
        #expect(try (job.findings()["as_of"] as? String) == "2026-11-28T00:00:00Z")
    }

    @Test func theStateFolderIsNeverInsideTheOutputFolder() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let result = try run(job, ["--state", "out/state"])
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(result.stderr.contains("holds the state folder"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.path("out")))
    }

    /// Links are followed: a state folder not made yet under a linked output folder is still
    /// inside it, and a linked output folder is checked, and replaced, where it points.
    @Test func linksLeadWhereTheyPoint() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        let fm = FileManager.default
        try fm.createDirectory(atPath: job.path("real/o"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: job.path("lnk"), withDestinationPath: job.path("real"))
        let state = try run(job, ["--output", "lnk/o", "--state", "lnk/o/.remit"])
        #expect(state.exitCode == 2 && state.stderr.contains("holds the state folder"), "\(state.stderr)")

        try job.write("real/o/notes.txt", "keep")
        try fm.createSymbolicLink(atPath: job.path("out-link"), withDestinationPath: job.path("real/o"))
        let foreign = try run(job, ["--output", "out-link"])
        #expect(foreign.exitCode == 2 && foreign.stderr.contains("(notes.txt)"), "\(foreign.stderr)")
        #expect(try job.read("real/o/notes.txt") == Data("keep".utf8))

        try fm.removeItem(atPath: job.path("real/o/notes.txt"))
        #expect(try run(job, ["--output", "out-link"]).exitCode == 1)
        #expect(try run(job, ["--output", "out-link"], asOf: "2026-11-29T00:00:00Z").exitCode == 1)
        #expect(try fm.destinationOfSymbolicLink(atPath: job.path("out-link")) == job.path("real/o"), "the link is kept")
        #expect(try job.findings("real/o")["as_of"] as? String == "2026-11-29T00:00:00Z")

        // `..` after a link climbs from where the link points, as the system resolves it.
        try fm.createSymbolicLink(atPath: job.path("into-evidence"), withDestinationPath: job.path("real/o/evidence"))
        let climbed = try run(job, ["--output", "out-link", "--state", "into-evidence/../st"])
        #expect(climbed.exitCode == 2 && climbed.stderr.contains("holds the state folder"), "\(climbed.stderr)")
        // A link to nothing is refused before any work.
        try fm.createSymbolicLink(atPath: job.path("dangling"), withDestinationPath: job.path("nowhere/o"))
        let dangling = try run(job, ["--output", "dangling"])
        #expect(dangling.exitCode == 2 && dangling.stderr.contains("which does not exist"), "\(dangling.stderr)")
    }

    /// The history cannot take the run (here a trigger refuses the insert, as a full disk
    /// would): the run exits 4, and the outputs and the history are last night's.
    @Test func aRunThatCannotBeRecordedLeavesThePreviousOutputs() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        #expect(try run(job, asOf: "2026-11-27T00:00:00Z").exitCode == 1)
        let manifest = try job.read("out/manifest.json")
        let sqlite = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TRIGGER refuse BEFORE INSERT ON run BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            db.commit()
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", sqlite, job.path(".remit/history.sqlite")]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)

        let failed = try run(job)
        #expect(failed.exitCode == 4, "\(failed.stderr)")
        #expect(failed.stderr.contains("cannot record the run in history"), "\(failed.stderr)")
        #expect(try job.read("out/manifest.json") == manifest)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: job.path(".")).filter { $0.contains("remit-tmp") || $0.contains("remit-old") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Two runs may share an output folder (two jobs, or one job with two state folders, whose
    /// state locks do not meet). A temporary folder beside the output that another process
    /// holds is that run's, being written, and stays; one nobody holds is a killed run's, and
    /// goes.
    @Test func anotherRunsTemporaryFolderIsLeftAlone() throws {
        let job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write(".out.remit-tmp-999999991/report.html", "being written")
        try job.write(".out.remit-tmp-999999992/report.html", "left by a killed run")
        let fd = open(job.path(".out.remit-tmp-999999991"), O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let result = try run(job)
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(String(decoding: try job.read(".out.remit-tmp-999999991/report.html"), as: UTF8.self) == "being written")
        #expect(!FileManager.default.fileExists(atPath: job.path(".out.remit-tmp-999999992")))
        #expect(FileManager.default.fileExists(atPath: job.path("out/manifest.json")))
    }
}
