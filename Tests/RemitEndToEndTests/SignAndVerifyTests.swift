import Foundation
import Testing

/// `signing.key_file` and `remit verify` on the built binary, with a key made by openssl as
/// the README tells users to make one.
@Suite struct SignAndVerifyTests {
    let job: JobFolder

    init() throws {
        job = try JobFolder()
        try SmallJob.write(to: job)
        try job.write("remit.yml", SmallJob.config + "\nsigning: { key_file: keys/k.pem }\n")
        try FileManager.default.createDirectory(atPath: job.path("keys"), withIntermediateDirectories: true)
        try openssl(["genpkey", "-algorithm", "ed25519", "-out", "keys/k.pem"])
        try openssl(["pkey", "-in", "keys/k.pem", "-pubout", "-out", "keys/k.pub.pem"])
    }

    func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = job.url
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments)")
    }

    func verify(_ extra: [String] = ["--public-key", "keys/k.pub.pem"]) throws -> RemitBinary.Result {
        try job.run(["verify", "out"] + extra)
    }

    @Test func aSignedRunVerifiesAndATamperedOneIsNamed() throws {
        #expect(try job.runJob().exitCode == 1)
        #expect(FileManager.default.fileExists(atPath: job.path("out/manifest.sig")))
        let intact = try verify()
        #expect(intact.exitCode == 0, "\(intact.stdout)\(intact.stderr)")
        #expect(intact.stdout.contains("signature  valid"))
        #expect(intact.stdout.hasSuffix("files match manifest.json\n"))

        var report = Array(try job.read("out/report.html"))
        report[100] ^= 0x20
        try job.write("out/report.html", bytes: report)
        let changed = try verify()
        #expect(changed.exitCode == 1)
        #expect(changed.stdout.hasPrefix("changed    report.html: manifest.json has SHA-256 "))
        #expect(changed.stdout.contains("verify: NOT intact: 1 problem"))
    }

    @Test func anEditedManifestEntryFailsNamingItsFile() throws {
        _ = try job.runJob()
        let manifest = String(decoding: try job.read("out/manifest.json"), as: UTF8.self)
        let marker = "\"path\": \"junit.xml\", \"sha256\": \""
        let start = try #require(manifest.range(of: marker))
        let digest = manifest[start.upperBound...].prefix(64)
        try job.write("out/manifest.json", manifest.replacingOccurrences(of: String(digest), with: String(repeating: "f", count: 64)))
        let result = try verify()
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("changed    junit.xml: manifest.json has SHA-256 ffff"))
        #expect(result.stdout.contains("the signature does not match manifest.json"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try job.run(["verify", "no-such-folder"]).exitCode == 2)
        #expect(try job.run(["verify"]).exitCode == 2)
        _ = try job.runJob()
        let badKey = try verify(["--public-key", "remit.yml"])
        #expect(badKey.exitCode == 2)
        #expect(badKey.stderr.contains("key remit.yml: expected a PEM \"PUBLIC KEY\" block"))
    }

    @Test func aBadSigningKeyStopsTheRunBeforeOutputs() throws {
        try job.write("keys/k.pem", "not a key\n")
        let result = try job.runJob()
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("remit.yml: signing.key_file: key keys/k.pem"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job.path("out")))
        // `remit check` reads the key as the run does: it does not pass a job the run refuses.
        for key in ["not a key\n", nil] {
            if let key { try job.write("keys/k.pem", key) } else { try FileManager.default.removeItem(atPath: job.path("keys/k.pem")) }
            let check = try job.run(["check", "--config", "remit.yml"])
            #expect(check.exitCode == 2, "\(check.stdout)\(check.stderr)")
            #expect((check.stdout + check.stderr).contains("remit.yml: signing.key_file: key keys/k.pem"), "\(check.stdout)\(check.stderr)")
        }
    }

    @Test func ownTemplatesWithTemplateOption() throws {
        try job.write("brand/style.css", "body { font-family: Georgia, serif; }\n")
        #expect(try job.runJob(["--template", "brand"]).exitCode == 1)
        let html = String(decoding: try job.read("out/report.html"), as: UTF8.self)
        #expect(html.contains("<style>body { font-family: Georgia, serif; }\n</style>"))
        #expect(try verify().exitCode == 0)
        let missing = try job.runJob(["--template", "no-such-folder", "--output", "other"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("template no-such-folder: cannot read the folder"))
        // A template that would print a customer's name unescaped: refused, the outputs left as they were.
        let before = try job.read("out/report.html")
        try job.write("unescaped/evidence.mustache", "{{> head}}<body><h1>{{#customerName}}{{{.}}}{{/customerName}}</h1></body></html>\n")
        let unescaped = try job.runJob(["--template", "unescaped"])
        #expect(unescaped.exitCode == 2)
        #expect(unescaped.stderr.contains("unescaped/evidence.mustache: {{{.}}} would print a value without HTML escaping"), "\(unescaped.stderr)")
        #expect(try job.read("out/report.html") == before)
    }
}
