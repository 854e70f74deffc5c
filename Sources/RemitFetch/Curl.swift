import CCurlShim

/// libcurl, initialized once per process.
public enum Curl {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Whether `curl_global_init` succeeded (it runs on first use).
    static var isInitialized: Bool { initialized }

    /// libcurl's version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.x …`.
    public static var version: String {
        _ = initialized
        return String(cString: curl_version())
    }

    /// Whether libcurl supports a protocol (e.g. "https").
    public static func supports(protocol name: String) -> Bool {
        _ = initialized
        guard let info = remit_curl_version_info() else { return false }
        var cursor = info.pointee.protocols
        while let entry = cursor?.pointee {
            if String(cString: entry) == name { return true }
            cursor = cursor?.advanced(by: 1)
        }
        return false
    }
}
