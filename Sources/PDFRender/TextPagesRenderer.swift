public import Foundation

/// Flowing text on A4 pages: a title, headings, paragraphs and small print, wrapped to the
/// page width and continued on new pages with "page N of M" at the foot. For documents that
/// are not invoices, such as the archive's dispute bundle cover sheet.
///
/// ```swift
/// let pages = TextPages(title: "Dispute bundle", date: (2026, 11, 27),
///                       blocks: [.title("Пакет доказательств / Evidence bundle"), .paragraph("…")])
/// let pdf: Data = try TextPagesRenderer().render(pages)
/// ```
///
/// Fonts are embedded subsets of the ``FontSet`` (Latin, Cyrillic and Chinese with the
/// system set); the output is deterministic.
public struct TextPages: Sendable, Hashable {
    public enum Block: Sendable, Hashable {
        /// Large bold text.
        case title(String)
        /// Bold section heading, kept with the text after it where it fits.
        case heading(String)
        case paragraph(String)
        /// Smaller text, e.g. hashes.
        case small(String)
        /// Vertical space of one line.
        case space
    }

    /// The document's Title entry.
    public var title: String
    public var subject: String
    /// Creation date written to the document info (never the clock, so output is stable).
    public var date: (year: Int, month: Int, day: Int)
    public var blocks: [Block]

    public init(title: String, subject: String = "", date: (year: Int, month: Int, day: Int), blocks: [Block]) {
        self.title = title
        self.subject = subject
        self.date = date
        self.blocks = blocks
    }

    public static func == (lhs: TextPages, rhs: TextPages) -> Bool {
        lhs.title == rhs.title && lhs.subject == rhs.subject && lhs.date == rhs.date && lhs.blocks == rhs.blocks
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(subject)
        hasher.combine(blocks)
    }
}

/// Renders ``TextPages`` through libharu with embedded TrueType fonts.
public struct TextPagesRenderer: Sendable {
    public let fonts: FontSet

    public init(fonts: FontSet = .system) {
        self.fonts = fonts
    }

    private static let pageWidth = 595.28, pageHeight = 841.89, margin = 50.0

    public func render(_ document: TextPages) throws(RenderError) -> Data {
        let chains = try fonts.documentChains()
        let regular = chains.regular, bold = chains.bold, documentFonts = chains.fonts

        // Lay out lines first, then draw them page by page (the footer needs the page count).
        struct Line { let text: String; let size: Double; let bold: Bool; let gapBefore: Double }
        let width = Self.pageWidth - 2 * Self.margin
        var lines: [Line] = []
        for block in document.blocks {
            switch block {
            case .title(let text):
                lines += TextWrapping.lines(text, width: width, size: 15, chain: bold).enumerated()
                    .map { Line(text: $1, size: 15, bold: true, gapBefore: $0 == 0 ? 4 : 0) }
            case .heading(let text):
                lines += TextWrapping.lines(text, width: width, size: 11, chain: bold).enumerated()
                    .map { Line(text: $1, size: 11, bold: true, gapBefore: $0 == 0 ? 8 : 0) }
            case .paragraph(let text):
                lines += TextWrapping.lines(text, width: width, size: 9.5, chain: regular)
                    .map { Line(text: $0, size: 9.5, bold: false, gapBefore: 0) }
            case .small(let text):
                lines += TextWrapping.lines(text, width: width, size: 7.5, chain: regular)
                    .map { Line(text: $0, size: 7.5, bold: false, gapBefore: 0) }
            case .space:
                lines.append(Line(text: "", size: 9.5, bold: false, gapBefore: 0))
            }
        }
        var pages: [[(Line, Double)]] = [[]]
        var y = Self.pageHeight - Self.margin
        let bottom = Self.margin + 24
        for (index, line) in lines.enumerated() {
            let advance = line.gapBefore + line.size * 1.35
            // A heading at the foot of a page moves to the next one with its first line of text.
            let keepWithNext = line.bold && line.size == 11 && index + 1 < lines.count
                ? lines[index + 1].size * 1.35 : 0
            if y - advance - keepWithNext < bottom, !(pages.last?.isEmpty ?? true) {
                pages.append([])
                y = Self.pageHeight - Self.margin
            }
            y -= advance
            pages[pages.count - 1].append((line, y))
        }

        var canvases: [PageCanvas] = []
        for (number, page) in pages.enumerated() {
            var canvas = PageCanvas(width: Self.pageWidth, height: Self.pageHeight)
            for (line, baseline) in page where !line.text.isEmpty {
                canvas.text(line.text, x: Self.margin, y: baseline, size: line.size, chain: line.bold ? bold : regular,
                            fonts: documentFonts)
            }
            let footer = "\(number + 1) / \(pages.count)"
            canvas.text(footer, x: Self.pageWidth - Self.margin - regular.width(footer, size: 8), y: Self.margin,
                        size: 8, chain: regular, fonts: documentFonts)
            canvases.append(canvas)
        }

        let pdf = try PDFDocument.assemble(pages: canvases, fonts: documentFonts)
        try pdf.setInfo(title: document.title, subject: document.subject, date: document.date)
        return Data(try pdf.save())
    }
}
