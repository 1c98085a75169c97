public import Foundation
private import CPoppler

/// Why a PDF could not be read, with a message a user can act on.
public enum PDFReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The data does not start with a `%PDF-` header (within its first 1024 bytes).
    case notPDF(String)
    /// The PDF needs a password to open.
    case encrypted(String)
    /// The PDF is damaged (truncated, broken cross-reference table, unreadable file).
    case damaged(String, reason: String)
    /// Reading the PDF ran out of its budget (CPU time, memory) or crashed the reader process:
    /// `limit` names what was exceeded.
    case overBudget(String, limit: PDFReadLimit)

    public var source: String {
        switch self {
        case .notPDF(let source), .encrypted(let source), .damaged(let source, _), .overBudget(let source, _): source
        }
    }

    /// The damage or the limit, without advice (what a reader process sends back).
    var detail: String {
        switch self {
        case .notPDF, .encrypted: ""
        case .damaged(_, let reason): reason
        case .overBudget(_, let limit): limit.description
        }
    }

    /// What is wrong and what to do, without the source (for a report line that names the file).
    public var reason: String {
        switch self {
        case .notPDF:
            return "not a PDF (no %PDF- header in its first 1024 bytes); export or render the invoice as PDF"
        case .encrypted:
            return "the PDF is encrypted and needs a password; save it again without a password"
        case .damaged(_, let reason):
            return "the PDF is damaged and cannot be opened (\(reason)); re-create it and check it with `qpdf --check`"
        case .overBudget(_, let limit):
            return "reading the PDF was given up: \(limit); a real invoice needs a fraction of that, so re-create the PDF (print it to a new PDF) and check it with `qpdf --check`"
        }
    }

    public var description: String { "\(source): \(reason)" }
}

/// A PDF opened for reading its text and embedded files (poppler-glib), in this process and
/// without a budget: the reader process's tool. Commands read a PDF from outside with
/// ``PDFInvoiceReading/read(data:source:budget:)`` instead (a hostile PDF can loop or grow).
///
/// Not `Sendable`: open one document per task. The poppler objects are freed when the last
/// copy of the value goes away.
public struct PDFDocument {
    private let handle: PopplerDocumentHandle
    /// Names the PDF in errors and reports.
    public let source: String

    /// Opens a PDF held in memory.
    public init(data: Data, source: String) throws(PDFReadError) {
        guard PDFDocument.hasPDFHeader(data) else { throw .notPDF(source) }
        self.handle = try PopplerDocumentHandle(data: data, source: source)
        self.source = source
    }

    /// Opens a PDF file.
    public init(contentsOf url: URL) throws(PDFReadError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .damaged(url.path, reason: "cannot read the file: \((error as NSError).localizedDescription)")
        }
        try self.init(data: data, source: url.path)
    }

    /// Whether `%PDF-` occurs in the first 1024 bytes (where readers look for it).
    public static func hasPDFHeader(_ data: Data) -> Bool {
        let marker: [UInt8] = Array("%PDF-".utf8)
        let prefix = data.prefix(1024)
        guard prefix.count >= marker.count else { return false }
        return prefix.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index + marker.count <= bytes.count {
                if bytes[index] == marker[0], bytes[index + 1] == marker[1], bytes[index + 2] == marker[2],
                   bytes[index + 3] == marker[3], bytes[index + 4] == marker[4] {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    public var pageCount: Int { handle.pageCount }

    /// The text of all pages, in reading order as poppler extracts it, pages separated by a form feed.
    public func text() -> String { handle.text() }

    /// The words of every page with their boxes (an image-only page gives no words).
    public func pageTexts() -> [PDFPageText] {
        (0..<handle.pageCount).map { handle.pageText(at: $0) }
    }

    /// The share (0...1) of the page's area that its largest image covers: a scan is one image
    /// the size of the page, often under an invisible OCR text layer of its own.
    func largestImageShare(page index: Int) -> Double {
        handle.largestImageShare(page: index)
    }

    /// The page rendered to 8-bit grey pixels at `dpi`, or at the lower resolution that keeps the
    /// bitmap within `maxPixels` (for OCR); nil when the page does not exist or cannot be drawn.
    func greyBitmap(page index: Int, dpi: Double, maxPixels: Int) -> GreyBitmap? {
        handle.greyBitmap(page: index, dpi: dpi, maxPixels: maxPixels)
    }

    /// The files embedded in the PDF (name and content), in document order.
    public var attachments: [(name: String, data: Data)] { handle.attachments(named: nil) }

    /// The content of the embedded file with this name (`invoice.xml`), if there is one.
    public func attachment(named name: String) -> Data? {
        handle.attachments(named: name).first?.data
    }
}

/// Owns one `PopplerDocument` and frees it (and its copy of the bytes) in `deinit`.
private final class PopplerDocumentHandle {
    /// Embedded files larger than this are not read: an invoice XML is a few kilobytes, and a
    /// crafted PDF must not make us allocate gigabytes.
    static let attachmentLimit = 32 * 1024 * 1024

    let document: OpaquePointer

    init(data: Data, source: String) throws(PDFReadError) {
        PopplerLog.silence()
        PopplerGlobals.keepAlive()
        let bytes = data.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            let code = error?.pointee.code ?? 0
            let domain = error?.pointee.domain ?? 0
            let message = error?.pointee.message.map { String(cString: $0) } ?? "unknown error"
            if error != nil { g_error_free(error) }
            if domain == poppler_error_quark(), code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw .encrypted(source)
            }
            throw .damaged(source, reason: message)
        }
        self.document = document
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    private var typed: OpaquePointer { document }

    var pageCount: Int { Int(poppler_document_get_n_pages(typed)) }

    func text() -> String {
        var pages: [String] = []
        for index in 0..<poppler_document_get_n_pages(typed) {
            guard let page = poppler_document_get_page(typed, index) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            guard let text = poppler_page_get_text(page) else { continue }
            defer { g_free(text) }
            pages.append(Self.separatingCells(String(cString: text), page: page))
        }
        return pages.joined(separator: "\n\u{0C}")
    }

    /// poppler-glib joins words that stand apart on the page without a space (table cells:
    /// "ГБ8517 13 000 0212 345,67"). The layout gives each character's box, so a tab goes in
    /// wherever the gap to the previous character on the line is wider than a space.
    private static func separatingCells(_ text: String, page: OpaquePointer) -> String {
        var boxes: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &boxes, &count) != 0, let boxes else { return text }
        defer { g_free(boxes) }
        let boxCount = Int(count)
        // Works on the UTF-8 bytes (one box per scalar, a scalar starts at every byte that is not
        // a continuation byte): building the result scalar by scalar cost more than poppler's layout.
        var text = text
        return text.withUTF8 { utf8 -> String in
            var result: [UInt8] = []
            result.reserveCapacity(utf8.count + utf8.count / 4)
            var index = 0
            var previous: PopplerRectangle?
            for byte in utf8 {
                if byte & 0xC0 != 0x80 && index < boxCount {
                    let box = boxes[index]
                    index += 1
                    if byte == 0x0A || byte == 0x20 {
                        previous = byte == 0x0A ? nil : box
                    } else {
                        if let last = previous {
                            let height = max(box.y2 - box.y1, 1)
                            let sameLine = abs(box.y1 - last.y1) < height * 0.5
                            if sameLine && box.x1 - last.x2 > height * 0.6 { result.append(0x09) }
                        }
                        previous = box
                    }
                }
                result.append(byte)
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    func pageText(at index: Int) -> PDFPageText {
        guard let page = poppler_document_get_page(typed, Int32(index)) else { return PDFPageText(width: 0, height: 0, words: []) }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        var result = PDFPageText(width: Float(width), height: Float(height), words: [])
        guard let cText = poppler_page_get_text(page) else { return result }
        defer { g_free(cText) }
        var boxes: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &boxes, &count) != 0, let boxes else { return result }
        defer { g_free(boxes) }
        result.words = Self.words(text: UnsafeBufferPointer(start: UnsafeRawPointer(cText).assumingMemoryBound(to: UInt8.self),
                                                            count: strlen(cText)),
                                  boxes: UnsafeBufferPointer(start: boxes, count: Int(count)))
        return result
    }

    /// Splits poppler's text into words at white space and wherever the gap to the previous
    /// character is wider than a space (poppler glues table cells: "ГБ8517 13 000 0212 345,67").
    /// Works on the UTF-8 bytes: one box per scalar, a scalar starts at every non-continuation byte.
    private static func words(text: UnsafeBufferPointer<UInt8>, boxes: UnsafeBufferPointer<PopplerRectangle>) -> [PDFTextWord] {
        var words: [PDFTextWord] = []
        var start = -1
        var box = PopplerRectangle()
        var last = PopplerRectangle()
        func close(_ end: Int) {
            guard start >= 0 else { return }
            words.append(PDFTextWord(text: String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self),
                                     x0: Float(box.x1), y0: Float(box.y1), x1: Float(box.x2), y1: Float(box.y2)))
            start = -1
        }
        var boxIndex = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            var end = index + 1
            while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
            guard boxIndex < boxes.count else { break }
            let current = boxes[boxIndex]
            boxIndex += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
                || (byte == 0xC2 && end - index == 2 && text[index + 1] == 0xA0) {
                close(index)
            } else {
                if start >= 0 {
                    let height = max(current.y2 - current.y1, 1)
                    let sameLine = abs(current.y1 - last.y1) < height * 0.5
                    if !sameLine || current.x1 - last.x2 > height * 0.6 || current.x1 < last.x1 - height { close(index) }
                }
                if start < 0 {
                    start = index
                    box = current
                } else {
                    box.x1 = min(box.x1, current.x1); box.y1 = min(box.y1, current.y1)
                    box.x2 = max(box.x2, current.x2); box.y2 = max(box.y2, current.y2)
                }
                last = current
            }
            index = end
        }
        close(min(index, text.count))
        return words
    }

    func largestImageShare(page index: Int) -> Double {
        guard let page = poppler_document_get_page(typed, Int32(index)) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard width > 0, height > 0 else { return 0 }
        let list = poppler_page_get_image_mapping(page)
        defer { poppler_page_free_image_mapping(list) }
        var largest = 0.0
        var node = list
        while let current = node {
            if let raw = current.pointee.data {
                let area = raw.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
                largest = max(largest, abs((area.x2 - area.x1) * (area.y2 - area.y1)))
            }
            node = current.pointee.next
        }
        return min(1, largest / (width * height))
    }

    func greyBitmap(page index: Int, dpi: Double, maxPixels: Int) -> GreyBitmap? {
        guard let page = poppler_document_get_page(typed, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard width.isFinite, height.isFinite, width > 0, height > 0 else { return nil }
        // A page larger than A0 would be a bitmap over the budget at `dpi`: it is drawn smaller.
        // (A little under the exact resolution, so that rounding up stays within the budget.)
        let resolution = min(dpi, 0.99 * 72 * (Double(maxPixels) / (width * height)).squareRoot())
        let scale = resolution / 72
        let pixelWidth = Int((width * scale).rounded(.up)), pixelHeight = Int((height * scale).rounded(.up))
        guard pixelWidth > 0, pixelHeight > 0, pixelWidth <= maxPixels / pixelHeight else { return nil }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return nil }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        poppler_page_render(page, context)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let base = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt8](repeating: 255, count: pixelWidth * pixelHeight)
        for y in 0..<pixelHeight {
            let row = base + y * stride
            for x in 0..<pixelWidth {
                // RGB24 is stored as 32-bit 0x00RRGGBB words (little endian: B, G, R, unused).
                let blue = Int(row[x * 4]), green = Int(row[x * 4 + 1]), red = Int(row[x * 4 + 2])
                pixels[y * pixelWidth + x] = UInt8((red * 299 + green * 587 + blue * 114) / 1000)
            }
        }
        return GreyBitmap(width: pixelWidth, height: pixelHeight, pixels: pixels, dpi: resolution)
    }

    func attachments(named wanted: String?) -> [(name: String, data: Data)] {
        guard poppler_document_has_attachments(typed) != 0 else { return [] }
        let list = poppler_document_get_attachments(typed)
        defer {
            var node = list
            while let current = node {
                g_object_unref(current.pointee.data)
                node = current.pointee.next
            }
            g_list_free(list)
        }
        var result: [(name: String, data: Data)] = []
        var node = list
        while let current = node {
            node = current.pointee.next
            guard let raw = current.pointee.data else { continue }
            let attachment = raw.assumingMemoryBound(to: PopplerAttachment.self)
            let name = poppler_attachment_get_name(attachment).map { String(cString: $0) } ?? ""
            if let wanted, name != wanted { continue }
            if let data = Self.content(of: attachment) { result.append((name, data)) }
        }
        return result
    }

    private final class Sink {
        var data = Data()
        var overflow = false
    }

    private static func content(of attachment: UnsafeMutablePointer<PopplerAttachment>) -> Data? {
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var error: UnsafeMutablePointer<GError>?
        let ok = withExtendedLifetime(sink) {
            poppler_attachment_save_to_callback(attachment, { buffer, count, context, _ in
                let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
                guard sink.data.count + Int(count) <= PopplerDocumentHandle.attachmentLimit else {
                    sink.overflow = true
                    return 0
                }
                if let buffer, count > 0 {
                    sink.data.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: Int(count))
                }
                return 1
            }, context, &error)
        }
        if error != nil { g_error_free(error) }
        guard ok != 0, !sink.overflow else { return nil }
        return sink.data
    }
}

/// poppler-glib reports syntax problems of damaged PDFs through GLib logging (domain
/// "Poppler"). Those belong in our findings, not on the user's terminal, so they are dropped.
enum PopplerLog {
    private static let installed: Bool = {
        let levels = GLogLevelFlags(rawValue: G_LOG_LEVEL_MASK.rawValue | G_LOG_FLAG_FATAL.rawValue | G_LOG_FLAG_RECURSION.rawValue)
        _ = g_log_set_handler("Poppler", levels, { _, _, _, _ in }, nil)
        return true
    }()

    static func silence() { _ = installed }
}

/// poppler builds its global parameters (font configuration and more) when the first document
/// opens and frees them when the last one closes, so opening PDFs one after another rebuilt
/// them every time: most of the cost of reading a small PDF. One tiny document held open for
/// the life of the process keeps them built.
enum PopplerGlobals {
    private static let minimalPDF = """
        %PDF-1.4
        1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
        2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj
        trailer<</Root 1 0 R>>
        %%EOF
        """

    /// Never released: its only purpose is to exist.
    nonisolated(unsafe) private static let keeper: OpaquePointer? = {
        let bytes = Array(minimalPDF.utf8)
        let gbytes = bytes.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(gbytes) }
        var error: UnsafeMutablePointer<GError>?
        let document = poppler_document_new_from_bytes(gbytes, nil, &error)
        if error != nil { g_error_free(error) }
        return document
    }()

    static func keepAlive() { _ = keeper }
}
