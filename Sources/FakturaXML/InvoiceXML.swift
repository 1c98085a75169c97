public import Foundation
public import InvoiceModel

/// The XML form of an ``Invoice`` (namespace `urn:faktura:invoice:1`), the form a rendered PDF
/// embeds as `invoice.xml`.
///
/// ```swift
/// let xml = InvoiceXML.encode(invoice)                       // deterministic UTF-8
/// let back = try InvoiceXML.decode(xml, source: "invoice.xml") // parsed, validated, mapped
/// // back == invoice
/// ```
public enum InvoiceXML {
    /// The target namespace of ``schemaText``.
    public static let namespace = "urn:faktura:invoice:1"

    /// ``schemaText`` compiled once for the process.
    private static let compiled = Result { () throws(XMLError) -> XMLSchema in
        try XMLSchema(xsd: schemaText, source: "InvoiceXML.schemaText")
    }

    /// The compiled invoice schema, shared by all callers and threads.
    public static func schema() throws(XMLError) -> XMLSchema {
        try compiled.get()
    }

    // MARK: Encoding

    /// Writes the invoice as pretty-printed UTF-8 XML (2-space indent). The same invoice always
    /// gives the same bytes: fixed element order, money with at least the currency's minor units
    /// (`12.50`), quantities in their shortest exact form (`0.375`), nil fields left out.
    public static func encode(_ invoice: Invoice) -> Data {
        let scale = invoice.minorUnits
        func money(_ value: Decimal) -> String {
            // The value's own places, as its canonical text shows them: a nonzero decimal prints
            // exactly -exponent fraction digits when the exponent is negative.
            let ownScale: Int
            if value.isNaN || value.isZero {
                let canonical = DecimalText.canonical(value)
                ownScale = canonical.split(separator: ".").dropFirst().first?.count ?? 0
            } else {
                ownScale = max(0, -Int(value.exponent))
            }
            return DecimalText.format(value, scale: max(scale, ownScale))
        }
        let bytes = XMLWriter.documentBytes(root: "invoice", attributes: [("xmlns", namespace)]) { xml in
            xml.element("number", invoice.number)
            xml.element("date", invoice.date.description)
            if let correction = invoice.correction { writeDocument(correction, as: "correction", to: &xml) }
            xml.element("currency", invoice.currency)
            xml.element("jurisdiction", invoice.jurisdiction)
            xml.element("pricesIncludeVat", invoice.pricesIncludeVat ? "true" : "false")
            if invoice.supply != .goods { xml.element("supply", invoice.supply.rawValue) }
            if let order = invoice.order {
                xml.container("order") { xml in
                    xml.element("marketplace", order.marketplace)
                    xml.element("orderNumber", order.orderNumber)
                    xml.element("postingNumber", order.postingNumber)
                }
            }
            writeParty(invoice.seller, as: "seller", to: &xml)
            writeParty(invoice.buyer, as: "buyer", to: &xml)
            if let shipper = invoice.shipper { writeParty(shipper, as: "shipper", to: &xml) }
            if let consignee = invoice.consignee { writeParty(consignee, as: "consignee", to: &xml) }
            for document in invoice.paymentDocuments { writeDocument(document, as: "paymentDocument", to: &xml) }
            for document in invoice.shippingDocuments { writeDocument(document, as: "shippingDocument", to: &xml) }
            if let contract = invoice.contract { writeDocument(contract, as: "contract", to: &xml) }
            for line in invoice.lines {
                xml.container("line") { xml in
                    xml.element("sku", line.sku)
                    xml.element("offerId", line.offerId)
                    xml.element("name", line.name)
                    xml.element("hsCode", line.hsCode)
                    if let unit = line.unit {
                        xml.container("unit") { xml in
                            xml.element("code", unit.code)
                            xml.element("name", unit.name)
                        }
                    }
                    xml.element("quantity", DecimalText.canonical(line.quantity))
                    xml.element("price", money(line.price))
                    xml.element("vatRate", line.vatRate.text)
                    xml.element("excise", line.excise.map(money))
                    xml.element("originCountry", line.originCountry)
                    xml.element("customsDeclaration", line.customsDeclaration)
                    xml.element("vatAmount", line.vatAmount.map(money))
                    xml.element("amountWithoutVat", line.amountWithoutVat.map(money))
                    xml.element("amountWithVat", line.amountWithVat.map(money))
                    if let trace = line.traceability {
                        xml.container("traceability") { xml in
                            xml.element("batchNumber", trace.batchNumber)
                            xml.container("unit") { xml in
                                xml.element("code", trace.unit.code)
                                xml.element("name", trace.unit.name)
                            }
                            xml.element("quantity", DecimalText.canonical(trace.quantity))
                            xml.element("amountWithoutVat", trace.amountWithoutVat.map(money))
                        }
                    }
                    for code in line.markingCodes { xml.element("markingCode", code) }
                }
            }
            if let totals = invoice.totals {
                xml.container("totals") { xml in
                    xml.element("amountWithoutVat", totals.amountWithoutVat.map(money))
                    xml.element("vatAmount", totals.vatAmount.map(money))
                    xml.element("amountWithVat", totals.amountWithVat.map(money))
                }
            }
            if let signer = invoice.signer {
                xml.container("signer") { xml in
                    xml.element("name", signer.name)
                    xml.element("position", signer.position)
                }
            }
        }
        return Data(bytes)
    }

    private static func writeParty(_ party: Party, as name: String, to xml: inout XMLWriter) {
        xml.container(name) { xml in
            xml.element("name", party.name)
            xml.element("localName", party.localName)
            xml.element("country", party.country)
            for id in party.taxIds {
                xml.element("taxId", id.value, attributes: [("scheme", id.scheme)])
            }
            xml.element("address", party.address)
        }
    }

    private static func writeDocument(_ document: DocumentReference, as name: String, to xml: inout XMLWriter) {
        xml.container(name) { xml in
            xml.element("number", document.number)
            xml.element("date", document.date?.description)
        }
    }

    // MARK: Decoding

    /// Parses (hardened: no DTD, no entities, no network), validates against ``schemaText`` and
    /// maps to the model. Errors name `source`, the line and the element.
    public static func decode(_ data: Data, source: String) throws(XMLError) -> Invoice {
        let root = try XMLDocument.parse(data, source: source, schema: try schema())
        return try InvoiceXMLReader(source: source).invoice(root)
    }
}

/// Maps a schema-valid `<invoice>` tree to the model. The schema already guarantees structure
/// and lexical forms; this checks what it cannot (real calendar days, decimal precision).
private struct InvoiceXMLReader {
    let source: String

    func invoice(_ node: XMLNode) throws(XMLError) -> Invoice {
        Invoice(
            number: try text(node, "number"),
            date: try date(try required(node, "date")),
            currency: try text(node, "currency"),
            jurisdiction: node.child("jurisdiction")?.text ?? "RU",
            pricesIncludeVat: try node.child("pricesIncludeVat").map { (n) throws(XMLError) in try boolean(n) } ?? false,
            order: node.child("order").map { order in
                OrderReference(marketplace: order.child("marketplace")?.text,
                               orderNumber: order.child("orderNumber")?.text,
                               postingNumber: order.child("postingNumber")?.text)
            },
            seller: try party(try required(node, "seller")),
            buyer: try party(try required(node, "buyer")),
            shipper: try node.child("shipper").map { (n) throws(XMLError) in try party(n) },
            consignee: try node.child("consignee").map { (n) throws(XMLError) in try party(n) },
            paymentDocuments: try node.children("paymentDocument").map { (n) throws(XMLError) in try document(n) },
            shippingDocuments: try node.children("shippingDocument").map { (n) throws(XMLError) in try document(n) },
            contract: try node.child("contract").map { (n) throws(XMLError) in try document(n) },
            lines: try node.children("line").map { (n) throws(XMLError) in try line(n) },
            totals: try node.child("totals").map { (n) throws(XMLError) in
                InvoiceTotals(amountWithoutVat: try optionalDecimal(n, "amountWithoutVat"),
                              vatAmount: try optionalDecimal(n, "vatAmount"),
                              amountWithVat: try optionalDecimal(n, "amountWithVat"))
            },
            correction: try node.child("correction").map { (n) throws(XMLError) in try document(n) },
            // The schema allows only goods and services.
            supply: node.child("supply").flatMap { Supply(rawValue: $0.text.trimmingCharacters(in: .whitespaces)) } ?? .goods,
            signer: try node.child("signer").map { (n) throws(XMLError) in
                Signer(name: try text(n, "name"), position: n.child("position")?.text)
            })
    }

    private func party(_ node: XMLNode) throws(XMLError) -> Party {
        Party(name: try text(node, "name"),
              localName: node.child("localName")?.text,
              country: node.child("country")?.text,
              taxIds: try node.children("taxId").map { (id) throws(XMLError) in
                  guard let scheme = id.attributes["scheme"] else {
                      throw .content(source: source, line: id.line, element: id.name,
                                     message: "the attribute scheme is missing")
                  }
                  return TaxID(scheme: scheme, value: id.text)
              },
              address: node.child("address")?.text)
    }

    private func document(_ node: XMLNode) throws(XMLError) -> DocumentReference {
        DocumentReference(number: try text(node, "number"),
                          date: try node.child("date").map { (n) throws(XMLError) in try date(n) })
    }

    private func line(_ node: XMLNode) throws(XMLError) -> InvoiceLine {
        let rateNode = try required(node, "vatRate")
        guard let rate = VATRate(text: rateNode.text) else {
            throw .content(source: source, line: rateNode.line, element: rateNode.name,
                           message: "'\(rateNode.text)' is not a VAT rate; write 22%, 22/122 or none")
        }
        return InvoiceLine(
            sku: node.child("sku")?.text,
            offerId: node.child("offerId")?.text,
            name: try text(node, "name"),
            hsCode: node.child("hsCode")?.text,
            unit: try node.child("unit").map { (unit) throws(XMLError) in
                UnitOfMeasure(code: try text(unit, "code"), name: unit.child("name")?.text)
            },
            quantity: try decimal(try required(node, "quantity")),
            price: try decimal(try required(node, "price")),
            vatRate: rate,
            excise: try optionalDecimal(node, "excise"),
            originCountry: node.child("originCountry")?.text,
            customsDeclaration: node.child("customsDeclaration")?.text,
            vatAmount: try optionalDecimal(node, "vatAmount"),
            amountWithoutVat: try optionalDecimal(node, "amountWithoutVat"),
            amountWithVat: try optionalDecimal(node, "amountWithVat"),
            traceability: try node.child("traceability").map { (trace) throws(XMLError) in
                let unit = try required(trace, "unit")
                return Traceability(batchNumber: try text(trace, "batchNumber"),
                                    unit: UnitOfMeasure(code: try text(unit, "code"), name: unit.child("name")?.text),
                                    quantity: try decimal(try required(trace, "quantity")),
                                    amountWithoutVat: try optionalDecimal(trace, "amountWithoutVat"))
            },
            markingCodes: node.children("markingCode").map(\.text))
    }

    private func required(_ parent: XMLNode, _ name: String) throws(XMLError) -> XMLNode {
        guard let node = parent.child(name) else {
            throw .content(source: source, line: parent.line, element: parent.name,
                           message: "the element <\(name)> is missing")
        }
        return node
    }

    private func text(_ parent: XMLNode, _ name: String) throws(XMLError) -> String {
        try required(parent, name).text
    }

    private func trimmed(_ node: XMLNode) -> String {
        node.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func decimal(_ node: XMLNode) throws(XMLError) -> Decimal {
        guard let value = DecimalText.parse(trimmed(node)) else {
            throw .content(source: source, line: node.line, element: node.name,
                           message: "'\(node.text)' is not a plain decimal of at most 38 digits, such as 12345.67")
        }
        return value
    }

    private func optionalDecimal(_ parent: XMLNode, _ name: String) throws(XMLError) -> Decimal? {
        guard let node = parent.child(name) else { return nil }
        return try decimal(node)
    }

    private func date(_ node: XMLNode) throws(XMLError) -> LocalDate {
        guard let value = LocalDate(iso: trimmed(node)) else {
            throw .content(source: source, line: node.line, element: node.name,
                           message: "'\(node.text)' is not a calendar date in the form YYYY-MM-DD")
        }
        return value
    }

    private func boolean(_ node: XMLNode) throws(XMLError) -> Bool {
        switch trimmed(node) {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw .content(source: source, line: node.line, element: node.name,
                           message: "'\(node.text)' is not true or false")
        }
    }
}
