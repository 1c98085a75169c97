/// Untrusted text made safe to print on a terminal in one line: every control character and
/// every bidirectional formatting character is shown as a visible escape (`\u{1B}`), so a
/// mail subject, a file name or a spreadsheet cell cannot move the cursor, clear the screen,
/// set the window title (ESC, OSC, BEL) or reverse the text around it (U+202E).
///
/// Escaped: C0 controls U+0000–U+001F (tab and line feed too: a field is one line), DEL
/// U+007F, C1 controls U+0080–U+009F, the bidi embeddings and overrides U+202A–U+202E, the
/// isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C. Everything else — letters of
/// every script, emoji, combining marks — passes unchanged. The backslash itself is kept as it
/// is, so the escapes are a display form, not a reversible encoding; JSON output keeps its own
/// escaping.
public enum TerminalText {
    /// `text` with each character listed above replaced by `\u{HEX}` (upper-case hex).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether a code point is shown as an escape by ``escaped(_:)``.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
