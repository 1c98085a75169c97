import Foundation
import InvoiceModel

/// Labels that announce facts in invoice text, in the languages Faktura's users write
/// (Russian, English, Chinese), as one table: a new label or language is one line here.
enum InvoiceTextLabels {
    /// What a label announces: a fact in a line of text, or a column of the goods table.
    enum Kind: Int, CaseIterable, Sendable {
        case total, taxId, kpp, vat, exempt
        // Columns of the goods table, in the order a header cell is tried: the more specific
        // label first ("сумма НДС" is the VAT amount, not the amount; "unit price" the price).
        case position, sku, hsCode, vatAmount, vatRate, amount, price, quantity, unit, origin, name
        /// The amount without VAT ("Сумма без НДС", 金额 of the 发票).
        case net
    }

    /// Lower case; a label matches as a whole word (it must not touch letters).
    static let table: [Kind: [String]] = [
        .total: ["итого", "всего к оплате", "всего", "к оплате", "total", "grand total", "amount due", "合计", "总计",
                 "含税总计", "价税合计", "合计金额"],
        .taxId: ["инн", "кпп", "огрн", "inn", "kpp", "ogrn", "uscc", "统一社会信用代码", "信用代码", "税号", "纳税人识别号",
                 "tax id", "taxpayer", "tin", "vat no", "vat id", "vat number", "vkn", "bin", "бин", "унп", "unp",
                 "registration no"],
        .kpp: ["кпп", "kpp"],
        .vat: ["ндс", "vat", "增值税", "税率", "税额"],
        .exempt: ["без ндс", "vat exempt", "not subject to vat", "免税", "不征税"],
        // Columns: the short headings sellers type, the official forms' long ones (the
        // счёт-фактура's and the UPD's columns, the 增值税发票's 货物或应税劳务名称 … 价税合计),
        // and the English ones of commercial invoices. A bilingual cell ("Кол-во / Q-ty") is
        // one column whichever half is found first.
        .position: ["№", "no", "no.", "#", "序号", "行号", "п/п", "№ п/п", "n", "item", "line", "line no"],
        .sku: ["sku", "sku ozon", "ozon sku", "код ozon", "артикул", "артикул продавца", "арт", "article", "item code",
               "seller sku", "part no", "part no.", "货号", "商品货号", "商品编号", "规格型号", "offer id",
               "код товара продавца", "код товара/ работ, услуг", "код товара/работ, услуг"],
        .hsCode: ["тн вэд", "тнвэд", "код тн вэд", "код тн вэд еаэс", "код товара", "код вида товара", "hs", "hs code",
                  "hs code (tn ved)", "tn ved", "customs code", "tariff code", "海关编码", "商品编码", "hs编码", "税则号",
                  "tariff"],
        .vatAmount: ["сумма ндс", "ндс, руб", "сумма налога", "сумма налога, предъявляемая покупателю", "ндс",
                     "vat amount", "vat sum", "vat", "tax", "tax amount", "税额", "增值税额"],
        .vatRate: ["ставка ндс", "ставка", "налоговая ставка", "ндс, %", "ндс %", "vat rate", "vat %", "tax rate",
                   "税率", "增值税率", "征收率"],
        .net: ["сумма без ндс", "стоимость без ндс", "стоимость товаров (работ, услуг), имущественных прав без налога — всего",
               "стоимость товаров (работ, услуг), имущественных прав без налога - всего", "net amount", "amount excl. vat",
               "net", "金额", "不含税金额"],
        .amount: ["сумма", "стоимость", "всего", "amount", "total", "line total", "gross amount", "sum", "价税合计", "含税金额",
                  "小计", "сумма с ндс", "стоимость с ндс", "всего с ндс", "amount incl. vat", "total incl. vat",
                  "стоимость товаров (работ, услуг), имущественных прав с налогом — всего",
                  "стоимость товаров (работ, услуг), имущественных прав с налогом - всего"],
        .price: ["цена", "цена без ндс", "цена с ндс", "цена за ед.", "цена за ед", "цена (тариф) за единицу измерения",
                 "unit price", "unit price incl. vat", "price", "rate", "单价", "含税单价"],
        .quantity: ["кол-во", "количество", "количество (объём)", "количество (объем)", "кол", "кол.", "qty", "q-ty",
                    "quantity", "pcs", "数量"],
        .unit: ["ед", "ед.", "ед. изм", "ед. изм.", "единица", "единица измерения", "unit", "units", "uom", "单位", "计量单位"],
        .origin: ["страна происхождения", "страна", "страна происхождения товара", "origin", "country of origin", "coo",
                  "原产地", "原产国"],
        .name: ["наименование", "наименование товара", "товар", "description", "description of goods", "item description",
                "product", "goods", "名称", "商品名称", "品名", "货物或应税劳务名称", "货物或应税劳务、服务名称"],
    ]

    static let taxId = table[.taxId]!
    static let kpp = table[.kpp]!
    static let hsCode = table[.hsCode]!
    static let vat = table[.vat]!
    static let total = table[.total]!
    static let exempt = table[.exempt]!

    /// The column kinds, in the order a header cell is tried.
    static let columnKinds: [Kind] = [.position, .sku, .hsCode, .vatRate, .vatAmount, .net, .amount, .price, .quantity,
                                      .unit, .origin, .name]

    /// Each column label and the column it names (a label listed for two kinds names the one
    /// earlier in ``columnKinds``).
    static let columnOfLabel: [String: Kind] = {
        var result: [String: Kind] = [:]
        for kind in columnKinds.reversed() {
            for label in table[kind]! { result[label] = kind }
        }
        return result
    }()

    /// ``columnOfLabel`` for a header phrase whose punctuation is trimmed: a label's own text,
    /// else the label that is the phrase and a dot ("ед" names the unit as "ед." does).
    static let columnOfHeaderPhrase: [String: Kind] = {
        var result = columnOfLabel
        for (label, kind) in columnOfLabel where label.hasSuffix(".") && result[String(label.dropLast())] == nil {
            result[String(label.dropLast())] = kind
        }
        return result
    }()

    /// A header phrase without its spaces and label punctuation (`.,:;()`), as a wrapped cell
    /// may split or join them: "кол -во" is "кол-во", "ндс ,%" is "ндс, %".
    static func compact(_ phrase: String) -> String {
        // The scalars dropped are ASCII, whose bytes stand for nothing else in UTF-8: dropping
        // the bytes drops those scalars and keeps every other whole.
        func dropped(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x2E || byte == 0x2C || byte == 0x3A || byte == 0x3B || byte == 0x28 || byte == 0x29
        }
        guard phrase.utf8.contains(where: dropped) else { return phrase }
        return String(decoding: phrase.utf8.filter { !dropped($0) }, as: UTF8.self)
    }

    /// ``compact(_:)`` scalar by scalar: the code it replaced, for tests.
    static func compactByScalars(_ phrase: String) -> String {
        String(String.UnicodeScalarView(phrase.unicodeScalars.filter { scalar in
            !(scalar == " " || scalar == "." || scalar == "," || scalar == ":" || scalar == ";" || scalar == "(" || scalar == ")")
        }))
    }

    /// ``columnOfLabel`` by ``compact(_:)`` of each label.
    static let columnOfCompactLabel: [String: Kind] = {
        var result: [String: Kind] = [:]
        for kind in columnKinds.reversed() {
            for label in table[kind]! { result[compact(label)] = kind }
        }
        return result
    }()

    /// ``columnOfCompactLabel`` by the bytes of each compact label, when every one of them is
    /// compared byte for byte (``HeaderWord/comparesByBytes(_:)``; nil otherwise, and the labels
    /// are looked up as strings).
    static let columnOfCompactLabelByBytes: [UTF8Key: Kind]? = {
        guard columnOfCompactLabel.keys.allSatisfy(HeaderWord.comparesByBytes) else { return nil }
        return Dictionary(uniqueKeysWithValues: columnOfCompactLabel.map { (UTF8Key(text: $0.key), $0.value) })
    }()

    /// ``columnOfCompactLabel`` of `text`; `comparesByBytes` says that ``HeaderWord/comparesByBytes(_:)``
    /// holds for `text`, which is then looked up by its bytes: texts of such scalars are equal as
    /// strings exactly when their bytes are (ReadingFastPathTests).
    static func column(ofCompactText text: String, comparesByBytes: Bool) -> Kind? {
        if comparesByBytes, let byBytes = columnOfCompactLabelByBytes { return byBytes[UTF8Key(text: text)] }
        return columnOfCompactLabel[text]
    }

    /// The words of the column labels, their punctuation trimmed (``InvoiceTableReader/trimmingPunctuation(_:)``):
    /// a word of a header phrase after its first is always one of these.
    static let columnLabelWords: Set<String> = Set(columnOfLabel.keys.flatMap { label in
        label.split(separator: " ").map { InvoiceTableReader.trimmingPunctuation(String($0)) }
    })

    /// Every start (by scalars, the whole too) of a word of a column label
    /// (``columnLabelWords``), and of such a word and a slash: a word cut in a narrow column is
    /// one of these over the rest (``TextLine/cutWithoutHyphen(_:_:)``).
    static let columnLabelWordStarts: Set<String> = {
        var starts = Set<String>()
        for word in columnLabelWords {
            for whole in [word, word + "/"] {
                var prefix = String.UnicodeScalarView()
                for scalar in whole.unicodeScalars {
                    prefix.append(scalar)
                    starts.insert(String(prefix))
                }
            }
        }
        return starts
    }()

    /// The first words of the column labels of several words ("код" of "код тн вэд").
    private static let multiWordLabelStarts: Set<String> = Set(columnOfLabel.keys.compactMap { label in
        label.firstIndex(of: " ").map { String(label[..<$0]) }
    })

    /// Whether a phrase that starts with `text` (lower case, leading punctuation trimmed) can be
    /// a column label of several words: its text up to the first space must start one.
    static func startsMultiWordLabel(_ text: String) -> Bool {
        // A word holds no space (the usual case): the text itself is its first word.
        guard text.utf8.contains(0x20) else { return multiWordLabelStarts.contains(text) }
        let first = text.firstIndex(of: " ").map { text[..<$0] } ?? text[...]
        return multiWordLabelStarts.contains(String(first))
    }

    /// The most words a column label has ("код тн вэд", "сумма с ндс", "amount incl. vat").
    static let longestColumnLabel = columnOfLabel.keys.map { $0.split(separator: " ").count }.max() ?? 1

    /// The column a header cell names: the kind with the longest label the lower-cased cell
    /// holds as a word ("сумма с ндс" is the amount although it holds "ндс"); ties go to the
    /// kind earlier in ``columnKinds``.
    static func column(ofHeaderCell cell: String) -> Kind? {
        var lower = cell.lowercased()
        return lower.withUTF8 { bytes -> Kind? in
            var best: (kind: Kind, length: Int)?
            for kind in columnKinds {
                for label in table[kind]! where label.utf8.count > (best?.length ?? 0) && containsWord(bytes, label) {
                    best = (kind, label.utf8.count)
                }
            }
            return best?.kind
        }
    }

    /// Whether the lower-cased line holds a label as a word (a label must not touch letters,
    /// so "инн" is not found in "иннокентий"). Searches UTF-8 bytes: this runs for every line.
    static func contains(_ line: String, _ labels: [String]) -> Bool {
        var line = line
        return line.withUTF8 { bytes in labels.contains { label in containsWord(bytes, label) } }
    }

    private static func containsWord(_ bytes: UnsafeBufferPointer<UInt8>, _ label: String) -> Bool {
        var label = label
        return label.withUTF8 { needle -> Bool in
            guard let first = needle.first, needle.count <= bytes.count else { return false }
            var start = 0
            while start + needle.count <= bytes.count {
                if bytes[start] == first && memcmp(bytes.baseAddress! + start, needle.baseAddress!, needle.count) == 0,
                   standsAsWord(bytes, start: start, length: needle.count) {
                    return true
                }
                start += 1
            }
            return false
        }
    }

    /// Whether the label found at `start` stands as a word: no letter touches it. Chinese writes
    /// no spaces between words, so a CJK label counts wherever it stands.
    static func standsAsWord(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Bool {
        if bytes[start] >= 0xE3 { return true }
        return !isLetter(before: start, in: bytes) && !isLetter(at: start + length, in: bytes)
    }

    /// Whether the scalar that starts at `index` is a letter.
    private static func isLetter(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index < bytes.count else { return false }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return scalarIsLetter(bytes, index..<end)
    }

    /// Whether the scalar that ends just before `index` is a letter.
    private static func isLetter(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index > 0 else { return false }
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalarIsLetter(bytes, start..<index)
    }

    private static func scalarIsLetter(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count == 1 {
            let byte = bytes[range.lowerBound]
            return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return text.unicodeScalars.first?.properties.isAlphabetic ?? false
    }
}

