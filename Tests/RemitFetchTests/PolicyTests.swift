import Testing
@testable import RemitFetch

/// The pure parts of fetching: address scopes, the hop guard, URLs, header templates.
@Suite struct PolicyTests {
    @Test(arguments: [
        ("8.8.8.8", AddressScope.public), ("93.184.216.34", .public), ("127.0.0.1", .loopback), ("127.9.9.9", .loopback),
        ("10.1.2.3", .private), ("172.16.0.1", .private), ("172.31.255.255", .private), ("172.32.0.1", .public),
        ("192.168.1.1", .private), ("100.64.0.1", .private), ("169.254.169.254", .linkLocal), ("0.0.0.0", .unspecified),
        ("224.0.0.1", .multicast), ("255.255.255.255", .multicast), ("::1", .loopback), ("::", .unspecified),
        ("fd00::1", .private), ("fe80::1", .linkLocal), ("::ffff:10.0.0.1", .private), ("::ffff:8.8.8.8", .public),
        ("2001:4860:4860::8888", .public), ("ff02::1", .multicast), ("not an address", .private),
        // Reserved IPv4 ranges, and IPv6 addresses that carry an IPv4 one, judged by it.
        ("192.0.0.8", .private), ("192.0.1.1", .public), ("198.18.0.1", .private), ("198.19.255.255", .private),
        ("198.20.0.1", .public), ("::127.0.0.1", .loopback), ("::169.254.169.254", .linkLocal), ("::8.8.8.8", .public),
        ("64:ff9b::a9fe:a9fe", .linkLocal), ("64:ff9b::7f00:1", .loopback), ("64:ff9b::808:808", .public),
        ("64:ff9b:1::a", .private), ("2002:7f00:1::", .loopback), ("2002:a00:1::1", .private), ("2002:808:808::1", .public),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .private), ("100::1", .private), ("fec0::1", .private),
        ("168.63.129.16", .private), ("168.63.129.17", .public), ("::ffff:168.63.129.16", .private),
    ])
    func addressScopes(_ address: String, _ scope: AddressScope) {
        #expect(AddressScope.of(address) == scope)
    }

    @Test func theHopGuardRefusesPublicToInternalOnly() {
        var publicOrigin = HopGuard { address, _ in AddressScope.of(address) }
        let hops = ["93.184.216.34", "8.8.8.8", "169.254.169.254"].map { publicOrigin.allowsRequest(to: $0, port: 80) }
        #expect(hops == [true, true, false])
        #expect(publicOrigin.refusal == "refused 169.254.169.254 (link-local): the source's first address is public, so it may not lead to an internal one")

        var internalOrigin = HopGuard { address, _ in AddressScope.of(address) }
        let internalHops = ["10.0.0.5", "127.0.0.1", "8.8.8.8"].map { internalOrigin.allowsRequest(to: $0, port: 80) }
        #expect(internalHops == [true, true, true])
        #expect(internalOrigin.refusal == nil)
    }

    /// A retry is judged by the source's first address, not its own: a name that resolved to
    /// a public address and now resolves to an internal one (DNS rebinding) is refused.
    @Test func theFirstAttemptDecidesTheOriginForTheRetries() {
        let pin = OriginPin()
        var first = HopGuard(classify: { _, _ in .public }, origin: pin)
        let firstAllowed = first.allowsRequest(to: "93.184.216.34", port: 443)
        var retry = HopGuard(classify: { address, _ in AddressScope.of(address) }, origin: pin)
        let retryAllowed = retry.allowsRequest(to: "127.0.0.1", port: 443)
        #expect(firstAllowed && !retryAllowed)
        #expect(retry.refusal?.hasPrefix("refused 127.0.0.1 (loopback)") == true)

        let internalPin = OriginPin()
        var internalFirst = HopGuard(classify: { address, _ in AddressScope.of(address) }, origin: internalPin)
        var internalRetry = HopGuard(classify: { address, _ in AddressScope.of(address) }, origin: internalPin)
        let internalHops = [internalFirst.allowsRequest(to: "10.0.0.5", port: 80), internalRetry.allowsRequest(to: "127.0.0.1", port: 80),
                            internalRetry.allowsRequest(to: "8.8.8.8", port: 80)]
        #expect(internalHops == [true, true, true])
    }

    /// A connection attempt decides nothing: a name whose first address is an internal port
    /// that refuses the connection, then a public one, is a public source, and a redirect to
    /// an internal address is refused (it was pinned internal by the closed port).
    @Test func onlyARequestDecidesWhereTheSourceIs() {
        var guarded = HopGuard { address, _ in AddressScope.of(address) }
        let hops = [guarded.allowsConnection(to: "127.0.0.1", port: 80), guarded.allowsConnection(to: "93.184.216.34", port: 80),
                    guarded.allowsRequest(to: "93.184.216.34", port: 80), guarded.allowsConnection(to: "169.254.169.254", port: 80)]
        #expect(hops == [true, true, true, false])
        #expect(guarded.refusal?.hasPrefix("refused 169.254.169.254 (link-local)") == true)
    }

    @Test func urlsLoseTheirCredentials() {
        #expect(SourceURL.withoutCredentials("https://u:p@host.example/x@y?q=a@b") == "https://host.example/x@y?q=a@b")
        #expect(SourceURL.withoutCredentials("https://host.example/a") == "https://host.example/a")
        #expect(SourceURL.withoutCredentials("http://token@h:8080") == "http://h:8080")
        // Credentials in the query are redacted too, whatever their case.
        #expect(SourceURL.shown("https://u:p@bucket.s3.example/list.json?X-Amz-Credential=AKIA%2F1&X-Amz-Date=20261128&X-Amz-Signature=abc123#top")
                == "https://bucket.s3.example/list.json?X-Amz-Credential=REDACTED&X-Amz-Date=20261128&X-Amz-Signature=REDACTED#top")
        #expect(SourceURL.shown("https://acct.blob.example/c/f.xml?sv=2024&SIG=s3cr3t&flag") == "https://acct.blob.example/c/f.xml?sv=2024&SIG=REDACTED&flag")
        #expect(SourceURL.shown("https://host.example/a?page=2") == "https://host.example/a?page=2")
        // Names percent-encoded, `;` between parameters, credentials in the fragment, and the
        // words such names contain.
        #expect(SourceURL.shown("https://h.example/f?X%2DAmz%2DSignature=s1;sig=s2&private_token=s3&security-token=s4#a=1&token=s5")
                == "https://h.example/f?X%2DAmz%2DSignature=REDACTED;sig=REDACTED&private_token=REDACTED&security-token=REDACTED#a=1&token=REDACTED")
        // A raw `;` or `?` inside a secret does not show its tail; a `;` piece with a name is a parameter.
        #expect(SourceURL.shown("https://h.example/f?api_key=AAA;LEAK1&x=1&token=BBB?LEAK2#t") == "https://h.example/f?api_key=REDACTED&x=1&token=REDACTED#t")
        #expect(SourceURL.shown("https://h.example/f?token=a;b;page=2") == "https://h.example/f?token=REDACTED;page=2")
        // Short names that are as often ordinary parameters tell sources apart; where a redirect
        // ended (a download link) they are credentials too.
        #expect(SourceURL.shown("https://h.example/list?code=eu&key=vendors&session=1") == "https://h.example/list?code=eu&key=vendors&session=1")
        #expect(SourceURL.shownTarget("https://h.example/dl?code=c0de&key=AIza1&session=s&page=2")
                == "https://h.example/dl?code=REDACTED&key=REDACTED&session=REDACTED&page=2")
        // A password with a raw `/` whose `@` is found in the query shows no credential, nor
        // does one with a raw `?` or `#` (which is no query), whatever follows.
        #expect(!SourceURL.shown("http://ops:pa/ss@127.0.0.1:18765/v.json?contact=ops@corp.example&api_key=S3CR3T7").contains("S3CR3T7"))
        #expect(SourceURL.shown("http://zzuser:ZZP?W5@127.0.0.1:18731/c.yml?sig=ZZSS") == "http://127.0.0.1:18731/c.yml?sig=REDACTED")
        #expect(SourceURL.shown("http://zzuser:ZZP#W5@127.0.0.1:18731/c.yml?jwt=ZZST&x=1") == "http://127.0.0.1:18731/c.yml?jwt=REDACTED&x=1")
        #expect(SourceURL.shown("http://zzuser:ZZP?token=ZZW7@127.0.0.1:18731/c.yml") == "http://127.0.0.1:18731/c.yml")
        // Parameters of a path segment too.
        #expect(SourceURL.shown("https://h.example/a;token=S8/b.json") == "https://h.example/a;token=REDACTED")
        #expect(SourceURL.withoutCredentials("catalog.json") == "catalog.json")
        // A password with a raw `/`, `?` or `#` (it should be percent-encoded) is still removed.
        #expect(SourceURL.withoutCredentials("http://u2:pa/ssLeak1@127.0.0.1:18080/x.json") == "http://127.0.0.1:18080/x.json")
        #expect(SourceURL.withoutCredentials("https://u:pa?ss@host.example/x") == "https://host.example/x")
        #expect(SourceURL.withoutCredentials("https://u:pa#ss@host.example/x") == "https://host.example/x")
        // A port, an IPv6 literal and an `@` later in a well-formed URL are left alone.
        #expect(SourceURL.withoutCredentials("https://host.example:8443/a@b") == "https://host.example:8443/a@b")
        #expect(SourceURL.withoutCredentials("https://[::1]:8443/a@b") == "https://[::1]:8443/a@b")
        #expect(SourceURL.withoutCredentials("https://[::1]/a@b") == "https://[::1]/a@b")
    }

    @Test func pathExtensions() {
        #expect(SourceURL.pathExtension("https://h/a/list.XML?x=1.json") == "xml")
        #expect(SourceURL.pathExtension("https://h/flows.ndjson#frag") == "ndjson")
        #expect(SourceURL.pathExtension("https://h/export") == "")
        #expect(SourceURL.pathExtension("https://h.example") == "")
        #expect(SourceURL.pathExtension("https://h/x.tar$gz") == "")
    }

    @Test func remoteSchemes() {
        #expect(SourceURL.isRemote("HTTPS://h/x"))
        #expect(SourceURL.isRemote("http://h/x"))
        #expect(!SourceURL.isRemote("file:///x"))
        #expect(!SourceURL.isRemote("exports/http.ndjson"))
    }

    @Test func headerTemplates() throws {
        let environment = ["TOKEN": "abc", "ORG": "acme"]
        let lines = try HeaderTemplate.lines(["X-Org": "${ORG}-$1", "Authorization": "Bearer ${TOKEN}"], environment: environment)
        #expect(lines == ["Authorization: Bearer abc", "X-Org: acme-$1"])
        #expect(throws: HeaderTemplate.Problem.self) { try HeaderTemplate.lines(["A": "${MISSING}"], environment: environment) }
        #expect(throws: HeaderTemplate.Problem.self) { try HeaderTemplate.lines(["A": "${TOKEN"], environment: environment) }
        #expect(throws: HeaderTemplate.Problem.self) { try HeaderTemplate.lines(["A": "${1X}"], environment: environment) }
        #expect(throws: HeaderTemplate.Problem.self) { try HeaderTemplate.lines(["Bad Name": "x"], environment: environment) }
        #expect(throws: HeaderTemplate.Problem.self) { try HeaderTemplate.lines(["A": "${TOKEN}"], environment: ["TOKEN": "a\r\nX-Evil: 1"]) }
        do {
            _ = try HeaderTemplate.lines(["Authorization": "Bearer ${TOKEN} ${NOPE}"], environment: environment)
        } catch {
            #expect(!error.message.contains("abc"), "an error never shows a secret")
        }
    }
}
