/// A small but complete job used by the end-to-end tests: two customers (one explicit,
/// one on general authorization), four subprocessors, flows in NDJSON and XML.
enum SmallJob {
    static let config = """
        version: 1
        register: register.yml
        catalog:
          - source: catalog.json
        flows:
          - source: flows.ndjson
          - source: flows.xml
        mappings: mappings.yml
        exceptions: exceptions.yml
        fail_on: high
        output: out
        """

    static let register = """
        customers:
          - id: cust-acme
            name: Acme Corp
            instructions:
              - { id: acme-dpa, kind: dpa, ref: "DPA v3, Annex 1", effective: 2025-03-01, expires: 2027-03-01 }
            purposes: [service]
            data_categories: [user.contact, user.name, user.identifier]
            regions: [EEA]
            subprocessors:
              - id: sp-mailer
                instruction: acme-dpa
                purposes: [service.delivery.notifications]
                data_categories: [user.contact.email, user.name]
                operations: [transfer, store]
                until: 2026-11-26
              - id: sp-backup
                instruction: acme-dpa
                purposes: [service.operations.backup]
                data_categories: [user.contact]
          - id: cust-beta
            name: Beta GmbH
            instructions:
              - { id: beta-dpa, kind: dpa, ref: "DPA 2024", effective: 2024-01-01 }
            purposes: [service]
            data_categories: [user]
            regions: [EU]
            general_authorization:
              instruction: beta-dpa
              notice_days: 30
              objections: [sp-tracker]
        """

    static let catalog = """
        {"subprocessors": [
          {"id": "sp-mailer", "name": "Mailer Inc.", "purposes": ["service.delivery.notifications"],
           "data_categories": ["user.contact.email", "user.name"], "regions": ["IE"],
           "endpoints": ["api.mailer.example", "*.mailer-cdn.example"], "listed_since": "2025-01-01"},
          {"id": "sp-backup", "name": "Backup AG", "purposes": ["service.operations.backup"], "regions": ["DE"],
           "endpoints": ["vault.backup.example"], "listed_since": "2025-01-01"},
          {"id": "sp-tracker", "name": "Tracker Ltd", "purposes": ["service.operations.logging"], "regions": ["US"],
           "endpoints": ["ingest.tracker.example"], "listed_since": "2025-01-01"},
          {"id": "sp-new", "name": "New Vendor", "purposes": ["service.support", "improve.ml_training"], "regions": ["DE", "SG"],
           "endpoints": ["api.new.example"], "listed_since": "2026-11-15"}
        ]}
        """

    static let flows = """
        {"id": "f-1", "ts": "2026-11-20T10:00:00Z", "customer": "cust-acme", "destination": "https://User:pw@API.Mailer.Example:443/v3/send?x=1", "purpose": "service.delivery.notifications", "data_categories": ["user.contact.email"], "region": "DE", "records": 10, "bytes": 100}
        {"id": "f-2", "ts": "2026-11-21T10:00:00Z", "customer": "cust-acme", "destination": "eu.mailer-cdn.example", "system": "notify-svc", "data_categories": ["user.contact.email", "user.content"], "region": "de", "count": 250, "records": 500, "bytes": 5000}
        {"id": "f-3", "ts": "2026-11-27T10:00:00Z", "customer": "cust-acme", "subprocessor": "sp-mailer", "purpose": "improve.ml_training", "data_categories": ["user.contact.email"], "region": "US-CA", "operation": "analyze"}
        {"id": "f-4", "ts": "2026-11-22T10:00:00Z", "customer": "cust-beta", "destination": "ingest.tracker.example", "purpose": "service.operations.logging", "region": "US"}
        {"id": "f-5", "ts": "2026-11-22T10:00:00Z", "customer": "cust-beta", "destination": "collector.unknown.example:8443", "purpose": "service"}
        {"id": "f-6", "ts": "2026-11-22T10:00:00Z", "customer": "cust-zeta", "destination": "api.mailer.example"}
        {"id": "f-7", "ts": "2026-11-22T10:00:00Z", "destination": "api.mailer.example", "purpose": "service"}
        {"id": "f-8", "customer": "cust-acme", "destination": "api.mailer.example", "count": "12"}
        this is not json
        {"id": "f-10", "ts": "2026-11-20T00:00:00Z", "customer": "cust-beta", "destination": "api.new.example", "purpose": "service.support", "data_categories": ["user.contact.email"], "region": "DE"}
        """

    static let xmlFlows = """
        <?xml version="1.0" encoding="UTF-8"?>
        <flows xmlns="urn:remit:flows:1">
          <flow id="x-1" ts="2026-11-23T10:00:00Z" customer="cust-beta" destination="api.mailer.example"
                purpose="service.delivery.notifications" region="FR" records="3" bytes="30">
            <category>user.contact.email</category>
            <category>user.contact.pager</category>
          </flow>
          <flow id="x-2" ts="2026-11-23T11:00:00Z" customer="cust-beta" subprocessor="sp-mailer" system="multi-svc" region="FR"/>
        </flows>
        """

    static let mappings = """
        systems:
          notify-svc: { purposes: [service.delivery.notifications] }
          multi-svc: { purposes: [service.support, service.billing] }
        """

    static let exceptions = """
        exceptions:
          - id: EXC-1
            match: { kind: REGION_NOT_AUTHORIZED, customer: cust-acme, subprocessor: sp-mailer, value: us-ca }
            reason: "Migration to EU region, change order CO-7"
            instruction_ref: CO-7
            approved_by: privacy-office
            expires: 2027-01-31
          - id: EXC-OLD
            match: { kind: UNKNOWN_DESTINATION, customer: cust-beta }
            reason: "Old pilot"
            approved_by: privacy-office
            expires: 2026-06-30
        """

    static func write(to folder: JobFolder) throws {
        try folder.write("remit.yml", config)
        try folder.write("register.yml", register)
        try folder.write("catalog.json", catalog)
        try folder.write("flows.ndjson", flows)
        try folder.write("flows.xml", xmlFlows)
        try folder.write("mappings.yml", mappings)
        try folder.write("exceptions.yml", exceptions)
    }
}
