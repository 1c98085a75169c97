import FakturaTestSupport
import Foundation
import InvoiceModel
@testable import Findings
@testable import Validate

/// The validator and fixtures of the Validate tests; the invoices are FakturaTestSupport's ``Samples``.
extension Samples {
    static let validator = InvoiceValidator(today: today)

    static func codes(_ invoice: Invoice, validator: InvoiceValidator = validator) -> [FindingCode] {
        validator.validate(invoice).map(\.code)
    }

    static func fixture(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return url
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "test fixture Fixtures/\(name) is not in the test bundle" }
    }
}
