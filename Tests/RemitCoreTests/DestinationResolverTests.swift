import RemitCore
import Testing

/// SPEC "Catalog", endpoint patterns: exact catalog endpoint, then the longest catalog
/// wildcard, then `mappings.destinations` in order; hosts case-insensitive.
@Suite struct DestinationResolverTests {
    @Test(arguments: [
        ("https://U:P@API.Mailer.Example:8443/x?y", "api.mailer.example"),
        ("API.MAILER.EXAMPLE", "api.mailer.example"),
        ("api.mailer.example:443", "api.mailer.example"),
        ("http://api.mailer.example/path#frag", "api.mailer.example"),
        ("https://api.mailer.example?q=http://other.example/", "api.mailer.example"),
        ("api.mailer.example.", "api.mailer.example"),
        ("  api.mailer.example  ", "api.mailer.example"),
        ("user@host.example", "host.example"),
        ("s3://bucket.s3.amazonaws.com/key", "bucket.s3.amazonaws.com"),
        ("https://[2001:DB8::1]:8443/x", "2001:db8::1"),
        // A combining mark after a delimiter does not hide it (one Character with it).
        ("https://evil.example/\u{301}.stripe.com", "evil.example"),
        ("https://evil.example?\u{301}.stripe.com", "evil.example"),
        ("https://evil.example#\u{301}.stripe.com", "evil.example"),
        ("https://u@\u{301}evil.example/x", "\u{301}evil.example"),
        ("HTTPS://ÉXAMPLE.Example./p", "éxample.example"),
        // A URL in the path, query or fragment of a destination without a scheme is not its host.
        ("evil.example/cb?next=https://api.good.example/", "evil.example"),
        ("evil.example/x://api.good.example", "evil.example"),
        ("evil.example#https://api.good.example", "evil.example"),
        ("evil.example:443/cb?next=https://api.good.example/", "evil.example"),
        ("evil.example?u=a@api.good.example", "evil.example"),
        ("git+ssh://git.example/repo", "git.example"),
        ("1evil.example://api.good.example", "1evil.example"),
        ("evil.example://api.good.example", "evil.example"),
        // Any word before `://` is a scheme: Kafka's listener names are not RFC 3986 schemes.
        ("SASL_SSL://pkc-1.eu-west-1.aws.confluent.cloud:9092", "pkc-1.eu-west-1.aws.confluent.cloud"),
        ("SASL_SSL://exfil.evil.example:9092", "exfil.evil.example"),
        ("https:///evil.example/x", ""),
        ("/v1/upload", ""),
        // A backslash ends the host, as a browser reads it; a scheme-relative URL has one.
        ("https://evil.example\\@api.good.example/", "evil.example"),
        ("evil.example\\api.good.example", "evil.example"),
        ("//api.good.example/x", "api.good.example"),
    ])
    func host(destination: String, host: String) {
        #expect(DestinationResolver.host(of: destination) == host)
    }

    @Test(arguments: [
        ("*.example.com", "a.example.com", true),
        ("*.example.com", "a.b.example.com", true),
        ("*.example.com", "example.com", false),
        ("*.example.com", "badexample.com", false),
        ("*.example.com", "a.example.com.evil", false),
        ("example.com", "example.com", true),
        ("example.com", "a.example.com", false),
    ])
    func patternMatches(pattern: String, host: String, expected: Bool) {
        let rules = resolver([], rules: [(pattern, "sp-rule")])
        #expect((rules.resolve(host: host) == "sp-rule") == expected)
    }

    /// Of the mappings rules that match a host, the first in the file wins, whether exact or
    /// a wildcard at any depth; hosts with an empty label match none.
    @Test func theFirstMatchingRuleWins() {
        let rules = resolver([], rules: [("*.b.example", "sp-1"), ("a.b.example", "sp-2"), ("*.example", "sp-3"), ("x.example", "sp-4")])
        #expect(rules.resolve(host: "a.b.example") == "sp-1")
        #expect(rules.resolve(host: "z.a.b.example") == "sp-1")
        #expect(rules.resolve(host: "b.example") == "sp-3")
        #expect(rules.resolve(host: "x.example") == "sp-3")
        #expect(rules.resolve(host: "example") == nil)
        let exactFirst = resolver([], rules: [("a.b.example", "sp-2"), ("*.b.example", "sp-1")])
        #expect(exactFirst.resolve(host: "a.b.example") == "sp-2")
        for empty in [".b.example", "a..b.example"] {
            #expect(rules.resolve(host: empty) == nil, "\(empty)")
        }
    }

    func resolver(_ endpoints: [(String, [String])], rules: [(String, String)] = []) -> DestinationResolver {
        let catalog = Catalog(endpoints.map {
            SubprocessorDescription(id: $0.0, endpoints: $0.1, location: SourceLocation(source: "catalog.json"))
        })
        return DestinationResolver(
            catalog: catalog,
            mappings: Mappings(destinations: rules.map { Mappings.DestinationRule(pattern: $0.0, subprocessor: $0.1) })
        )
    }

    @Test func catalogWildcardMatchesSubdomainsAtAnyDepthButNotTheDomain() {
        let r = resolver([("sp-cdn", ["*.mailer-cdn.example"])])
        #expect(r.resolve(host: "a.mailer-cdn.example") == "sp-cdn")
        #expect(r.resolve(host: "a.b.mailer-cdn.example") == "sp-cdn")
        #expect(r.resolve(host: "mailer-cdn.example") == nil)
        #expect(r.resolve(host: "xmailer-cdn.example") == nil)
    }

    /// Endpoints and mapping patterns are spelled as flow hosts are: a trailing dot, upper
    /// case, a port or a URL around the host do not keep a flow's destination from matching.
    @Test func endpointsAreSpelledAsFlowHostsAre() {
        let mappings = Mappings(destinations: [.init(pattern: "*.Bucket.Example.", subprocessor: "sp-store")])
        let catalog = Catalog([
            SubprocessorDescription(id: "sp-dot", endpoints: ["api.dot.example."], location: SourceLocation(source: "c.json", line: 1)),
            SubprocessorDescription(id: "sp-url", endpoints: ["https://API.url.example:443/v1", "*.CDN.example."],
                                    location: SourceLocation(source: "c.json", line: 2)),
        ])
        let r = DestinationResolver(catalog: catalog, mappings: mappings)
        #expect(r.resolve(host: DestinationResolver.host(of: "api.dot.example")) == "sp-dot")
        #expect(r.resolve(host: DestinationResolver.host(of: "https://api.url.example/v2")) == "sp-url")
        #expect(r.resolve(host: DestinationResolver.host(of: "a.cdn.example")) == "sp-url")
        #expect(r.resolve(host: DestinationResolver.host(of: "x.bucket.example")) == "sp-store")
    }

    @Test func exactCatalogEndpointBeatsWildcard() {
        let r = resolver([("sp-wide", ["*.example.com"]), ("sp-exact", ["api.example.com"])])
        #expect(r.resolve(host: "api.example.com") == "sp-exact")
        #expect(r.resolve(host: "www.example.com") == "sp-wide")
    }

    @Test(arguments: [false, true])
    func longestCatalogWildcardWins(narrowFirst: Bool) {
        let wide = ("sp-wide", ["*.example.com"]), narrow = ("sp-narrow", ["*.eu.example.com"])
        let r = resolver(narrowFirst ? [narrow, wide] : [wide, narrow])
        #expect(r.resolve(host: "x.eu.example.com") == "sp-narrow")
        #expect(r.resolve(host: "a.b.eu.example.com") == "sp-narrow")
        #expect(r.resolve(host: "eu.example.com") == "sp-wide")
    }

    @Test func catalogBeatsMappings() {
        let r = resolver(
            [("sp-exact", ["api.example.com"]), ("sp-wide", ["*.example.com"])],
            rules: [("api.example.com", "sp-map"), ("*.example.com", "sp-map"), ("example.com", "sp-map")]
        )
        #expect(r.resolve(host: "api.example.com") == "sp-exact")
        // Even an exact mapping loses to a catalog wildcard.
        #expect(r.resolve(host: "www.example.com") == "sp-wide")
        #expect(r.resolve(host: "example.com") == "sp-map")
    }

    @Test func mappingsApplyInOrderFirstMatchWins() {
        let general = ("*.amazonaws.com", "sp-aws"), specific = ("s3.amazonaws.com", "sp-s3")
        #expect(resolver([], rules: [general, specific]).resolve(host: "s3.amazonaws.com") == "sp-aws")
        #expect(resolver([], rules: [specific, general]).resolve(host: "s3.amazonaws.com") == "sp-s3")
        #expect(resolver([], rules: [specific, general]).resolve(host: "amazonaws.com") == nil)
    }

    @Test func aCombiningMarkAfterTheDelimiterDoesNotMakeAnotherHost() {
        let r = resolver([("sp-stripe", ["*.stripe.com"])])
        #expect(r.resolve(host: DestinationResolver.host(of: "https://evil.example/\u{301}.stripe.com")) == nil)
        #expect(r.resolve(host: DestinationResolver.host(of: "https://api.stripe.com/\u{301}x")) == "sp-stripe")
    }

    @Test func patternsAreCaseInsensitive() {
        let r = resolver([("sp-cdn", ["*.Mailer-CDN.Example"])], rules: [("*.AmazonAWS.com", "sp-aws")])
        #expect(r.resolve(host: DestinationResolver.host(of: "HTTPS://X.MAILER-CDN.EXAMPLE/p")) == "sp-cdn")
        #expect(r.resolve(host: DestinationResolver.host(of: "Bucket.S3.AMAZONAWS.com")) == "sp-aws")
    }

    /// A destination with no host resolves to no subprocessor, even beside a pattern that
    /// reads as no host either (`\\\\server\\share`, which the loader refuses).
    @Test func aDestinationWithoutAHostResolvesToNone() {
        let r = resolver([("sp-x", ["api.x.example"])], rules: [("\\\\fileserver\\exports", "sp-good")])
        for destination in ["\\\\evil.example\\loot", "https:///evil.example/x", "/v1/upload", "   "] {
            #expect(DestinationResolver.host(of: destination).isEmpty, "\(destination)")
            #expect(r.resolve(host: DestinationResolver.host(of: destination)) == nil, "\(destination)")
        }
    }

    /// A destination that names another host, or none, in a form the host rules would read
    /// as a catalog host, resolves to no subprocessor (UNKNOWN_DESTINATION, which names it).
    @Test(arguments: [
        "1evil.example://eu-1.cloud.example", "evil.example:8443://eu-1.cloud.example/", "[evil.example]://eu-1.cloud.example",
        "evil.example@://eu-1.cloud.example", "evil.example;https://eu-1.cloud.example/", "evil.example https://eu-1.cloud.example/",
        "postgresql://evil.example,db.cloud.example/x", "jdbc:postgresql://evil.example,db.cloud.example/x",
        "mailto:a@evil.example,b@eu-1.cloud.example", "evil.example,eu-1.cloud.example", "evil.example eu-1.cloud.example",
        "evil.example:443:eu-1.cloud.example", "evil.example\u{0}.cloud.example", "https://evil.example%00.cloud.example",
    ])
    func aHostNoMachineHasResolvesToNone(destination: String) {
        let r = resolver([("sp-cloud", ["*.cloud.example"])])
        #expect(r.resolve(host: "eu-1.cloud.example") == "sp-cloud")
        #expect(r.resolve(host: DestinationResolver.host(of: destination)) == nil, "\(DestinationResolver.host(of: destination))")
    }

    @Test(arguments: ["2001:db8::1", "::ffff:10.0.0.1", "api.good.example", "bücher.example", "a_b.example"])
    func plausibleHosts(host: String) {
        #expect(DestinationResolver.isPlausibleHost(host))
    }

    /// A pattern two subprocessors give goes to the first described; the conflict is listed
    /// with where the other gives it.
    @Test func aPatternTwoSubprocessorsGiveIsListed() {
        var catalog = Catalog()
        let a = SourceLocation(source: "a.json", line: 1), b = SourceLocation(source: "b.json", line: 7)
        catalog.add(SubprocessorDescription(id: "sp-mailer", endpoints: ["api.shared.example", "*.cdn.example", "own.example"], location: a))
        catalog.add(SubprocessorDescription(id: "sp-adtech", endpoints: ["API.SHARED.EXAMPLE.", "*.cdn.example"], location: b))
        catalog.add(SubprocessorDescription(id: "sp-mailer", endpoints: ["own.example"], location: b))
        let conflicts = DestinationResolver.conflicts(in: catalog)
        #expect(conflicts.map(\.pattern) == ["api.shared.example", "*.cdn.example"])
        #expect(conflicts.allSatisfy { $0.claimant == "sp-mailer" && $0.other == "sp-adtech" && $0.location.source == "b.json" })
        let resolver = DestinationResolver(catalog: catalog, mappings: Mappings())
        #expect(resolver.resolve(host: "api.shared.example") == "sp-mailer")
        #expect(resolver.resolve(host: "x.cdn.example") == "sp-mailer")
    }
}
