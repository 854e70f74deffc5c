import CCurlShim

/// One libcurl easy handle, used for one transfer on one thread and then cleaned up
/// (STYLE: typed wrappers for libcurl's variadic calls).
final class CurlEasy {
    /// A setopt that libcurl refused: a bug or a libcurl built without a feature.
    struct SetupError: Error {
        var option: CURLoption
        var code: CURLcode
    }

    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its detailed message for a failed transfer here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard Curl.isInitialized, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = remit_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    deinit {
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(SetupError) {
        try check(option, remit_curl_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws(SetupError) {
        // libcurl copies string options.
        try check(option, remit_curl_setopt_string(handle, option, value))
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(SetupError) {
        try check(option, remit_curl_setopt_pointer(handle, option, pointer))
    }

    func set(_ option: CURLoption, offset value: Int64) throws(SetupError) {
        try check(option, remit_curl_setopt_off_t(handle, option, curl_off_t(value)))
    }

    func setWriteFunction(_ callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int) throws(SetupError) {
        try check(CURLOPT_WRITEFUNCTION, remit_curl_setopt_write_function(handle, callback))
    }

    func setPrereqFunction(_ callback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32, Int32) -> Int32) throws(SetupError) {
        try check(CURLOPT_PREREQFUNCTION, remit_curl_setopt_prereq_function(handle, callback))
    }

    func setOpenSocketFunction(_ callback: @convention(c) (UnsafeMutableRawPointer?, curlsocktype, UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t) throws(SetupError) {
        try check(CURLOPT_OPENSOCKETFUNCTION, remit_curl_setopt_opensocket_function(handle, callback))
    }

    /// Request headers, `Name: value` each; the list lives as long as the handle.
    func setHeaders(_ lines: [String]) throws(SetupError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            list = curl_slist_append(list, line)
        }
        if let headerList { curl_slist_free_all(headerList) }
        headerList = list
        try check(CURLOPT_HTTPHEADER, remit_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)))
    }

    /// Runs the transfer; blocks the calling thread until it ends.
    func perform() -> CURLcode {
        curl_easy_perform(handle)
    }

    func long(_ info: CURLINFO) -> Int? {
        var value = 0
        return remit_curl_getinfo_long(handle, info, &value) == CURLE_OK ? value : nil
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard remit_curl_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    func offset(_ info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return remit_curl_getinfo_off_t(handle, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    /// A header of the last response (after redirects).
    func responseHeader(_ name: String) -> String? {
        remit_curl_last_response_header(handle, name).map { String(cString: $0) }
    }

    /// libcurl's detailed message for the last failure, else its generic text for `code`.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private func check(_ option: CURLoption, _ code: CURLcode) throws(SetupError) {
        guard code == CURLE_OK else { throw SetupError(option: option, code: code) }
    }
}
