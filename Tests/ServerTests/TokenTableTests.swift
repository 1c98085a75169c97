import Archive
import Foundation
import Server
import Testing

@Suite struct TokenTableTests {
    @Test func findsTheTenantOfEachTokenAndNoneForOthers() throws {
        let table = try TokenTable(text: Data("""
            # comment
            0123456789abcdef0123456789abcdef shop-a
            \tfedcba9876543210fedcba9876543210   shop_b  \n
            """.utf8), file: "t")
        #expect(table.tenant(forToken: "0123456789abcdef0123456789abcdef")?.rawValue == "shop-a")
        #expect(table.tenant(forToken: "fedcba9876543210fedcba9876543210")?.rawValue == "shop_b")
        #expect(table.tenant(forToken: "0123456789abcdef0123456789abcdeX") == nil)
        #expect(table.tenant(forToken: "") == nil)
        #expect(table.tenants.map { $0.rawValue } == ["shop-a", "shop_b"])
    }

    @Test func malformedLinesAreNamedByFileAndLine() {
        let cases: [(String, String)] = [
            ("0123456789abcdef0123456789abcdef\n", "t:1: expected 'TOKEN TENANT' (two fields), found 1"),
            ("# c\nshort shop\n", "t:2: the token is shorter than 16 characters; use a long random one (openssl rand -hex 32)"),
            ("0123456789abcdef0123456789abcdef shop!\n", "t:1: tenant 'shop!': '!' is not allowed; use letters A–Z a–z, digits, '_' and '-'"),
            ("0123456789abcdef0123456789abcdef a\n0123456789abcdef0123456789abcdef b\n", "t:2: this token is already given on an earlier line"),
            ("# only a comment\n", "t: the file names no token"),
        ]
        for (text, message) in cases {
            #expect(throws: TokenFileError.self) { try TokenTable(text: Data(text.utf8), file: "t") }
            do {
                _ = try TokenTable(text: Data(text.utf8), file: "t")
            } catch {
                #expect(error.description == message)
            }
        }
    }
}
