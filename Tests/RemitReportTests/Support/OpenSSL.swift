import Foundation

/// The `openssl` command line, to make keys and check signatures independently of remit.
enum OpenSSL {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `openssl arguments` in `directory`; throws with its stderr when it fails.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")): " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// An Ed25519 key pair in `directory`: `<name>.pem` (PKCS#8) and `<name>.pub.pem` (SPKI).
    static func ed25519KeyPair(_ name: String, in directory: URL) throws -> (privateKey: String, publicKey: String) {
        try run(["genpkey", "-algorithm", "ed25519", "-out", "\(name).pem"], in: directory)
        try run(["pkey", "-in", "\(name).pem", "-pubout", "-out", "\(name).pub.pem"], in: directory)
        return (directory.appendingPathComponent("\(name).pem").path, directory.appendingPathComponent("\(name).pub.pem").path)
    }

    /// The raw 32-byte keys of a PEM key pair (the last 32 bytes of their DER forms).
    static func rawKeys(_ name: String, in directory: URL) throws -> (privateKey: [UInt8], publicKey: [UInt8]) {
        try run(["pkey", "-in", "\(name).pem", "-outform", "DER", "-out", "\(name).der"], in: directory)
        try run(["pkey", "-in", "\(name).pem", "-pubout", "-outform", "DER", "-out", "\(name).pub.der"], in: directory)
        let privateDER = try Data(contentsOf: directory.appendingPathComponent("\(name).der"))
        let publicDER = try Data(contentsOf: directory.appendingPathComponent("\(name).pub.der"))
        return (Array(privateDER.suffix(32)), Array(publicDER.suffix(32)))
    }
}
