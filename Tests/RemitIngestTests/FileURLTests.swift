import RemitCore
@testable import RemitIngest
import Testing

/// A `file:` source in the job names an absolute path on this machine (RFC 8089), whatever
/// the case of its scheme, with `localhost`, no host or no authority (`file:/path`), and its
/// path percent-decoded; any other
/// form is a mistake in the job, named with its line, not a file looked for elsewhere.
@Suite struct FileURLTests {
    func job(register: String, in temp: TempFolder) throws -> String {
        try temp.write("remit.yml", """
            version: 1
            register: \(register)
            catalog:
              - source: catalog.json
            flows:
              - source: flows.ndjson
            """)
    }

    @Test(arguments: [
        ("file:///srv/job/register.yml", "/srv/job/register.yml"),
        ("FILE:///srv/job/register.yml", "/srv/job/register.yml"),
        ("File://localhost/srv/job/register.yml", "/srv/job/register.yml"),
        ("file://LOCALHOST/srv/job/register.yml", "/srv/job/register.yml"),
        ("\"file:///srv/my%20job/caf%C3%A9.yml\"", "/srv/my job/café.yml"),
        ("file:/srv/job/register.yml", "/srv/job/register.yml"),
        ("File:/srv/my%20job/register.yml", "/srv/my job/register.yml"),
    ])
    func aFileURLNamesItsAbsolutePath(_ written: String, _ path: String) throws {
        let temp = try TempFolder()
        let config = try JobConfigLoader.load(path: try job(register: written, in: temp))
        #expect(config.resolve(config.register.source) == path)
    }

    @Test(arguments: [
        ("file://relative/register.yml", "not on \"relative\""),
        ("file://vendor.example/register.yml", "not on \"vendor.example\""),
        ("file://", "names no path"),
        ("\"file:///srv/100%.yml\"", "must start an escape"),
        ("\"file:///srv/%FF.yml\"", "not UTF-8 text"),
        ("\"file:///srv/%00.yml\"", "not UTF-8 text"),
        ("\"file:/srv/%FF.yml\"", "not UTF-8 text"),
    ])
    func anyOtherFileURLIsAMistakeInTheJob(_ written: String, _ words: String) throws {
        let temp = try TempFolder()
        let path = try job(register: written, in: temp)
        do {
            _ = try JobConfigLoader.load(path: path)
            Issue.record("\(written) was accepted")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.location.line == 2, "\(error)")
            #expect(error.reason.contains(words), "\(error)")
        }
    }
}
