/// Why the direct text reader leaves a PDF to poppler: the PDF uses something outside the
/// reader's scope, or breaks the syntax, or runs out of the reader's budget. Never shown to a
/// user (poppler then reads the PDF); tests and the fuzz harness name it.
enum ContentStreamDecline: Error, Sendable, Hashable, CustomStringConvertible {
    /// Outside the reader's scope (encryption, a vertical font, rotated text, a form XObject...).
    case unsupported(String)
    /// The PDF's syntax is not what the reader expects at this byte offset.
    case syntax(String, offset: Int)
    /// A budget ran out (bytes, objects, depth, inflated bytes, operators).
    case budget(String)

    var description: String {
        switch self {
        case .unsupported(let what): "outside the direct reader's scope: \(what)"
        case .syntax(let what, let offset): "syntax: \(what) at byte \(offset)"
        case .budget(let what): "over budget: \(what)"
        }
    }
}
