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

    public var source: String {
        switch self {
        case .notPDF(let source), .encrypted(let source), .damaged(let source, _): source
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
        }
    }

    public var description: String { "\(source): \(reason)" }
}

/// A PDF opened for reading its text and embedded files (poppler-glib).
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
