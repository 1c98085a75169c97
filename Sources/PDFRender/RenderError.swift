public import Findings

/// Why an invoice could not be rendered, with a message that says what to fix.
public enum RenderError: CatalogueTextError, Sendable, Hashable, CustomStringConvertible {
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

    public var description: String { text.english }

    /// The error in the reader's language (`render.error.*`): paths, names and libharu's codes as
    /// they are, the template checker's or the font reader's reason quoted as it came.
    public var text: MessageText {
        switch self {
        case let .template(source, line, element, message):
            let place = line > 0 ? "\(source):\(line)" : source
            guard let element else {
                return MessageText("render.error.template", ["place": .data(place), "englishDetail": .data(message)])
            }
            return MessageText("render.error.templateElement", ["place": .data(place), "element": .data(element), "englishDetail": .data(message)])
        case let .unknownTemplate(name, known, searched):
            return MessageText("render.error.unknownTemplate", [
                "name": .data(name), "known": .list(known.map(MessageArgument.data)),
                "searched": searched.isEmpty ? .text(MessageText("render.error.nowhere")) : .list(searched.map(MessageArgument.data)),
            ])
        case let .font(path, message):
            return MessageText("render.error.font", ["path": .data(path), "englishDetail": .data(message)])
        case let .image(path, message):
            return MessageText("render.error.image", ["path": .data(path), "englishDetail": .data(message)])
        case let .pdf(operation, code, detail):
            return MessageText("render.error.pdf", [
                "operation": .data(operation), "code": .data("0x" + String(code, radix: 16, uppercase: true)), "detail": .data(String(detail)),
            ])
        }
    }
}
