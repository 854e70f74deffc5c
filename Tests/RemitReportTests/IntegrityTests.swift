import Foundation
import RemitReport
import Testing

/// manifest.json, manifest.sig and `OutputVerifier` (what `remit verify` runs), with keys
/// made by openssl as a user would make them.
@Suite("Integrity: manifest, signature, verify")
struct IntegrityTests {
    let keys: TemporaryDirectory
    let key: (privateKey: String, publicKey: String)

    init() throws {
        keys = try TemporaryDirectory()
        key = try OpenSSL.ed25519KeyPair("k", in: keys.url)
    }

    func signedRun() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let settings = OutputSettings(templates: try PageTemplates.load(), signer: try ManifestSigner(keyFile: key.privateKey))
        directory.written = try OutputWriter.write(SampleRun.report(), settings: settings, to: directory.url)
        return directory
    }

    func verify(_ directory: TemporaryDirectory, publicKey: String? = nil) throws -> OutputVerification {
        try OutputVerifier.verify(directory: directory.url.path, publicKeyFile: publicKey)
    }

    @Test func aSignedRunVerifiesWithTheKeyAndWithOpenSSL() throws {
        let directory = try signedRun()
        #expect(directory.written.suffix(2) == ["manifest.json", "manifest.sig"])
        let result = try verify(directory, publicKey: key.publicKey)
        #expect(result.isIntact, "\(result.lines)")
        #expect(result.filesChecked == directory.written.count - 2)
        #expect(result.lines.last == "verify: intact: \(result.filesChecked) files match manifest.json")
        #expect(result.notes.contains { $0.hasPrefix("signature  valid: manifest.sig signs manifest.json with the given key") })

        // The documented encoding: base64 of the raw 64-byte signature over manifest.json's bytes.
        let signature = try #require(Data(base64Encoded: try directory.text("manifest.sig").trimmingCharacters(in: .newlines)))
        #expect(signature.count == 64)
        try signature.write(to: directory.url.appendingPathComponent("sig.bin"))
        let checked = try OpenSSL.run(["pkeyutl", "-verify", "-pubin", "-inkey", key.publicKey, "-rawin",
                                       "-in", "manifest.json", "-sigfile", "sig.bin"], in: directory.url)
        #expect(checked.contains("Signature Verified Successfully"))
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("sig.bin"))

        // Without --public-key, the key the manifest names is used, and the note says so.
        let unkeyed = try verify(directory)
        #expect(unkeyed.isIntact)
        #expect(unkeyed.notes.contains { $0.contains("valid for the key named in manifest.json") })
    }

    @Test func oneChangedByteOfTheReportIsNamed() throws {
        let directory = try signedRun()
        var bytes = try directory.bytes("report.html")
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: directory.url.appendingPathComponent("report.html"))
        let result = try verify(directory, publicKey: key.publicKey)
        #expect(!result.isIntact)
        #expect(result.problems.count == 1)
        guard case .changed(let path, _, _)? = result.problems.first else {
            Issue.record("expected a changed file, got \(result.problems)")
            return
        }
        #expect(path == "report.html")
        #expect(result.lines.first?.hasPrefix("changed    report.html: manifest.json has SHA-256 ") == true)
        #expect(result.lines.last == "verify: NOT intact: 1 problem (\(result.filesChecked) files listed)")
    }

    @Test func oneEditedManifestEntryIsNamedAndBreaksTheSignature() throws {
        let directory = try signedRun()
        let manifest = try directory.text("manifest.json")
        let entry = try #require(between(manifest, "\"path\": \"evidence/cust-acme.html\", \"sha256\": \"", "\""))
        let forged = String(repeating: "0", count: 64)
        try manifest.replacingOccurrences(of: entry, with: forged)
            .write(to: directory.url.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let result = try verify(directory, publicKey: key.publicKey)
        #expect(result.problems.contains(.changed(path: "evidence/cust-acme.html", expected: forged, found: entry)))
        #expect(result.problems.contains { if case .signatureInvalid = $0 { true } else { false } })
        #expect(result.problems.count == 2)
    }

    @Test func anEditedInputDigestIsCaughtWithoutASignature() throws {
        let directory = try written(SampleRun.report())
        let manifest = try directory.text("manifest.json")
        try manifest.replacingOccurrences(of: String(repeating: "03", count: 32), with: String(repeating: "0f", count: 32))
            .write(to: directory.url.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let result = try verify(directory)
        #expect(result.problems.count == 1)
        guard case .inputMismatch(let source, _)? = result.problems.first else {
            Issue.record("expected an input mismatch, got \(result.problems)")
            return
        }
        #expect(source == "exports/egress.ndjson")
        #expect(result.notes.contains { $0.hasPrefix("signature  none") })
    }

    @Test func missingAndExtraFilesAreNamed() throws {
        let directory = try signedRun()
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("evidence/cust-beta.json"))
        try Data("x".utf8).write(to: directory.url.appendingPathComponent("evidence/notes.txt"))
        let result = try verify(directory, publicKey: key.publicKey)
        #expect(result.problems == [.missing(path: "evidence/cust-beta.json"), .extra(path: "evidence/notes.txt")])
    }

    /// Links (to a folder outside, to the folder itself, to a file) and folders no output
    /// needs are extra: remit writes neither, and a linked folder's contents go unlisted. A
    /// folder holding an extra file is not named besides it.
    @Test func linksAndStrayFoldersAreExtra() throws {
        let directory = try signedRun()
        let fm = FileManager.default
        let outside = try TemporaryDirectory()
        try Data("x".utf8).write(to: outside.url.appendingPathComponent("planted.html"))
        try fm.createSymbolicLink(atPath: directory.url.appendingPathComponent("planted").path, withDestinationPath: outside.url.path)
        try fm.createSymbolicLink(atPath: directory.url.appendingPathComponent("loop").path, withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: directory.url.appendingPathComponent("evidence/link.html").path, withDestinationPath: "cust-acme.html")
        try fm.createDirectory(at: directory.url.appendingPathComponent("empty"), withIntermediateDirectories: false)
        try fm.createDirectory(at: directory.url.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try Data("x".utf8).write(to: directory.url.appendingPathComponent("sub/x"))
        let result = try verify(directory, publicKey: key.publicKey)
        #expect(result.problems == ["empty", "evidence/link.html", "loop", "planted", "sub/x"].map { .extra(path: $0) }, "\(result.lines)")

        // A listed output swapped for a link to a copy of itself is not remit's either.
        let copy = outside.url.appendingPathComponent("findings.csv")
        try fm.moveItem(at: directory.url.appendingPathComponent("findings.csv"), to: copy)
        try fm.createSymbolicLink(atPath: directory.url.appendingPathComponent("findings.csv").path, withDestinationPath: copy.path)
        #expect(try verify(directory, publicKey: key.publicKey).problems.contains(.changed(path: "findings.csv", expected: "a file", found: "a link to \(copy.path)")))

        // So is a manifest that is a link to a copy of itself.
        let manifestCopy = outside.url.appendingPathComponent("manifest.json")
        try fm.moveItem(at: directory.url.appendingPathComponent("manifest.json"), to: manifestCopy)
        try fm.createSymbolicLink(atPath: directory.url.appendingPathComponent("manifest.json").path, withDestinationPath: manifestCopy.path)
        #expect(try verify(directory, publicKey: key.publicKey).problems.contains(.changed(path: "manifest.json", expected: "a file", found: "a link to \(manifestCopy.path)")))
    }

    /// An unsigned manifest whose `as_of` or tool version was edited disagrees with
    /// `findings.json`, which it hashes; a signature that no key can check (none given, none
    /// named in the manifest) is not taken as intact.
    @Test func anEditedHeaderOrAnUncheckableSignatureFails() throws {
        let directory = try written(SampleRun.report())
        let manifest = try directory.text("manifest.json")
        let asOf = try #require(between(manifest, "\"as_of\": \"", "\""))
        try manifest.replacingOccurrences(of: "\"as_of\": \"\(asOf)\"", with: "\"as_of\": \"2020-01-01T00:00:00Z\"")
            .replacingOccurrences(of: "\"version\": \"0.1.0\"", with: "\"version\": \"9.9.9\"")
            .write(to: directory.url.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        #expect(try verify(directory).problems == [
            .headerMismatch(field: "tool version", manifest: "9.9.9", findings: "0.1.0"),
            .headerMismatch(field: "as_of", manifest: "2020-01-01T00:00:00Z", findings: asOf),
        ])

        let unsigned = try written(SampleRun.report())
        try Data("not a signature\n".utf8).write(to: unsigned.url.appendingPathComponent("manifest.sig"))
        let result = try verify(unsigned)
        #expect(result.problems == [.signatureUnchecked])
        #expect(result.lines.first?.hasPrefix("unchecked  manifest.sig: present, but manifest.json names no signing key") == true)
        // With the key given, it is checked (and here malformed).
        #expect(try verify(unsigned, publicKey: key.publicKey).problems == [.signatureMalformed])
    }

    /// A planted file whose name is canonically equal to a listed one but not the same bytes
    /// (a Kelvin sign for "K") is another file on disk: it is named as extra.
    @Test func aPlantedFileSpelledLikeAListedOneIsExtra() throws {
        let directory = try written(SampleRun.report(), formats: [.csv])
        try Data("x".utf8).write(to: directory.url.appendingPathComponent("K.txt"))
        try Data("x".utf8).write(to: directory.url.appendingPathComponent("\u{212A}.txt"))
        let entry = #"{"path": "K.txt", "sha256": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "bytes": 1}, "#
        let manifest = try directory.text("manifest.json").replacingOccurrences(of: #""outputs": ["#, with: #""outputs": ["# + entry)
        try manifest.write(to: directory.url.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let problems = try verify(directory).problems
        // (`==` on the path would take "K.txt" for it too: the bytes say which file was named.)
        #expect(problems.map { problem -> [UInt8] in if case .extra(let path) = problem { Array(path.utf8) } else { [] } }
            == [Array("\u{212A}.txt".utf8)])
    }

    @Test func anotherKeyOrNoSignatureFails() throws {
        let directory = try signedRun()
        let other = try OpenSSL.ed25519KeyPair("other", in: keys.url)
        let wrongKey = try verify(directory, publicKey: other.publicKey)
        #expect(wrongKey.problems.count == 1)
        #expect(wrongKey.problems.contains { if case .signatureInvalid = $0 { true } else { false } })

        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("manifest.sig"))
        #expect(try verify(directory).problems == [.signatureMissing(reason: "manifest.json says the run was signed")])
        let unsigned = try written(SampleRun.report(), formats: [.json])
        #expect(try verify(unsigned, publicKey: key.publicKey).problems
            == [.signatureMissing(reason: "--public-key was given but the folder has no signature")])
    }

    @Test func rawThirtyTwoByteKeysWorkToo() throws {
        let raw = try OpenSSL.rawKeys("k", in: keys.url)
        try Data(raw.privateKey).write(to: keys.url.appendingPathComponent("k.raw"))
        try Data(raw.publicKey).write(to: keys.url.appendingPathComponent("k.pub.raw"))
        let directory = try TemporaryDirectory()
        let settings = OutputSettings(formats: [.json], templates: try PageTemplates.load(),
                                      signer: try ManifestSigner(keyFile: keys.url.appendingPathComponent("k.raw").path))
        _ = try OutputWriter.write(SampleRun.report(), settings: settings, to: directory.url)
        #expect(try verify(directory, publicKey: keys.url.appendingPathComponent("k.pub.raw").path).isIntact)
        #expect(try verify(directory, publicKey: key.publicKey).isIntact, "the raw and PEM keys are the same key")
    }

    @Test func unusableKeysAreUsageErrorsNamingTheFile() throws {
        try OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"], in: keys.url)
        try OpenSSL.run(["pkey", "-in", "k.pem", "-aes256", "-passout", "pass:x", "-out", "enc.pem"], in: keys.url)
        try Data("not a key\n".utf8).write(to: keys.url.appendingPathComponent("junk.txt"))
        let cases = ["ec.pem": "not an Ed25519 key", "enc.pem": "the key is encrypted", "junk.txt": "expected a PEM \"PRIVATE KEY\" block",
                     "absent.pem": "cannot read the file"]
        for (file, reason) in cases {
            let path = keys.url.appendingPathComponent(file).path
            #expect {
                _ = try ManifestSigner(keyFile: path)
            } throws: { error in
                guard let error = error as? ReportError, case .keyInvalid(let named, let why) = error else { return false }
                return error.isUsageError && named == path && why.contains(reason)
            }
        }
        #expect(throws: ReportError.self) { _ = try OutputVerifier.verify(directory: keys.url.path, publicKeyFile: key.privateKey) }
        #expect(throws: ReportError.self) { _ = try OutputVerifier.verify(directory: key.publicKey, publicKeyFile: nil) }
    }

    @Test(arguments: ["../findings.csv", "/etc/passwd", "evidence/../../findings.csv", "a//findings.csv", "./findings.csv",
                      "../\u{301}findings.csv"])
    func manifestEntriesOutsideTheFolderAreRefused(path: String) throws {
        let directory = try written(SampleRun.report(), formats: [.csv])
        let manifest = try directory.text("manifest.json").replacingOccurrences(of: "\"findings.csv\"", with: "\"\(path)\"")
        try manifest.write(to: directory.url.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let result = try verify(directory)
        #expect(result.problems == [.badEntry(path: path, reason: "not a relative path inside the folder"), .extra(path: "findings.csv")])
    }
}
