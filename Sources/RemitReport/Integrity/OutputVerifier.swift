import Crypto
import Foundation
import RemitCore

/// `remit verify DIR [--public-key FILE]` (SPEC "Command line"): re-checks an output folder
/// against its `manifest.json` and `manifest.sig`.
///
/// Every listed output must exist with the listed SHA-256 and size; every other file in the
/// folder (besides the manifest and its signature) is reported as extra; the inputs that
/// `findings.json` records must be those the manifest records. With a public key the
/// signature must be present and valid; without one, a signature is checked against the key
/// the manifest names, which proves integrity but not who signed.
public enum OutputVerifier {
    public static func verify(directory: String, publicKeyFile: String?) throws(ReportError) -> OutputVerification {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAnOutputFolder(directory)
        }
        let expectedKey = try publicKeyFile.map { path throws(ReportError) in try Ed25519KeyFile.publicKey(path: path) }
        let root = URL(fileURLWithPath: directory)
        var result = OutputVerification()

        // remit writes no links: a manifest or signature that is one is someone else's.
        for name in [Manifest.fileName, ManifestSigner.fileName] {
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent(name).path) {
                result.problems.append(.changed(path: name, expected: "a file", found: "a link to \(destination)"))
            }
        }
        guard let manifestBytes = read(root, Manifest.fileName) else {
            result.problems.append(.manifestMissing)
            return result
        }
        let manifest: ManifestDocument
        do { manifest = try ManifestDocument(manifestBytes) } catch {
            result.problems.append(.manifestUnreadable(reason: error.reason))
            return result
        }
        result.filesChecked = manifest.outputs.count
        checkOutputs(manifest, root: root, into: &result)
        checkExtraFiles(manifest, root: root, into: &result)
        checkInputs(manifest, root: root, into: &result)
        checkSignature(manifest, bytes: manifestBytes, root: root, expectedKey: expectedKey, into: &result)
        return result
    }

    private static func checkOutputs(_ manifest: ManifestDocument, root: URL, into result: inout OutputVerification) {
        var seen: Set<String> = []
        for entry in manifest.outputs {
            guard isPlainRelativePath(entry.path) else {
                result.problems.append(.badEntry(path: entry.path, reason: "not a relative path inside the folder"))
                continue
            }
            guard seen.insert(entry.path).inserted else {
                result.problems.append(.badEntry(path: entry.path, reason: "listed more than once"))
                continue
            }
            // remit writes no links: a listed output that is one says what someone else chose
            // it should say, however its bytes compare.
            let full = root.appendingPathComponent(entry.path).path
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                result.problems.append(.changed(path: entry.path, expected: "a file", found: "a link to \(destination)"))
                continue
            }
            guard let bytes = read(root, entry.path) else {
                result.problems.append(.missing(path: entry.path))
                continue
            }
            let digest = Digests.sha256Hex(bytes)
            if digest != entry.sha256 {
                result.problems.append(.changed(path: entry.path, expected: entry.sha256, found: digest))
            } else if bytes.count != entry.bytes {
                result.problems.append(.changed(path: entry.path, expected: "\(entry.bytes) bytes", found: "\(bytes.count) bytes"))
            }
        }
    }

    /// Everything in the folder that is not the manifest's: files, links (to files or
    /// folders, which remit never writes) and folders no listed output needs. A folder is
    /// named only when nothing inside it is: its contents say more.
    private static func checkExtraFiles(_ manifest: ManifestDocument, root: URL, into result: inout OutputVerification) {
        let entries: [String]
        do { entries = try FileManager.default.subpathsOfDirectory(atPath: root.path) } catch {
            result.problems.append(.unlisted(reason: error.localizedDescription))
            return
        }
        let foreign = OutputFolderContents.foreign(entries, in: root, manifest: manifest)
        let holders = Set(foreign.flatMap { path in
            var parents: [[UInt8]] = []
            var parent = Substring(path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                parents.append(Array(parent.utf8))
            }
            return parents
        })
        for path in foreign where !holders.contains(Array(path.utf8)) {
            result.problems.append(.extra(path: path))
        }
    }

    /// `findings.json` is hash-checked above; its inputs, tool and `as_of` must be the
    /// manifest's, so an edited input digest or date in an unsigned manifest is caught too.
    private static func checkInputs(_ manifest: ManifestDocument, root: URL, into result: inout OutputVerification) {
        guard manifest.outputs.contains(where: { $0.path == "findings.json" }),
              let bytes = read(root, "findings.json"),
              let (recorded, header) = try? ManifestDocument.inputsAndHeader(inJSON: bytes)
        else { return }
        for (field, mine, theirs) in [
            ("tool", manifest.header.tool, header.tool), ("tool version", manifest.header.version, header.version),
            ("as_of", manifest.header.asOf, header.asOf),
        ] where mine != theirs {
            result.problems.append(.headerMismatch(field: field, manifest: mine, findings: theirs))
        }
        let count = max(recorded.count, manifest.inputs.count)
        for i in 0..<count {
            let mine = i < manifest.inputs.count ? manifest.inputs[i] : nil
            let theirs = i < recorded.count ? recorded[i] : nil
            guard mine != theirs else { continue }
            let source = (mine ?? theirs)!.source
            let reason = switch (mine, theirs) {
            case (nil, _): "recorded in findings.json, not in manifest.json"
            case (_, nil): "recorded in manifest.json, not in findings.json"
            case (let a?, let b?): "manifest.json has \(a.role) SHA-256 \(a.sha256), findings.json has \(b.role) \(b.source) SHA-256 \(b.sha256)"
            }
            result.problems.append(.inputMismatch(source: source, reason: reason))
        }
    }

    private static func checkSignature(
        _ manifest: ManifestDocument, bytes: [UInt8], root: URL, expectedKey: Curve25519.Signing.PublicKey?,
        into result: inout OutputVerification
    ) {
        let named = manifest.signingKey.flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        guard let signature = read(root, ManifestSigner.fileName) else {
            if expectedKey != nil {
                result.problems.append(.signatureMissing(reason: "--public-key was given but the folder has no signature"))
            } else if manifest.signingKey != nil {
                result.problems.append(.signatureMissing(reason: "manifest.json says the run was signed"))
            } else {
                result.notes.append("signature  none: the run was not signed (set signing.key_file in the job)")
            }
            return
        }
        guard let key = expectedKey ?? named else {
            // remit names the key in every manifest it signs: a signature beside one that names
            // none was put there, or the key's name was taken out of the manifest.
            result.problems.append(.signatureUnchecked)
            return
        }
        let fingerprint = ManifestSignature.fingerprint(key)
        switch ManifestSignature.check(signatureFile: signature, manifest: bytes, publicKey: key) {
        case .malformed:
            result.problems.append(.signatureMalformed)
        case .invalid:
            result.problems.append(.signatureInvalid(keyFingerprint: fingerprint))
        case .valid where expectedKey != nil:
            result.notes.append("signature  valid: manifest.sig signs manifest.json with the given key \(fingerprint)")
        case .valid:
            result.notes.append("signature  valid for the key named in manifest.json (\(fingerprint)); "
                + "pass --public-key to check it is the key you expect")
        }
    }

    /// `a/b.html`: no empty, `.` or `..` component, not absolute, no backslash or NUL. Checked
    /// on the bytes the file system will see: a combining mark after `/` makes one `Character`
    /// of the two, so `../\u{301}x` split by `Character` was a single harmless-looking component.
    static func isPlainRelativePath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return false }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && !component.elementsEqual([UInt8(ascii: ".")]) && !component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")])
        }
    }

    private static func read(_ root: URL, _ path: String) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return FileManager.default.contents(atPath: url.path).map(Array.init)
    }
}
