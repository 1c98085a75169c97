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
        Data(try renderBytes(invoice).bytes)
    }

    /// Renders one invoice and says which of its characters no font could draw (each
    /// printed as an empty box), so the caller can warn about them.
    public func renderReporting(_ invoice: Invoice) throws(RenderError) -> RenderedInvoice {
        let (bytes, missing) = try renderBytes(invoice)
        guard !missing.isEmpty else { return RenderedInvoice(pdf: Data(bytes), uncoveredCharacters: []) }
        var uncovered = GlyphCoverage.uncovered(in: invoice) { !missing.contains($0) }
        // What is not in the invoice's text came from the template's own words.
        let fromInvoice = Set(uncovered.map(\.scalar))
        for scalar in missing.subtracting(fromInvoice).sorted(by: { $0.value < $1.value }) {
            uncovered.append(UncoveredCharacter(scalar: scalar, path: "template \(template.name)"))
        }
        return RenderedInvoice(pdf: Data(bytes), uncoveredCharacters: uncovered)
    }

    func renderBytes(_ invoice: Invoice) throws(RenderError) -> (bytes: [UInt8], missing: Set<Unicode.Scalar>) {
        let fields = InvoiceFields(invoice: invoice, numbers: template.page.numbers)
        var chains = try fonts.documentChains()
        var pages = layOut(fields, chains)
        if !chains.fonts.missing.isEmpty && !fonts.fallback.isEmpty {
            // Rare characters: only now are the large fallback fonts read, and the pages laid
            // out again with them (their widths change the line breaks).
            let needed = try fonts.fallbackFaces(covering: chains.fonts.missing)
            if !needed.isEmpty {
                chains = try fonts.documentChains(fallback: needed)
                pages = layOut(fields, chains)
            }
        }
        let document = try PDFDocument.assemble(pages: pages, fonts: chains.fonts)
        try document.attach(fileNamed: "invoice.xml", bytes: [UInt8](InvoiceXML.encode(invoice)), mimeType: "application/xml",
                            description: "Invoice data (urn:faktura:invoice:1)")
        var subject = "Invoice \(invoice.number)"
        if let posting = invoice.order?.postingNumber { subject += ", posting \(posting)" }
        try document.setInfo(title: "\(template.title ?? template.name) № \(invoice.number) \(invoice.date)", subject: subject,
                             date: (invoice.date.year, invoice.date.month, invoice.date.day))
        return (try document.save(), chains.fonts.missing)
    }

    private func layOut(_ fields: InvoiceFields, _ chains: DocumentFontChains) -> [PageCanvas] {
        PageLayout(template: template, fields: fields, regular: chains.regular, bold: chains.bold, fonts: chains.fonts).run()
    }
}
