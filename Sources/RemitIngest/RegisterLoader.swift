public import RemitCore

/// Reads the register (SPEC "Register"): customers, their instructions and authorizations.
public enum RegisterLoader {
    /// The register's top-level keys.
    static let topLevelKeys: Set<String> = ["customers", "version"]

    public static func decode(_ root: DocNode, source: String) throws(InputError) -> (Register, [Diagnostic]) {
        let top = try Fields(root, source: source, what: "the register")
        var diagnostics = top.unknownKeys(known: topLevelKeys, in: "the register")
        let entries = try top.objects("customers") ?? []
        let ids = try entries.map { entry throws(InputError) in try entry.requiredString("id") }
        try entries.checkUniqueIDs(ids, what: "customer")
        var customers: [Customer] = []
        for entry in entries {
            customers.append(try customer(entry, &diagnostics))
        }
        return (Register(customers: customers), diagnostics)
    }

    /// Reads and decodes the register file. A JSON register is decoded one customer at a
    /// time while it is parsed, so only the customers are kept, never a tree of the whole
    /// file (21 MB of JSON made a tree of well over 100 MB). Errors are the ones `decode`
    /// gives, in the same order: the whole file is parsed before any is thrown.
    public static func load(path: String, source: String) throws(InputError) -> (register: Register, diagnostics: [Diagnostic], format: String) {
        let location = SourceLocation(source: source)
        let bytes = try FileBytes.read(path, location: location)
        try FileBytes.refuseWideEncoding(bytes[...], location: location)
        guard Document.isJSON(bytes, path: path) else {
            let document = try Document.parse(bytes, path: path, source: source)
            let (register, diagnostics) = try decode(document.root, source: source)
            return (register, diagnostics, document.format)
        }
        var entries: [Entry] = []
        let parsed: (root: DocNode, streamed: Bool)
        do {
            parsed = try bytes.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in
                try JSONParser.parse(buffer, streaming: "customers") { node in entries.append(Entry(node, source: source)) }
            }
        } catch {
            throw InputError(.unreadable, SourceLocation(source: source, line: error.line, column: error.column), "invalid JSON: \(error.reason)")
        }
        guard parsed.streamed else {
            let (register, diagnostics) = try decode(parsed.root, source: source)
            return (register, diagnostics, "json")
        }
        let top = try Fields(parsed.root, source: source, what: "the register")
        var diagnostics = top.unknownKeys(known: topLevelKeys, in: "the register")
        // As `decode` meets them: an entry that is no object, a missing id, a repeated id,
        // then the first customer that does not decode.
        for entry in entries { if case .failure(let error) = entry.fields { throw error } }
        var ids: [String] = []
        for entry in entries {
            switch entry.id {
            case .success(let id): ids.append(id)
            case .failure(let error): throw error
            }
        }
        var seen: [String: Int] = [:]
        for (index, id) in ids.enumerated() {
            if let first = seen[id] {
                throw InputError(.configuration, entries[index].location, field: "id",
                                 "customer id \"\(id)\" is repeated (first at line \(entries[first].location.line))")
            }
            seen[id] = index
        }
        var customers: [Customer] = []
        customers.reserveCapacity(entries.count)
        for entry in entries {
            switch entry.customer {
            case .success(let (customer, found)):
                customers.append(customer)
                diagnostics += found
            case .failure(let error): throw error
            }
        }
        return (Register(customers: customers), diagnostics, "json")
    }

    /// One element of `customers`, decoded as soon as it is parsed; its errors are kept to be
    /// thrown in `decode`'s order.
    private struct Entry {
        var fields: Result<Void, InputError>
        var location = SourceLocation(source: "")
        var id: Result<String, InputError> = .success("")
        var customer: Result<(Customer, [Diagnostic]), InputError> = .success((Customer(id: ""), []))

        init(_ node: DocNode, source: String) {
            let f: Fields
            do {
                f = try Fields(node, source: source, what: "each entry of `customers`")
            } catch {
                fields = .failure(error)
                return
            }
            fields = .success(())
            location = f.location
            do { id = .success(try f.requiredString("id")) } catch { id = .failure(error) }
            do {
                var diagnostics: [Diagnostic] = []
                let decoded = try RegisterLoader.customer(f, &diagnostics)
                customer = .success((decoded, diagnostics))
            } catch {
                customer = .failure(error)
            }
        }
    }

    static let customerKeys: Set<String> = [
        "id", "name", "instructions", "purposes", "data_categories", "regions", "subprocessors", "general_authorization",
    ]
    /// A warning when a lower bound (`from`, `effective`) comes after the upper bound
    /// (`until`, `expires`, a date meaning its whole day): the window holds no instant, which
    /// is a typo far more often than intent.
    static func emptyWindow(
        _ start: TimeBound?, _ end: TimeBound?, _ names: (String, String), _ entry: Fields, _ what: @autoclosure () -> String
    ) -> [Diagnostic] {
        guard let start, let end, !end.includes(upTo: start.start) else { return [] }
        return [Diagnostic(.warning, entry.locate(entry[names.0]!), "`\(names.0)` \(start) is after `\(names.1)` \(end): \(what())")]
    }

    // Made once: a large register has tens of thousands of entries, and a set for each was
    // hashed anew.
    static let instructionKeys: Set<String> = ["id", "kind", "ref", "uri", "sha256", "effective", "expires"]
    static let authorizationKeys: Set<String> = ["id", "instruction", "purposes", "data_categories", "operations", "regions", "from", "until"]
    static let generalKeys: Set<String> = ["instruction", "notice_days", "objections"]

    private static func customer(_ f: Fields, _ diagnostics: inout [Diagnostic]) throws(InputError) -> Customer {
        let id = try f.requiredString("id")
        diagnostics += f.unknownKeys(known: customerKeys, in: "customer \(id)")
        let instructionEntries = try f.objects("instructions") ?? []
        let instructionIDs = try instructionEntries.map { e throws(InputError) in try e.requiredString("id") }
        try instructionEntries.checkUniqueIDs(instructionIDs, what: "instruction")
        var instructions: [Instruction] = []
        for entry in instructionEntries {
            diagnostics += entry.unknownKeys(known: instructionKeys, in: "an instruction")
            let kindText = try entry.requiredString("kind")
            guard let kind = Instruction.Kind(rawValue: kindText) else {
                throw InputError(.configuration, entry.locate(entry["kind"]!), field: "kind",
                                 "unknown instruction kind \"\(kindText)\" (expected \(Instruction.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let instructionID = try entry.requiredString("id")
            let effective = try entry.time("effective"), expires = try entry.time("expires")
            diagnostics += Self.emptyWindow(effective, expires, ("effective", "expires"), entry,
                                            "instruction \(instructionID) of customer \(id) is never in force")
            instructions.append(Instruction(
                id: instructionID, kind: kind, ref: try entry.string("ref"), uri: try entry.string("uri"),
                sha256: try entry.string("sha256"), effective: effective, expires: expires,
                location: entry.location
            ))
        }

        let authorizationEntries = try f.objects("subprocessors") ?? []
        let authorizationIDs = try authorizationEntries.map { e throws(InputError) in try e.requiredString("id") }
        try authorizationEntries.checkUniqueIDs(authorizationIDs, what: "subprocessor authorization")
        var authorizations: [Authorization] = []
        for entry in authorizationEntries {
            diagnostics += entry.unknownKeys(known: authorizationKeys, in: "an authorization")
            let subprocessorID = try entry.requiredString("id")
            let from = try entry.time("from"), until = try entry.time("until")
            diagnostics += Self.emptyWindow(from, until, ("from", "until"), entry,
                                            "the authorization of \(subprocessorID) for customer \(id) allows no time: every flow of the pair is OUTSIDE_AUTHORIZATION_WINDOW")
            authorizations.append(Authorization(
                id: subprocessorID, instruction: try entry.string("instruction"),
                purposes: try entry.strings("purposes"), dataCategories: try entry.strings("data_categories"),
                operations: try entry.strings("operations"), regions: try entry.strings("regions"),
                from: from, until: until, location: entry.location
            ))
        }

        var general: GeneralAuthorization?
        if let g = try f.object("general_authorization") {
            diagnostics += g.unknownKeys(known: generalKeys, in: "a general authorization")
            general = GeneralAuthorization(
                instruction: try g.string("instruction"), noticeDays: try g.int("notice_days", range: 0...3650) ?? 0,
                objections: try g.strings("objections") ?? [], location: g.location
            )
            if f["purposes"] == nil || f["data_categories"] == nil {
                diagnostics.append(Diagnostic(.warning, g.location,
                    "customer \(id) has a general authorization but no customer-wide `purposes` or `data_categories`: it authorizes nothing on that dimension"))
            }
            for authorization in authorizations where general?.objections.contains(authorization.id) == true {
                diagnostics.append(Diagnostic(.warning, authorization.location ?? g.location,
                    "customer \(id) objected to \(authorization.id) but also authorizes it explicitly; the explicit entry applies"))
            }
        }

        return Customer(
            id: id, name: try f.string("name"), instructions: instructions, purposes: try f.strings("purposes"),
            dataCategories: try f.strings("data_categories"), regions: try f.strings("regions"),
            subprocessors: authorizations, generalAuthorization: general, location: f.location
        )
    }
}
