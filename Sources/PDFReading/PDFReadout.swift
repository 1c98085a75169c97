public import Foundation

/// What a PDF reader process found in one PDF: its embedded `invoice.xml`, or its pages' words.
public struct PDFReadout: Sendable, Hashable {
    /// The name of the embedded file a Faktura PDF carries its invoice in (docs/rendering.md).
    public static let embeddedFileName = "invoice.xml"

    /// The embedded `invoice.xml` (when asked for and present; the pages are then not read).
    public var embeddedXML: Data?
    public var pages: [PDFPageText]
    /// Image-only pages beyond the OCR page budget, left unread.
    public var pagesNotRead: Int
    /// Pages chosen for OCR that were not read, each with why (naming the page, and for an
    /// image over the pixel budget the image and the size it claims).
    public var ocrRefusals: [String] = []
    /// The reader knows that no page draws an image (it read the pages from their content
    /// streams, which decline form XObjects and inline images, and count a Type 3
    /// font as a possible image): a reading for
    /// scanned pages (``PDFReadMode/ocrScannedPages``) would find no page to read by OCR.
    /// False when the reader cannot tell.
    public var drawsNoImages = false

    public init(embeddedXML: Data? = nil, pages: [PDFPageText] = [], pagesNotRead: Int = 0) {
        self.embeddedXML = embeddedXML
        self.pages = pages
        self.pagesNotRead = pagesNotRead
    }
}
