public import Foundation
public import InvoiceModel
import FakturaXML

/// Renders invoices to PDF with a template.
///
/// ```swift
/// let renderer = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "ru-schet-faktura"))
/// let pdf: Data = try renderer.render(invoice)
/// ```
///
/// The output embeds subsets of its fonts and the invoice's XML as `invoice.xml`, and is
/// deterministic: the same invoice and template give the same bytes. A renderer holds no
/// mutable state, so one instance can serve any number of concurrent tasks.
public struct InvoiceRenderer: Sendable {
    public let template: InvoiceTemplate
    public let fonts: FontSet

    public init(template: InvoiceTemplate, fonts: FontSet = .system) {
        self.template = template
        self.fonts = fonts
    }

    /// Renders one invoice.
    public func render(_ invoice: Invoice) throws(RenderError) -> Data {
        Data(try renderBytes(invoice))
    }

    func renderBytes(_ invoice: Invoice) throws(RenderError) -> [UInt8] {
        // Document font slots: each distinct face once, regular faces first.
        var faces: [FontSet.Face] = []
        func slot(_ face: FontSet.Face) -> Int {
            if let index = faces.firstIndex(of: face) { return index }
            faces.append(face)
            return faces.count - 1
        }
        guard !fonts.regular.isEmpty, !fonts.bold.isEmpty else {
            throw RenderError.font(path: "(font set)", message: "the font set needs at least one regular and one bold face")
        }
        let regularSlots = fonts.regular.map(slot)
        let boldSlots = fonts.bold.map(slot)
        var parsed: [TrueTypeFont] = []
        for face in faces { parsed.append(try FontCache.font(face)) }
        let regular = FontChain(fonts: regularSlots.map { parsed[$0] }, slots: regularSlots)
        let bold = FontChain(fonts: boldSlots.map { parsed[$0] }, slots: boldSlots)
        let documentFonts = DocumentFonts(fonts: parsed)

        let fields = InvoiceFields(invoice: invoice, numbers: template.page.numbers)
        let pages = PageLayout(template: template, fields: fields, regular: regular, bold: bold, fonts: documentFonts).run()

        // Glyph sets are complete now: number each font's subset and point the pages at it.
        let subsets = documentFonts.subsets()
        let newIDs = subsets.map(\.newIDTable)
        let document = try PDFDocument()
        for var page in pages {
            page.resolveGlyphs(newIDs)
            try document.addPage(page)
        }
        try document.embedFonts(subsets, used: documentFonts.used)
        try document.attach(fileNamed: "invoice.xml", bytes: [UInt8](InvoiceXML.encode(invoice)), mimeType: "application/xml",
                            description: "Invoice data (urn:faktura:invoice:1)")
        var subject = "Invoice \(invoice.number)"
        if let posting = invoice.order?.postingNumber { subject += ", posting \(posting)" }
        try document.setInfo(title: "\(template.title ?? template.name) № \(invoice.number) \(invoice.date)", subject: subject,
                             date: (invoice.date.year, invoice.date.month, invoice.date.day))
        return try document.save()
    }
}
