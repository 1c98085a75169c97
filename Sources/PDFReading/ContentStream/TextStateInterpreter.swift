/// Runs a page's content stream for its text: the graphics state (`q Q cm`), the text state
/// (`Tc Tw Tz TL Ts Tr Tf`), the text matrices (`BT Td TD Tm T*`) and the text-showing operators
/// (`Tj TJ ' "`), giving each character as a ``PDFGlyph``, and marked content (`BDC BMC EMC`) for
/// the `/ActualText` spans poppler shows instead of their characters. Every other operator is
/// parsed and skipped; a form XObject, an inline image, a rotated or mirrored text matrix, an
/// unknown font or optional content declines.
struct TextStateInterpreter {
    private struct GraphicsState {
        var ctm: PDFMatrix
        /// The font of `Tf`, or why it cannot be read (a decline only once it shows text: reportlab
        /// selects Helvetica, which has no widths in the file, in an empty BT ET).
        var font: Result<PDFTextFont, ContentStreamDecline>?
        var fontSize = 0.0
        var charSpacing = 0.0
        var wordSpacing = 0.0
        var horizontalScaling = 1.0
        var leading = 0.0
        var rise = 0.0
    }

    private let file: PDFObjectFile
    private let resources: [String: PDFObject]
    /// The fonts `Tf` named on this page, by resource name.
    private var fonts: [String: Result<PDFTextFont, ContentStreamDecline>] = [:]
    /// The last few of them by the name's bytes: a page switches between a handful of fonts,
    /// and finding one here needs no `String` and no hashing.
    private var recentFonts: [(name: [UInt8], font: Result<PDFTextFont, ContentStreamDecline>)] = []
    /// The resources' `/Font` dictionary (nil when it is missing or not a dictionary).
    private let resourceFonts: [String: PDFObject]?
    private var state: GraphicsState
    private var saved: [GraphicsState] = []
    private var textMatrix = PDFMatrix.identity
    private var lineMatrix = PDFMatrix.identity
    private(set) var glyphs: [PDFGlyph] = []
    /// Whether the page drew an image XObject (`Do`) or text in a Type 3 font (whose glyph
    /// procedures may draw images): poppler's image mapping would list them.
    private(set) var drawsImages = false
    private var operators = 0
    /// The marked content open on the page, innermost last: whether each is an `/ActualText` span.
    private var markedContent: [Bool] = []
    /// The `/ActualText` span being drawn (poppler keeps one: a span inside another replaces it).
    private var span: ActualTextSpan?
    /// Whether the document has optional content (`/OCProperties`), which poppler may hide.
    private let hasOptionalContent: Bool

    /// An `/ActualText` span: its text, and in page space the first character's origin and the
    /// last one's end (after its advance with character and word spacing).
    private struct ActualTextSpan {
        var text: [Unicode.Scalar]
        var start: (x: Double, y: Double)?
        var end = (x: 0.0, y: 0.0)
    }

    /// `pageMatrix` takes user space to poppler's page space (y down from the top of the box).
    init(file: PDFObjectFile, resources: [String: PDFObject], pageMatrix: PDFMatrix, hasOptionalContent: Bool = false) {
        self.file = file
        self.hasOptionalContent = hasOptionalContent
        self.resources = resources
        self.resourceFonts = try? file.dictionary(resources["Font"])
        self.state = GraphicsState(ctm: pageMatrix)
    }

    mutating func run(_ content: [UInt8]) throws(ContentStreamDecline) {
        var lexer = PDFObjectLexer(bytes: content, maxDepth: file.budget.maxDepth)
        var operands = ContentStreamOperands()
        while let token = try lexer.nextContentToken(&operands) {
            switch token {
            case .operand:
                guard operands.count <= 64 else { throw .syntax("more than 64 operands before an operator", offset: lexer.position) }
            case .operator(let code, _):
                operators += 1
                guard operators <= file.budget.maxOperators else { throw .budget("more than \(file.budget.maxOperators) operators") }
                if let op = PDFOperator(rawValue: code) { try perform(op, operands, offset: lexer.position) }
                operands.removeAll()
            }
        }
    }

    private mutating func perform(_ op: PDFOperator, _ operands: ContentStreamOperands, offset: Int) throws(ContentStreamDecline) {
        /// The operand `fromEnd` places before the operator (1: the last one), as a number.
        func number(_ fromEnd: Int) throws(ContentStreamDecline) -> Double {
            guard let value = operands.number(fromEnd: fromEnd) else { throw .syntax("an operator lacks a number operand", offset: offset) }
            return value
        }
        /// The last operand as a string's bytes.
        func string(_ what: String) throws(ContentStreamDecline) -> ArraySlice<UInt8> {
            guard case .string(let range) = operands.last else { throw .syntax("\(what) without a string", offset: offset) }
            return operands.bytes[range]
        }
        func matrix() throws(ContentStreamDecline) -> PDFMatrix {
            PDFMatrix(a: try number(6), b: try number(5), c: try number(4), d: try number(3), e: try number(2), f: try number(1))
        }
        switch op {
        case .beginText:
            textMatrix = .identity
            lineMatrix = .identity
        case .endText:
            break
        case .save:
            guard saved.count < 256 else { throw .budget("q nested deeper than 256") }
            saved.append(state)
        case .restore:
            if let last = saved.popLast() { state = last }
        case .concatMatrix:
            state.ctm = try matrix().concatenating(state.ctm)
        case .font:
            guard case .name(let name) = operands[fromEnd: 2], let size = operands.number(fromEnd: 1) else {
                throw .syntax("Tf without a font name and size", offset: offset)
            }
            state.font = font(named: operands.bytes[name])
            state.fontSize = size
        case .moveText:
            lineMatrix = lineMatrix.translated(try number(2), try number(1))
            textMatrix = lineMatrix
        case .moveTextSettingLeading:
            let x = try number(2), y = try number(1)
            state.leading = -y
            lineMatrix = lineMatrix.translated(x, y)
            textMatrix = lineMatrix
        case .textMatrix:
            textMatrix = try matrix()
            lineMatrix = textMatrix
        case .nextLine:
            lineMatrix = lineMatrix.translated(0, -state.leading)
            textMatrix = lineMatrix
        case .charSpacing: state.charSpacing = try number(1)
        case .wordSpacing: state.wordSpacing = try number(1)
        case .horizontalScaling: state.horizontalScaling = try number(1) / 100
        case .leading: state.leading = try number(1)
        case .rise: state.rise = try number(1)
        case .renderMode: _ = try number(1)
        case .showText:
            try show(try string("Tj"))
        case .nextLineShowText:
            let bytes = try string("'")
            lineMatrix = lineMatrix.translated(0, -state.leading)
            textMatrix = lineMatrix
            try show(bytes)
        case .nextLineSpacedShowText:
            guard case .string(let range) = operands.last,
                  let word = operands.number(fromEnd: 3), let char = operands.number(fromEnd: 2) else {
                throw .syntax("\" without spacings and a string", offset: offset)
            }
            let bytes = operands.bytes[range]
            state.wordSpacing = word
            state.charSpacing = char
            lineMatrix = lineMatrix.translated(0, -state.leading)
            textMatrix = lineMatrix
            try show(bytes)
        case .showTextArray:
            guard case .array(let items) = operands.last else { throw .syntax("TJ without an array", offset: offset) }
            for item in operands.items[items] {
                switch item {
                case .string(let range): try show(operands.bytes[range])
                case .number(let adjustment):
                    textMatrix = textMatrix.translated(-adjustment / 1000 * state.fontSize * state.horizontalScaling, 0)
                default: throw .syntax("TJ holds something other than strings and numbers", offset: offset)
                }
            }
        case .drawObject:
            guard case .name(let range) = operands.last, let xObjects = try file.dictionary(resources["XObject"]),
                  let object = xObjects[String(decoding: operands.bytes[range], as: UTF8.self)] else {
                throw .syntax("Do names no XObject of the page", offset: offset)
            }
            guard try file.name(file.dictionary(object)?["Subtype"]) == "Image" else { throw .unsupported("a form XObject (it may show text)") }
            drawsImages = true
        case .beginInlineImage:
            throw .unsupported("an inline image")
        case .beginMarkedContent:
            guard markedContent.count < 256 else { throw .budget("marked content nested deeper than 256") }
            guard case .name(let tag)? = operands[fromEnd: 2] else { throw .syntax("BDC without a tag", offset: offset) }
            // poppler hides optional content its configuration turns off; this reader does not
            // read the configuration.
            if hasOptionalContent, operands.bytes[tag].starts(with: "OC".utf8) {
                throw .unsupported("optional content (poppler may hide it)")
            }
            // poppler shows a span's `/ActualText` instead of its characters: only `/Span` with
            // the text in an inline dictionary (named properties are not looked up).
            var isSpan = false
            if operands.count == 2, operands.bytes[tag].elementsEqual("Span".utf8), case .actualText(let range)? = operands.last {
                guard let text = Self.textString(operands.bytes[range]) else {
                    throw .unsupported("an /ActualText poppler reads otherwise (PDFDocEncoding beyond ASCII, a broken surrogate)")
                }
                span = ActualTextSpan(text: text)
                isSpan = true
            }
            markedContent.append(isSpan)
        case .beginMarkedContentSequence:
            guard markedContent.count < 256 else { throw .budget("marked content nested deeper than 256") }
            markedContent.append(false)
        case .endMarkedContent:
            if markedContent.popLast() == true { try endSpan() }
        }
    }

    /// A PDF text string as poppler decodes an `/ActualText`: UTF-16 after a byte-order mark,
    /// else PDFDocEncoding (only its ASCII part is read here: nil otherwise, and for a broken
    /// surrogate pair or a NUL among several characters).
    static func textString(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        var result: [Unicode.Scalar] = []
        if bytes.count >= 2, bytes.first == 0xFE || bytes.first == 0xFF {
            let bigEndian = bytes.first == 0xFE && bytes[bytes.startIndex + 1] == 0xFF
            guard bigEndian || (bytes.first == 0xFF && bytes[bytes.startIndex + 1] == 0xFE) else { return nil }
            var units: [UInt16] = []
            var index = bytes.startIndex + 2
            while index + 1 < bytes.endIndex {
                let high = UInt16(bytes[index]), low = UInt16(bytes[index + 1])
                units.append(bigEndian ? high << 8 | low : low << 8 | high)
                index += 2
            }
            var decoder = UTF16()
            var iterator = units.makeIterator()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): result.append(scalar)
                case .emptyInput: break decoding
                case .error: return nil
                }
            }
        } else {
            for byte in bytes {
                guard (0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return nil }
                result.append(Unicode.Scalar(byte))
            }
        }
        if result.count > 1, result.contains("\u{0}") { return nil }
        return result
    }

    /// Ends the `/ActualText` span: as poppler does, its text stands in for the characters drawn
    /// under it, spread evenly over their extent (from the first one's origin to the last one's
    /// advance, less the character spacing); a span that drew nothing gives nothing, an empty
    /// text only ends the word before it where the characters' place would.
    private mutating func endSpan() throws(ContentStreamDecline) {
        defer { span = nil }
        guard let span, let start = span.start, let font = try state.font?.get() else { return }
        let device = textMatrix.concatenating(state.ctm)
        guard abs(span.end.y - start.y) < 1e-6 else { throw .unsupported("an /ActualText span over several lines") }
        let width = span.end.x - start.x - state.charSpacing * state.horizontalScaling * device.a
        guard width > 0 else { throw .unsupported("an /ActualText span drawn backwards") }
        let fontSize = transformedFontSize * font.sizeFactor
        guard !span.text.isEmpty else {
            glyphs.append(PDFGlyph(scalar: "\u{0}", x: start.x, baseline: start.y, advance: width, fontSize: fontSize,
                                   ascent: font.ascent, descent: font.descent, role: .wordBreakProbe))
            return
        }
        let step = width / Double(span.text.count)
        for (index, scalar) in span.text.enumerated() {
            glyphs.append(PDFGlyph(scalar: scalar, x: start.x + Double(index) * step, baseline: start.y, advance: step,
                                   fontSize: fontSize, ascent: font.ascent, descent: font.descent,
                                   role: span.text.count == 1 ? .character : .partOfSeveral))
        }
        guard glyphs.count <= file.budget.maxGlyphs else { throw .budget("more than \(file.budget.maxGlyphs) characters on a page") }
    }

    /// poppler's `GfxState::getTransformedFontSize`: the font size through the text matrix and the CTM.
    private var transformedFontSize: Double {
        let x1 = textMatrix.c * state.fontSize, y1 = textMatrix.d * state.fontSize
        let x2 = state.ctm.a * x1 + state.ctm.c * y1, y2 = state.ctm.b * x1 + state.ctm.d * y1
        return (x2 * x2 + y2 * y2).squareRoot()
    }

    private mutating func font(named bytes: ArraySlice<UInt8>) -> Result<PDFTextFont, ContentStreamDecline> {
        for entry in recentFonts where entry.name.elementsEqual(bytes) { return entry.font }
        let name = String(decoding: bytes, as: UTF8.self)
        let font = font(named: name)
        if recentFonts.count < 8 { recentFonts.append((Array(bytes), font)) }
        return font
    }

    private mutating func font(named name: String) -> Result<PDFTextFont, ContentStreamDecline> {
        if let known = fonts[name] { return known }
        let reference = resourceFonts?[name]
        if case .reference(let number, _) = reference, let known = file.fonts[number] {
            fonts[name] = known
            return known
        }
        let font = Result { () throws(ContentStreamDecline) -> PDFTextFont in
            guard let dictionary = try file.dictionary(reference) else {
                throw .unsupported("Tf names the font /\(name), which the page's resources lack")
            }
            return try PDFTextFont(dictionary, file: file)
        }
        fonts[name] = font
        if case .reference(let number, _) = reference { file.fonts[number] = font }
        return font
    }

    /// Shows a string: one glyph per character code, advancing the text matrix as poppler does.
    private mutating func show(_ bytes: ArraySlice<UInt8>) throws(ContentStreamDecline) {
        guard !bytes.isEmpty else { return }
        guard let font = try state.font?.get() else { throw .syntax("text shown before Tf", offset: 0) }
        let fontSize = state.fontSize, scaling = state.horizontalScaling
        let device = textMatrix.concatenating(state.ctm)
        // The font's axes in page space: upright, unrotated, unmirrored text only.
        let xAxis = (device.a * fontSize * scaling, device.b * fontSize * scaling)
        let yAxis = (device.c * fontSize, device.d * fontSize)
        guard fontSize > 0, scaling > 0, abs(xAxis.1) < 1e-6 * abs(xAxis.0), abs(yAxis.0) < 1e-6 * abs(yAxis.1),
              xAxis.0 > 0, yAxis.1 < 0 else {
            if bytes.isEmpty { return }
            throw .unsupported("rotated, mirrored or zero-size text")
        }
        let transformedSize = transformedFontSize * font.sizeFactor
        if font.drawsGlyphProcedures { drawsImages = true }
        var index = bytes.startIndex
        var shift = 0.0
        defer { textMatrix = textMatrix.translated(shift, 0) }
        while index + font.codeLength <= bytes.endIndex {
            var code: UInt32 = 0
            for offset in 0..<font.codeLength { code = code << 8 | UInt32(bytes[index + offset]) }
            index += font.codeLength
            let width = font.width(code)
            var advance = width * fontSize + state.charSpacing
            if font.codeLength == 1 && code == 0x20 { advance += state.wordSpacing }
            advance *= scaling
            let origin = device.apply(shift, state.rise)
            let deviceAdvance = width * fontSize * scaling * device.a
            if span != nil {
                // Under an `/ActualText` the characters only mark the span's extent.
                if span!.start == nil { span!.start = origin }
                span!.end = (origin.x + advance * device.a, origin.y)
            } else if let scalar = font.character(code) {
                glyphs.append(PDFGlyph(scalar: scalar, x: origin.x, baseline: origin.y, advance: deviceAdvance,
                                       fontSize: transformedSize, ascent: font.ascent, descent: font.descent))
            } else if let scalars = font.characters(code), !scalars.isEmpty {
                // poppler gives each character of a ligature an equal share of its advance.
                let step = deviceAdvance / Double(scalars.count)
                for (part, scalar) in scalars.enumerated() {
                    glyphs.append(PDFGlyph(scalar: scalar, x: origin.x + Double(part) * step, baseline: origin.y, advance: step,
                                           fontSize: transformedSize, ascent: font.ascent, descent: font.descent, role: .partOfSeveral))
                }
            } else {
                throw .unsupported("a character code without Unicode (code \(code))")
            }
            guard glyphs.count <= file.budget.maxGlyphs else { throw .budget("more than \(file.budget.maxGlyphs) characters on a page") }
            shift += advance
        }
    }
}
