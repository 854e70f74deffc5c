import Foundation
import Glibc

/// Where an IP address points: the public internet, or somewhere only reachable from
/// inside (loopback, private networks, link-local such as cloud metadata endpoints).
enum AddressScope: String, Sendable {
    case `public`
    case loopback
    case `private`
    case linkLocal = "link-local"
    case unspecified
    case multicast

    var isPublic: Bool { self == .public }

    /// Classifies a numeric IPv4 or IPv6 address as libcurl reports it; text that is not
    /// an address counts as private (refused when the origin is public).
    static func of(_ address: String) -> AddressScope {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return ipv4(withUnsafeBytes(of: v4.s_addr) { Array($0) })
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return ipv6(withUnsafeBytes(of: v6) { Array($0) })
        }
        return .private
    }

    static func ipv4(_ b: [UInt8]) -> AddressScope {
        switch (b[0], b[1]) {
        case (0, _): .unspecified
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168): .private
        case (100, 64...127): .private          // carrier-grade NAT, RFC 6598
        case (192, 0) where b[2] == 0: .private // IETF protocol assignments, RFC 6890
        case (198, 18...19): .private           // benchmarking networks, RFC 2544
        case (169, 254): .linkLocal             // includes 169.254.169.254, cloud metadata
        case (168, 63) where b[2] == 129 && b[3] == 16: .private   // Azure's platform address (WireServer, IMDS relay)
        case (224...255, _): .multicast         // multicast, reserved and broadcast
        default: .public
        }
    }

    /// An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4) is judged
    /// by that IPv4 address: `::127.0.0.1` or `64:ff9b::a9fe:a9fe` reach what it names.
    static func ipv6(_ b: [UInt8]) -> AddressScope {
        let zeros = b[0..<10].allSatisfy { $0 == 0 }
        if zeros, b[10] == 0xff, b[11] == 0xff { return ipv4(Array(b[12..<16])) }   // ::ffff:a.b.c.d
        if b[0..<15].allSatisfy({ $0 == 0 }) {
            return b[15] == 1 ? .loopback : (b[15] == 0 ? .unspecified : .private)
        }
        if zeros, b[10] == 0, b[11] == 0 { return ipv4(Array(b[12..<16])) }           // ::a.b.c.d (compatible)
        if b[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return ipv4(Array(b[12..<16])) } // 64:ff9b::/96 NAT64
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b { return .private }   // 64:ff9b:1::/48 local NAT64
        if b[0] == 0x20, b[1] == 0x02 { return ipv4(Array(b[2..<6])) }                // 2002::/16 6to4
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0, b[3] == 0 { return .private }       // 2001::/32 Teredo (tunnelled)
        if b[0] == 0x01, b[1..<8].allSatisfy({ $0 == 0 }) { return .private }         // 100::/64 discard
        if b[0] & 0xfe == 0xfc { return .private }                      // fc00::/7 unique local
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return .linkLocal }      // fe80::/10
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return .private }        // fec0::/10 site-local (deprecated)
        if b[0] == 0xff { return .multicast }
        return .public
    }
}

/// SSRF guard for one source's fetch, fed with the address of every connection before it
/// is opened (CURLOPT_OPENSOCKETFUNCTION) and of every request before it is sent, redirects
/// included (CURLOPT_PREREQFUNCTION): when the first address a request of the source goes to
/// is public, a later address that is not is refused, in a redirect or in a retry whose name
/// now resolves elsewhere (DNS rebinding). A job that names an internal address itself (an intranet
/// export, a test server) may be redirected within internal addresses.
struct HopGuard {
    /// Maps an address and port to its scope; tests replace it to stand in for a public origin.
    var classify: @Sendable (String, Int) -> AddressScope
    /// Whether the source's first address was public: decided by the first address a request
    /// goes to, and kept for the redirects and the retries.
    let origin: OriginPin
    private(set) var refusal: String?

    init(classify: @escaping @Sendable (String, Int) -> AddressScope, origin: OriginPin = OriginPin()) {
        self.classify = classify
        self.origin = origin
    }

    /// Before a socket to `address` is opened: refused when the source is known to be public
    /// and the address is not. It decides nothing: an address that may not connect (a closed
    /// internal port tried before the name's public address) says nothing of the source.
    mutating func allowsConnection(to address: String, port: Int) -> Bool {
        let scope = classify(address, port)
        guard origin.current == true, !scope.isPublic else { return true }
        return refuse(address, scope)
    }

    /// Before a request is sent to `address`, over a connection made: the first decides
    /// whether the source is public; after a public one, an internal one is refused.
    mutating func allowsRequest(to address: String, port: Int) -> Bool {
        let scope = classify(address, port)
        guard origin.decide(isPublic: scope.isPublic), !scope.isPublic else {
            refusal = nil   // an address refused before this one did not stop the transfer
            return true
        }
        return refuse(address, scope)
    }

    private mutating func refuse(_ address: String, _ scope: AddressScope) -> Bool {
        refusal = "refused \(address) (\(scope.rawValue)): the source's first address is public, so it may not lead to an internal one"
        return false
    }
}

/// Whether a source's first address was public, shared by the attempts of one fetch (each
/// runs on its own thread, one after the other).
final class OriginPin: @unchecked Sendable {
    private let lock = NSLock()
    private var isPublic: Bool?

    init() {}

    /// The verdict, once a request has decided it.
    var current: Bool? {
        lock.lock()
        defer { lock.unlock() }
        return isPublic
    }

    /// The first address's verdict: set by the first call, returned by every call.
    func decide(isPublic candidate: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let isPublic { return isPublic }
        isPublic = candidate
        return candidate
    }
}
