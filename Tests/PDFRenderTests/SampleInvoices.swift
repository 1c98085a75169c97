import FakturaTestSupport
import Foundation
import InvoiceModel
@testable import PDFRender

/// The templates the render tests draw with; the invoices are FakturaTestSupport's ``Samples``.
enum SampleInvoices {
    static let chineseSellerName = Samples.chineseSellerName

    static func crossBorder(lines count: Int = 3) -> Invoice { Samples.crossBorder(lines: count) }

    /// The repository's `templates/` folder.
    static let catalog = TemplateCatalog(directory: CLI.repositoryRoot.appendingPathComponent("templates"))

    static func renderer(_ name: String) throws -> InvoiceRenderer {
        InvoiceRenderer(template: try catalog.template(named: name))
    }
}
