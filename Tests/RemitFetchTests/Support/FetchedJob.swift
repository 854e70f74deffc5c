import Foundation

/// A small job whose catalog and flows come from the loopback test server; the register is
/// a local file named by a `file://` URL.
struct FetchedJob {
    static let vendors = """
        {"subprocessors": [
          {"id": "sp-mailer", "name": "Mailer Inc.", "purposes": ["service.delivery.notifications"],
           "data_categories": ["user.contact.email"], "endpoints": ["api.mailer.example"], "listed_since": "2025-01-01"}
        ]}
        """

    static let mailerList = """
        <subprocessors xmlns="urn:remit:catalog:1">
          <subprocessor name="Mailer Inc." listed_since="2025-01-01">
            <purpose>service.delivery.notifications</purpose>
            <category>user.contact.email</category>
          </subprocessor>
        </subprocessors>
        """

    static let flows = """
        {"id": "f-1", "ts": "2026-11-20T10:00:00Z", "customer": "cust-acme", "destination": "api.mailer.example", "purpose": "service.delivery.notifications", "data_categories": ["user.contact.email"]}
        {"id": "f-2", "ts": "2026-11-21T10:00:00Z", "customer": "cust-acme", "subprocessor": "sp-mailer", "purpose": "service.delivery.notifications"}
        """

    static let register = """
        customers:
          - id: cust-acme
            name: Acme Corp
            instructions:
              - { id: acme-dpa, kind: dpa, ref: "DPA v3", effective: 2025-01-01 }
            purposes: [service]
            data_categories: [user]
            subprocessors:
              - id: sp-mailer
                instruction: acme-dpa
                purposes: [service.delivery.notifications]
                data_categories: [user.contact.email]
        """

    let folder: Scratch
    let vendorsURL: String
    let mailerURL: String
    let flowsURL: String

    /// Writes the job into a new folder; the server serves its remote sources.
    init(server: TestServer, base: String? = nil) throws {
        folder = try Scratch()
        try server.serve("vendors.json", Self.vendors)
        try server.serve("mailer.xml", Self.mailerList)
        try server.serve("egress.ndjson", Self.flows)
        let root = base ?? "http://127.0.0.1:\(server.ports.http)"
        vendorsURL = "\(root)/seq/auth/vendors.json"
        mailerURL = "\(root)/seq/ok/mailer.xml"
        flowsURL = "\(root)/seq/ok/egress.ndjson"
        try folder.write("register.yml", Self.register)
        try folder.write("remit.yml", """
            version: 1
            register: file://\(folder.path("register.yml"))
            catalog:
              - source: \(vendorsURL)
                headers: { Authorization: "Bearer ${VENDOR_TOKEN}" }
              - source: \(mailerURL)
                subprocessor: sp-mailer
            flows:
              - source: \(flowsURL)
            fail_on: high
            output: out
            fetch: { timeout_s: 5, retries: 1 }
            """)
    }

    /// The line of remit.yml that names `source`.
    func line(of source: String) throws -> Int {
        let lines = try folder.read("remit.yml").split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(source) } ?? -1) + 1
    }

    func run(_ extra: [String] = [], token: String) throws -> RemitProcess.Result {
        try RemitProcess.run(["run", "--config", "remit.yml", "--as-of", "2026-11-28T00:00:00Z"] + extra, in: folder,
                             environment: ["VENDOR_TOKEN": token])
    }
}
