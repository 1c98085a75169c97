/// Why an invoice could not be rendered, with a message that says what to fix.
public enum RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A template file is unreadable, not valid against `template.xsd`, or refers to
    /// something that does not exist. `line` is 0 when unknown.
    case template(source: String, line: Int, element: String?, message: String)
    /// No built-in template has this name.
    case unknownTemplate(name: String, known: [String], searched: [String])
    /// A font file is missing or not a usable TrueType font.
    case font(path: String, message: String)
    /// An image (logo) could not be read.
    case image(path: String, message: String)
    /// libharu reported an error (code and detail as libharu gives them).
    case pdf(operation: String, code: UInt, detail: UInt)

    public var description: String {
        switch self {
        case let .template(source, line, element, message):
            var place = source
            if line > 0 { place += ":\(line)" }
            if let element { place += ": element <\(element)>" }
            return "\(place): \(message)"
        case let .unknownTemplate(name, known, searched):
            return "no template named '\(name)' (built-in: \(known.joined(separator: ", "))); searched "
                + (searched.isEmpty ? "nowhere" : searched.joined(separator: ", "))
                + ". Pass a template file path, or set FAKTURA_TEMPLATES to the folder holding the templates."
        case let .font(path, message):
            return "font \(path): \(message)"
        case let .image(path, message):
            return "image \(path): \(message)"
        case let .pdf(operation, code, detail):
            return "libharu failed in \(operation): error 0x\(String(code, radix: 16, uppercase: true)) (detail \(detail))"
        }
    }
}
