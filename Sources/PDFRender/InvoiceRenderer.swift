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
        let chains = try fonts.documentChains()
        let fields = InvoiceFields(invoice: invoice, numbers: template.page.numbers)
        let pages = PageLayout(template: template, fields: fields, regular: chains.regular, bold: chains.bold,
                               fonts: chains.fonts).run()
        let document = try PDFDocument.assemble(pages: pages, fonts: chains.fonts)
        try document.attach(fileNamed: "invoice.xml", bytes: [UInt8](InvoiceXML.encode(invoice)), mimeType: "application/xml",
                            description: "Invoice data (urn:faktura:invoice:1)")
        var subject = "Invoice \(invoice.number)"
        if let posting = invoice.order?.postingNumber { subject += ", posting \(posting)" }
        try document.setInfo(title: "\(template.title ?? template.name) № \(invoice.number) \(invoice.date)", subject: subject,
                             date: (invoice.date.year, invoice.date.month, invoice.date.day))
        return try document.save()
    }
}
