public import Foundation

/// The fast path for other tools' text PDFs: reads the pages' words straight from the content
/// streams (a classic cross-reference table or cross-reference streams with object streams,
/// Flate or unfiltered streams, simple and `Identity-H`
/// fonts with a way to Unicode), giving the same words as poppler. It declines (nil) whatever
/// lies outside that scope — embedded files, annotations with appearances, form XObjects,
/// inline images, rotated pages or text, optional content, encryption, any
/// syntax doubt, a page without text — and poppler reads the PDF instead. A fast path, never a second opinion.
public enum PDFContentStreamReader {
    /// The pages' words, or nil when poppler must read this PDF.
    public static func pageTexts(_ data: Data) -> [PDFPageText]? {
        try? read([UInt8](data))
    }

    /// Why this PDF is left to poppler, or nil when the fast path reads it (for
    /// `faktura-bench pdf-read`, which counts the reasons on a corpus).
    public static func declineReason(_ data: Data) -> String? {
        do {
            _ = try read([UInt8](data))
            return nil
        } catch {
            return error.description
        }
    }

    /// ``pageTexts(_:)`` of bytes as the reader process receives them (no copy into `Data`),
    /// and whether a page may draw an image (an image XObject, or a pattern that may hold one):
    /// when none does, a reading for scanned pages (``PDFReadMode/ocrScannedPages``) has no
    /// page to read by OCR.
    static func pageTexts(bytes: [UInt8]) -> (pages: [PDFPageText], mayDrawImages: Bool)? {
        try? readPages(bytes, budget: .standard)
    }

    /// The pages' words, or why the PDF is left to poppler.
    static func read(_ data: Data, budget: ContentStreamBudget = .standard) throws(ContentStreamDecline) -> [PDFPageText] {
        try read([UInt8](data), budget: budget)
    }

    static func read(_ bytes: [UInt8], budget: ContentStreamBudget = .standard) throws(ContentStreamDecline) -> [PDFPageText] {
        try readPages(bytes, budget: budget).pages
    }

    /// ``read(_:budget:)`` and whether a page may draw an image (``pageTexts(bytes:)``).
    static func readPages(_ bytes: [UInt8], budget: ContentStreamBudget) throws(ContentStreamDecline) -> (pages: [PDFPageText], mayDrawImages: Bool) {
        guard bytes.starts(with: Array("%PDF-".utf8)) else { throw .unsupported("bytes before the %PDF- header") }
        let file = try PDFObjectFile(bytes: bytes, budget: budget)
        guard let catalog = try file.dictionary(file.trailer["Root"]) else { throw .syntax("the trailer names no catalog", offset: 0) }
        if let names = try file.dictionary(catalog["Names"]), names["EmbeddedFiles"] != nil {
            throw .unsupported("embedded files (poppler reads them)")
        }
        var pages: [PDFPageText] = []
        var mayDrawImages = false
        let hasOptionalContent = catalog["OCProperties"] != nil
        for page in try pageDictionaries(catalog, file: file) {
            let (text, images) = try pageText(page, file: file, hasOptionalContent: hasOptionalContent)
            guard !text.words.isEmpty else { throw .unsupported("a page without text (a scan for OCR, or blank)") }
            pages.append(text)
            mayDrawImages = mayDrawImages || images
        }
        guard !pages.isEmpty else { throw .unsupported("a PDF without pages") }
        return (pages, mayDrawImages)
    }

    /// A page's dictionary with the inheritable entries it takes from its ancestors.
    private struct PageNode {
        var dictionary: [String: PDFObject]
        var inherited: [String: PDFObject]
    }

    private static let inheritable = ["Resources", "MediaBox", "CropBox", "Rotate"]

    /// The page tree's leaves in order (a loop, a depth over 32 or too many pages declines).
    private static func pageDictionaries(_ catalog: [String: PDFObject], file: PDFObjectFile) throws(ContentStreamDecline) -> [PageNode] {
        var result: [PageNode] = []
        var visited: Set<Int> = []
        func walk(_ object: PDFObject?, inherited: [String: PDFObject], depth: Int) throws(ContentStreamDecline) {
            guard depth <= 32 else { throw .budget("a page tree deeper than 32") }
            if case .reference(let number, _) = object {
                guard visited.insert(number).inserted else { throw .syntax("the page tree loops through object \(number)", offset: 0) }
            }
            guard let node = try file.dictionary(object) else { throw .syntax("a page tree node is not a dictionary", offset: 0) }
            var inherited = inherited
            for key in inheritable { if let value = node[key] { inherited[key] = value } }
            if let kids = try file.array(node["Kids"]), try file.name(node["Type"]) != "Page" {
                for kid in kids { try walk(kid, inherited: inherited, depth: depth + 1) }
            } else {
                result.append(PageNode(dictionary: node, inherited: inherited))
                guard result.count <= file.budget.maxPages else { throw .budget("more than \(file.budget.maxPages) pages") }
            }
        }
        try walk(catalog["Pages"], inherited: [:], depth: 0)
        return result
    }

    private static func box(_ object: PDFObject?, file: PDFObjectFile) throws(ContentStreamDecline) -> (x0: Double, y0: Double, x1: Double, y1: Double)? {
        guard let items = try file.array(object), items.count == 4 else { return nil }
        var values: [Double] = []
        for item in items {
            guard let value = try file.number(item) else { return nil }
            values.append(value)
        }
        return (min(values[0], values[2]), min(values[1], values[3]), max(values[0], values[2]), max(values[1], values[3]))
    }

    /// The page's words, and whether it may draw an image (poppler's image mapping lists the
    /// images a page draws, those of its patterns too: a pattern counts as a possible image).
    private static func pageText(_ page: PageNode, file: PDFObjectFile, hasOptionalContent: Bool) throws(ContentStreamDecline) -> (PDFPageText, Bool) {
        guard let media = try box(page.inherited["MediaBox"], file: file), media.x1 - media.x0 >= 1, media.y1 - media.y0 >= 1 else {
            throw .unsupported("a page without a usable MediaBox")
        }
        if page.inherited["CropBox"] != nil {
            guard let crop = try box(page.inherited["CropBox"], file: file), crop == media else { throw .unsupported("a CropBox other than the MediaBox") }
        }
        let rotate = try file.number(page.inherited["Rotate"]) ?? 0
        guard Int(rotate) % 360 == 0 else { throw .unsupported("a rotated page") }
        if page.dictionary["UserUnit"] != nil { throw .unsupported("a UserUnit") }
        for annotation in try file.array(page.dictionary["Annots"]) ?? [] {
            let dictionary = try file.dictionary(annotation)
            if dictionary?["AP"] != nil { throw .unsupported("an annotation with an appearance (poppler draws its text)") }
            if try file.name(dictionary?["Subtype"]) == "FileAttachment" { throw .unsupported("an attached file (poppler reads it)") }
        }
        var content: [UInt8] = []
        switch try file.resolve(page.dictionary["Contents"]) {
        case .null: break
        case .stream: content = try file.streamData(page.dictionary["Contents"]!)
        case .array(let parts):
            for part in parts {
                content += try file.streamData(part)
                content.append(0x0A)
            }
        default: throw .syntax("a page's /Contents is neither a stream nor an array", offset: 0)
        }
        let resources = try file.dictionary(page.inherited["Resources"]) ?? [:]
        let width = media.x1 - media.x0, height = media.y1 - media.y0
        var interpreter = TextStateInterpreter(file: file, resources: resources,
                                               pageMatrix: PDFMatrix(a: 1, b: 0, c: 0, d: -1, e: -media.x0, f: media.y1),
                                               hasOptionalContent: hasOptionalContent)
        try interpreter.run(content)
        var builder = PageWordBuilder(width: width, height: height)
        builder.add(interpreter.glyphs)
        if let ambiguity = builder.ambiguity { throw .unsupported(ambiguity) }
        if builder.crossesPageEdge { throw .unsupported("text running over the page's edge (poppler keeps some of its characters)") }
        let patterns = try file.dictionary(resources["Pattern"]) ?? [:]
        return (PDFPageText(width: Float(width), height: Float(height), words: builder.words), interpreter.drawsImages || !patterns.isEmpty)
    }
}
