extension Invoice {
    /// Calls `body` with every piece of text the invoice holds, in document order, and its
    /// place as findings name it (`seller.name`, `lines[2].name`), built only when asked for:
    /// validation walks every invoice, and most texts need no place.
    public func forEachText(_ body: (_ text: String, _ path: () -> String) -> Void) {
        func visit(_ text: String?, _ path: @autoclosure () -> String) {
            guard let text, !text.isEmpty else { return }
            withoutActuallyEscaping(path) { path in body(text, path) }
        }
        visit(number, "number")
        visit(currency, "currency")
        visit(order?.marketplace, "order.marketplace")
        visit(order?.orderNumber, "order.orderNumber")
        visit(order?.postingNumber, "order.postingNumber")
        for (name, party) in [("seller", seller), ("buyer", buyer), ("shipper", shipper), ("consignee", consignee)] {
            guard let party else { continue }
            visit(party.name, "\(name).name")
            visit(party.localName, "\(name).localName")
            visit(party.address, "\(name).address")
            for (index, id) in party.taxIds.enumerated() { visit(id.value, "\(name).taxIds[\(index)].value") }
        }
        for (index, document) in paymentDocuments.enumerated() { visit(document.number, "paymentDocuments[\(index)].number") }
        for (index, document) in shippingDocuments.enumerated() { visit(document.number, "shippingDocuments[\(index)].number") }
        visit(contract?.number, "contract.number")
        visit(correction?.number, "correction.number")
        visit(signer?.name, "signer.name")
        visit(signer?.position, "signer.position")
        for (index, line) in lines.enumerated() {
            visit(line.name, "lines[\(index)].name")
            visit(line.sku, "lines[\(index)].sku")
            visit(line.offerId, "lines[\(index)].offerId")
            visit(line.hsCode, "lines[\(index)].hsCode")
            visit(line.unit?.name, "lines[\(index)].unit.name")
            visit(line.customsDeclaration, "lines[\(index)].customsDeclaration")
            visit(line.traceability?.batchNumber, "lines[\(index)].traceability.batchNumber")
            visit(line.traceability?.unit.name, "lines[\(index)].traceability.unit.name")
        }
    }
}
