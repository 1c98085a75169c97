import InvoiceModel
import Testing

/// Untrusted text on a terminal (issue 28, item 5): every control and bidi formatting
/// character becomes a visible escape; everything a person writes passes unchanged.
@Suite("Terminal text")
struct TerminalTextTests {
    static let bidi: [UInt32] = Array(UInt32(0x202A)...0x202E) + Array(UInt32(0x2066)...0x2069) + [0x200E, 0x200F, 0x061C]
    static let controls: [UInt32] = Array(UInt32(0x00)...0x1F) + [0x7F] + Array(UInt32(0x80)...0x9F)

    @Test func everyC0AndC1ControlAndDELIsEscaped() throws {
        for value in Self.controls {
            let scalar = try #require(Unicode.Scalar(value))
            let escaped = TerminalText.escaped("a" + String(scalar) + "b")
            #expect(escaped == "a\\u{\(String(value, radix: 16, uppercase: true))}b")
            #expect(!escaped.unicodeScalars.contains(scalar))
        }
    }

    @Test func everyBidiFormattingCharacterIsEscaped() throws {
        for value in Self.bidi {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(TerminalText.escaped(String(scalar) + "exe.pdf") == "\\u{\(String(value, radix: 16, uppercase: true))}exe.pdf")
        }
    }

    @Test func theAttacksOfTheIssueBecomeVisible() {
        #expect(TerminalText.escaped("\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}fdp.exe") == "\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{202E}fdp.exe")
        #expect(TerminalText.escaped("line\ttab\nnext\r") == "line\\u{9}tab\\u{A}next\\u{D}")
    }

    @Test func printableTextOfEveryScriptPassesUnchanged() {
        for text in ["发票 0100000001-0001-1", "Счёт-фактура № 12", "فاتورة ضريبية", "חשבונית", "インボイス", "송장",
                     "🧾👩‍👩‍👧🇷🇺", "e\u{301}", "ASCII !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~", "\u{00A0}\u{2028}x"] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    /// Every code point of the Basic and the Supplementary Multilingual Plane (every modern
    /// script, emoji) outside the escaped set, in runs of 4,096: the text comes back as it was;
    /// and no output ever holds a code point of the set.
    @Test func everyOtherCodePointPassesAndNoEscapedOneSurvives() {
        let escapedSet = Set(Self.controls + Self.bidi)
        var run = String.UnicodeScalarView()
        var passed = 0, changed: [String] = [], misjudged: [UInt32] = []
        func check() {
            let text = String(run)
            if TerminalText.escaped(text) != text { changed.append(text) }
            passed += run.count
            run = String.UnicodeScalarView()
        }
        for value in UInt32(0)...0x1FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }   // surrogates are no scalars
            if TerminalText.needsEscape(scalar) != escapedSet.contains(value) { misjudged.append(value) }
            if escapedSet.contains(value) { continue }
            run.append(scalar)
            if run.count == 4096 { check() }
        }
        check()
        #expect(changed.isEmpty)
        #expect(misjudged.isEmpty, "\(misjudged.prefix(20))")
        #expect(passed == 0x20000 - 0x800 - escapedSet.count)
        let all = String(String.UnicodeScalarView(escapedSet.compactMap { Unicode.Scalar($0) }))
        #expect(!TerminalText.escaped(all).unicodeScalars.contains { escapedSet.contains($0.value) })
    }
}
