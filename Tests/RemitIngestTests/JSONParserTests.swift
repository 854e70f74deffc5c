import Testing
@testable import RemitIngest

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> DocNode {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in try JSONParser.parse(buffer) }
    }

    func syntaxError(_ text: String) -> JSONParser.SyntaxError? {
        do { _ = try parse(text); return nil } catch let error as JSONParser.SyntaxError { return error } catch { return nil }
    }

    @Test(arguments: ["0", "-0", "12", "-12", "1.5", "1e3", "1E+3", "1.25e-2", "123456789012345678901234567890"])
    func validNumbersKeepTheirText(_ text: String) throws {
        let node = try parse(text)
        guard case .number(let raw) = node.value else { Issue.record("not a number: \(node.typeName)"); return }
        #expect(raw == text)
    }

    @Test(arguments: ["01", "1.", ".5", "+1", "1e", "--1", "0x10", "NaN", "Infinity"])
    func invalidNumbersAreRefused(_ text: String) {
        #expect(syntaxError(text) != nil)
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let node = try parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#)
        #expect(node.stringValue == "a\"b\\c/d\né😀")
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#])
    func unpairedSurrogatesAreRefused(_ text: String) {
        #expect(syntaxError(text)?.reason == "unpaired surrogate escape")
    }

    @Test func invalidUTF8IsRefused() throws {
        for bytes: [UInt8] in [[0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            let failed = bytes.withUnsafeBufferPointer { buffer -> Bool in
                do { _ = try JSONParser.parse(buffer); return false } catch let error as JSONParser.SyntaxError { return error.reason.contains("UTF-8") } catch { return false }
            }
            #expect(failed, "bytes \(bytes)")
        }
    }

    @Test func controlCharactersInStringsAreRefused() {
        #expect(syntaxError("\"a\u{01}b\"")?.reason.contains("control character") == true)
        #expect(syntaxError("\"a\nb\"") != nil)
    }

    @Test func duplicateKeysAreRefusedWithTheirPosition() {
        let error = syntaxError("{\"a\": 1,\n \"a\": 2}")
        #expect(error?.reason == "duplicate key \"a\"")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test func deepNestingFailsFastInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(syntaxError(deep)?.reason.contains("nested deeper") == true)
    }

    @Test func errorsNameLineAndColumn() {
        let error = syntaxError("{\n  \"a\": [1, 2,,]\n}")
        #expect(error?.line == 2)
        #expect(error?.column == 14)
    }

    @Test func valuesCarryTheirLines() throws {
        let node = try parse("{\n\"a\": 1,\n\"b\": [true, null]\n}")
        #expect(node["a"]?.line == 2)
        #expect(node["b"]?.line == 3)
        guard case .array(let items)? = node["b"]?.value else { Issue.record("b is not a list"); return }
        #expect(items.count == 2)
    }

    @Test func trailingDataAndTruncationAreRefused() {
        #expect(syntaxError("{} {}") != nil)
        #expect(syntaxError("{\"a\": ") != nil)
        #expect(syntaxError("[1, 2") != nil)
        #expect(syntaxError("") != nil)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\": \"b\"}".utf8)
        let node = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
        #expect(node["a"]?.stringValue == "b")
    }
}
