public import Foundation
public import PDFRender

/// The dispute bundle's cover sheet for an arbiter, in Russian and English: what the bundle
/// holds, every file's SHA-256, the timeline of archive entries and how to check it all.
public enum CoverPage {
    /// The sheet as text blocks (what ``render(_:)`` draws).
    public static func blocks(for sheet: CoverSheet) -> [TextPages.Block] {
        var blocks: [TextPages.Block] = [
            .title("Пакет доказательств по отправлению \(sheet.posting)"),
            .title("Evidence bundle for posting \(sheet.posting)"),
            .paragraph("Сформирован / Exported: \(sheet.exportedAt) (UTC), \(sheet.agent)"),
        ]
        if let first = sheet.entries.first {
            var order: [String] = []
            if let marketplace = first.marketplace { order.append("маркетплейс / marketplace: \(marketplace)") }
            if let number = first.orderNumber { order.append("заказ / order: \(number)") }
            if !order.isEmpty { blocks.append(.paragraph(order.joined(separator: "; "))) }
        }
        blocks += [
            .space,
            .paragraph("Этот пакет содержит счёт-фактуру (PDF) в том виде, в каком он был сдан в архив, данные счёта, "
                + "отчёт о проверке и квитанции маркетплейса. Каждый файл хранится по его хешу SHA-256; записи архива "
                + "связаны в цепочку хешей, поэтому любое изменение или удаление обнаруживается."),
            .paragraph("This bundle holds the invoice PDF exactly as it was archived, the invoice data, the validation "
                + "report and any marketplace receipt. Every file is stored under its SHA-256 hash, and the archive "
                + "entries form a hash chain, so any change or removal is detected."),
            .heading("Хронология / Timeline"),
        ]
        for entry in sheet.entries {
            var line = "Запись / entry \(entry.sequence) — \(entry.recordedAt)"
            if let invoice = entry.invoice {
                line += "; счёт / invoice \(invoice.number) от / of \(invoice.date), "
                    + "\(invoice.amountWithVatText) \(invoice.currency)"
            }
            blocks.append(.paragraph(line))
            blocks.append(.small("хеш записи / entry hash \(entry.entryHash); предыдущая / previous \(entry.previousHash)"))
        }
        blocks.append(.heading("Содержимое и хеши SHA-256 / Contents and SHA-256 hashes"))
        for file in sheet.files {
            let title = file.kind.map { "\($0.title.russian) / \($0.title.english)" }
                ?? (file.path.hasSuffix("manifest.json") ? "Манифест / Manifest" : "Файл / File")
            blocks.append(.paragraph("\(file.path) — \(title), \(file.size) байт / bytes"))
            blocks.append(.small(file.sha256))
        }
        blocks.append(.heading("Цепочка / Chain"))
        if let head = sheet.head {
            blocks.append(.paragraph("Вершина цепочки при выгрузке / chain head at export: запись / entry \(head.sequence)"))
            blocks.append(.small(head.entryHash))
        }
        if let stamp = sheet.timestamp {
            let head = String(stamp.headSequence)
            let time: String = stamp.check.time
            let tsa: String = stamp.check.signer
            let serial: String = stamp.check.serial
            let russian: String = "Запись " + head + " и все предыдущие существовали к " + time
                + " по данным службы времени " + tsa + " (серийный номер " + serial + ")."
            let english: String = "Entry " + head + " and every entry before it existed by " + time
                + " according to the time-stamping authority " + tsa + " (serial " + serial + ")."
            blocks.append(.heading("Метка времени RFC 3161 / RFC 3161 time stamp"))
            blocks.append(.paragraph(russian + " / " + english))
            blocks.append(.small("data/timestamps/" + stamp.document.name))
        }
        blocks.append(.paragraph("Проверка без Faktura: data/VERIFY.txt (RU/EN/ZH). / Checking without Faktura: data/VERIFY.txt."))
        blocks.append(.heading("Проверка архива при выгрузке / Archive check at export"))
        let check = sheet.verification
        let scope = "\(check.entries) записей, \(check.objectsChecked) файлов (\(check.bytesHashed) байт) / "
            + "\(check.entries) entries, \(check.objectsChecked) files (\(check.bytesHashed) bytes)"
        if check.isIntact {
            blocks.append(.paragraph("Итог: нарушений нет. Весь архив проверен: каждый файл заново хеширован, цепочка "
                + "пройдена от записи 1, строки индекса сверены (\(scope)). / Verdict: no problems. The whole archive was "
                + "checked: every stored file re-hashed, the chain walked from entry 1, the index rows compared."))
        } else {
            blocks.append(.paragraph("Итог: НАЙДЕНЫ НАРУШЕНИЯ (\(check.problems.count)) в других записях архива; записи "
                + "этого отправления не затронуты (\(scope)). / Verdict: PROBLEMS FOUND (\(check.problems.count)) elsewhere "
                + "in the archive; none in this posting's entries:"))
            for problem in check.problems.prefix(40) { blocks.append(.small(problem.description)) }
            if check.problems.count > 40 {
                blocks.append(.small("… и ещё / and \(check.problems.count - 40) more (data/manifest.json lists all)"))
            }
        }
        if let expected = check.expectedHead {
            blocks.append(.paragraph(check.expectedHeadEntry.map {
                "Вершина, сохранённая вне архива, \(expected) — запись \($0), она в цепочке. / The head kept elsewhere, "
                    + "\(expected), is entry \($0) and still in the chain."
            } ?? "Вершины, сохранённой вне архива, \(expected), в цепочке НЕТ. / The head kept elsewhere, \(expected), is "
                + "NOT in the chain."))
        }
        if !sheet.notChecked.isEmpty {
            blocks.append(.paragraph("Не проверено / Not checked:"))
            for claim in sheet.notChecked { blocks.append(.small("\(claim.russian) / \(claim.english)")) }
        }
        blocks += [
            .heading("Как проверить / How to check"),
            .paragraph("1. Пакет имеет формат BagIt (RFC 8493): хеши всех файлов каталога data/ перечислены в "
                + "manifest-sha256.txt; любая программа BagIt (например, bagit.py --validate) или sha256sum -c их проверит."),
            .paragraph("1. The bundle is a BagIt bag (RFC 8493): manifest-sha256.txt lists the hash of every file under "
                + "data/; any BagIt tool (e.g. bagit.py --validate) or sha256sum -c checks them."),
            .paragraph("2. Хеш записи — SHA-256 её канонической записи (\(EntryEncoding.header), см. data/manifest.json); "
                + "каждая запись включает хеш предыдущей."),
            .paragraph("2. An entry hash is the SHA-256 of its canonical encoding (\(EntryEncoding.header), see "
                + "data/manifest.json); each entry includes the hash of the one before."),
        ]
        return blocks
    }

    /// Renders the cover sheet with PDFRender (embedded DejaVu / WenQuanYi fonts).
    @Sendable public static func render(_ sheet: CoverSheet) throws -> Data {
        let parts = sheet.exportedAt.prefix(10).split(separator: "-").compactMap { Int($0) }
        let date = parts.count == 3 ? (parts[0], parts[1], parts[2]) : (1970, 1, 1)
        return try TextPagesRenderer().render(TextPages(
            title: "Evidence bundle, posting \(sheet.posting)", subject: "Faktura dispute bundle",
            date: (year: date.0, month: date.1, day: date.2), blocks: blocks(for: sheet)))
    }
}
