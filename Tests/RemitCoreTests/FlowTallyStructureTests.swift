import RemitCore
import Testing

/// The structures of the reconciliation hot path (issue #7), through their public faces: the
/// symbol table under many colliding slots, and per-pair bitsets when a dimension has more
/// values than one 64-bit word holds (the overflow lists), alone and merged across tallies.
@Suite struct FlowTallyStructureTests {
    @Test func symbolsKeepEveryDistinctTextApartUnderCollisions() {
        var symbols = Symbols()
        #expect(symbols.intern("") == 0)
        // Many texts of equal length sharing long prefixes: slots collide and probe on,
        // the table grows several times, and the byte comparison must see the last bytes.
        var texts: [String] = []
        for i in 0..<40_000 { texts.append("customer-with-a-long-shared-prefix-\(String(i, radix: 36))") }
        for i in 0..<2_000 { texts.append(String(repeating: "x", count: i % 40) + "\(i)") }
        texts += ["a", "b", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", "😀", "é"]
        var ids: [Int32] = []
        for text in texts { ids.append(symbols.intern(text)) }
        #expect(Set(ids).count == texts.count)
        for (text, id) in zip(texts, ids) {
            #expect(symbols.intern(text) == id)
            #expect(symbols.string(id) == text)
        }
        #expect(symbols.count == texts.count + 1)
        // Bytes and strings agree, and canonically equivalent texts share one id.
        var bytes = Array("customer-with-a-long-shared-prefix-zz".utf8)
        let fromBytes = bytes.withUnsafeMutableBytes { symbols.intern(UnsafeRawBufferPointer($0)) }
        #expect(fromBytes == symbols.intern("customer-with-a-long-shared-prefix-zz"))
        #expect(symbols.intern("cafe\u{301}") == symbols.intern("café"))
    }

    /// Flows of one approved pair that name more than 64 distinct values in every dimension,
    /// allowed and refused ones on both sides of the 64th.
    static func manyValues() -> [FlowRecord] {
        var flows: [FlowRecord] = []
        for i in 0..<150 {
            flows.append(Fixture.flow("f-\(i)", line: i + 1) {
                // Even: inside the authorization; odd: outside it.
                $0.purpose = i % 2 == 0 ? "service.delivery.notifications.p\(i)" : "service.support.p\(i)"
                $0.dataCategories = i % 2 == 0 ? ["user.contact.email.c\(i)", "user.name"] : ["user.contact.c\(i)"]
                $0.region = i == 149 ? "DE" : "X\(i)"
                $0.operation = i % 2 == 0 ? "store.o\(i)" : "use.o\(i)"
                $0.system = "sys-\(i)"
            })
        }
        return flows
    }

    @Test func bitsetsPastSixtyFourValuesObserveAndJudgeEveryValue() throws {
        let outcome = Fixture().run(Self.manyValues())
        for i in 0..<150 {
            let refused = i % 2 == 1
            #expect(outcome.has(.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "service.support.p\(i)") == refused)
            #expect(outcome.has(.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.contact.c\(i)") == refused)
            #expect(outcome.has(.operationNotAuthorized, "cust-acme", "sp-mailer", .operation, "use.o\(i)") == refused)
            #expect(!outcome.has(.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "service.delivery.notifications.p\(i)"))
            #expect(!outcome.has(.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.contact.email.c\(i)"))
            if i < 149 { #expect(outcome.has(.regionNotAuthorized, "cust-acme", "sp-mailer", .region, "X\(i)")) }
        }
        #expect(!outcome.has(.regionNotAuthorized, "cust-acme", "sp-mailer", .region, "DE"))
        #expect(!outcome.has(.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.name"))
        let observed = try #require(outcome.reconciliation.observations[Pair(customer: "cust-acme", subprocessor: "sp-mailer")])
        let flows = Self.manyValues()
        #expect(observed.flows == 150)
        #expect(observed.purposes == Set(flows.compactMap(\.purpose)))
        #expect(observed.dataCategories == Set(flows.flatMap(\.dataCategories)))
        #expect(observed.regions == Set(flows.compactMap(\.region)))
        #expect(observed.operations == Set(flows.compactMap(\.operation)))
        #expect(observed.systems == Set(flows.compactMap(\.system)))
        #expect(observed.firstSeen == instant("2026-11-27T01:02:03Z"))
    }

    /// Two tallies (as two threads fill them) merged give what one gives: values first seen
    /// on either side of the 64th, in either tally, with their verdicts.
    @Test func mergedTalliesGiveTheSingleTallyResult() throws {
        let fixture = Fixture()
        let flows = Self.manyValues()
        let single = fixture.run(flows)
        var first = FlowTally(context: fixture.context, source: "exports/egress.ndjson")
        var second = FlowTally(context: fixture.context, source: "exports/egress.ndjson")
        // The second tally sees the later values first, so its dense indices differ.
        for flow in flows[..<70] { first.add(flow) }
        for flow in flows[70...].reversed() { second.add(flow) }
        first.merge(second)
        var reconciler = Reconciler(context: fixture.context)
        reconciler.absorb(first)
        let merged = Outcome(reconciler.finish())
        #expect(merged.keys == single.keys)
        for finding in single.findings {
            let other = try #require(merged.byKey[finding.key])
            #expect(other.flows == finding.flows)
            #expect(other.firstSeen == finding.firstSeen)
        }
        let pair = Pair(customer: "cust-acme", subprocessor: "sp-mailer")
        let a = try #require(single.reconciliation.observations[pair]), b = try #require(merged.reconciliation.observations[pair])
        #expect(a.flows == b.flows && a.purposes == b.purposes && a.dataCategories == b.dataCategories)
        #expect(a.regions == b.regions && a.operations == b.operations && a.systems == b.systems)
        #expect(single.reconciliation.seen == merged.reconciliation.seen)
    }
}
