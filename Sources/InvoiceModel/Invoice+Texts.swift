extension Invoice {
    /// Every piece of text the invoice holds, with its place as findings name it
    /// (`seller.name`, `lines[2].name`), in document order: what a rendered page can show.
    public var texts: [(path: String, text: String)] {
        var result: [(path: String, text: String)] = [("number", number), ("currency", currency)]
        func add(_ path: String, _ text: String?) {
            if let text, !text.isEmpty { result.append((path, text)) }
        }
        if let order {
            add("order.marketplace", order.marketplace)
            add("order.orderNumber", order.orderNumber)
            add("order.postingNumber", order.postingNumber)
        }
        for (name, party) in [("seller", seller), ("buyer", buyer), ("shipper", shipper), ("consignee", consignee)] {
            guard let party else { continue }
            add("\(name).name", party.name)
            add("\(name).localName", party.localName)
            add("\(name).address", party.address)
            for (index, id) in party.taxIds.enumerated() { add("\(name).taxIds[\(index)].value", id.value) }
        }
        for (key, documents) in [("paymentDocuments", paymentDocuments), ("shippingDocuments", shippingDocuments)] {
            for (index, document) in documents.enumerated() { add("\(key)[\(index)].number", document.number) }
        }
        add("contract.number", contract?.number)
        add("correction.number", correction?.number)
        for (index, line) in lines.enumerated() {
            add("lines[\(index)].name", line.name)
            add("lines[\(index)].sku", line.sku)
            add("lines[\(index)].offerId", line.offerId)
            add("lines[\(index)].hsCode", line.hsCode)
            add("lines[\(index)].unit.name", line.unit?.name)
            add("lines[\(index)].customsDeclaration", line.customsDeclaration)
        }
        return result
    }
}
