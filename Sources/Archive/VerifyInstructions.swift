import Foundation

/// `data/VERIFY.txt` of a dispute bundle: how an arbiter checks the bundle with `unzip`,
/// `sha256sum`, `grep` and `openssl` alone, in Russian, English and Chinese. The steps name
/// this bundle's own files, so that they can be typed as they stand.
enum VerifyInstructions {
    struct Facts {
        var posting: String
        var bagName: String
        /// The posting's entries and the path of each one's PDF in the bag (nil when it has none).
        var ownEntries: [(sequence: Int64, pdf: String?)]
        /// The span of `data/chain/entry-N.txt` files.
        var chainFrom: Int64
        var chainThrough: Int64
        /// The token files (`data/timestamps/…`) with the entry each covers.
        var tokens: [(path: String, head: Int64)]
        var hasCA: Bool
        /// The bag's tag manifest carries the seller's CMS signature.
        var signed: Bool = false
    }

    static func text(_ facts: Facts) -> String {
        let first = facts.chainFrom, last = facts.chainThrough
        let pdfEntry = facts.ownEntries.first { $0.pdf != nil }
        let pdfStep = pdfEntry.map { entry in
            "  sha256sum '\(entry.pdf ?? "")'\n  grep '^document-sha256 ' data/chain/entry-\(entry.sequence).txt\n"
        } ?? ""
        let token = facts.tokens.first
        let tokenStep = token.map { token in
            "  openssl ts -verify -digest $(sha256sum data/chain/entry-\(token.head).txt | cut -c1-64) \\\n"
                + "    -in \(token.path) -CAfile data/timestamps/tsa-ca.pem\n"
                + "  openssl ts -reply -in \(token.path) -text | grep 'Time stamp'\n"
                + "  openssl x509 -in data/timestamps/tsa-ca.pem -noout -subject -fingerprint -sha256\n"
        } ?? ""
        let chainLoop = """
              prev=; for n in $(seq \(first) \(last)); do f=data/chain/entry-$n.txt
                h=$(sha256sum $f | cut -c1-64); p=$(grep '^previous ' $f | cut -d: -f2)
                [ -z "$prev" ] || [ "$p" = "$prev" ] || echo "BROKEN at entry $n"; prev=$h; echo "$n $h"; done


            """
        var out = "Faktura dispute bundle \(facts.bagName) — VERIFY.txt\n"
        out += "Posting / Отправление / 货件: \(facts.posting)\n"
        out += String(repeating: "=", count: 72) + "\n\n"
        let sections = Wording.all.map { w in
            var out = w.heading + "\n\n" + w.unpack + "\n"
            out += "  unzip bundle.zip && cd \(facts.bagName)\n  sha256sum -c tagmanifest-sha256.txt\n  sha256sum -c manifest-sha256.txt\n"
            if facts.signed { out += w.signed + signatureStep }
            out += "\n" + w.chain(first, last) + chainLoop
            if pdfEntry != nil { out += w.pdf + "\n" + pdfStep + "\n" }
            if let token {
                out += w.timeStamp(token.head) + "\n" + tokenStep + "\n"
            } else {
                out += w.noTimeStamp(last) + "\n\n"
            }
            return out + w.entryFormat + "\n" + fieldList + "\n" + w.notProven + "\n"
        }
        return out + sections.joined(separator: "\n" + String(repeating: "-", count: 72) + "\n\n")
    }

    /// One language's words for the steps; the commands between them are the same in every language.
    private struct Wording: Sendable {
        let heading: String
        let unpack: String
        /// The signature's lines, each ending in a newline.
        let signed: String
        let chain: @Sendable (_ first: Int64, _ last: Int64) -> String
        let pdf: String
        let timeStamp: @Sendable (_ head: Int64) -> String
        let noTimeStamp: @Sendable (_ last: Int64) -> String
        let entryFormat: String
        let notProven: String

        static let all = [russian, english, chinese]

        static let russian = Wording(
            heading: "ПРОВЕРКА ПАКЕТА БЕЗ FAKTURA (нужны unzip, sha256sum, grep, openssl)",
            unpack: "1. Распакуйте архив и сверьте файлы с манифестами пакета BagIt (каждая строка должна закончиться на OK):",
            signed: "   Пакет подписан продавцом: подпись CMS над tagmanifest-sha256.txt должна напечатать «Verification successful»;\n"
                + "   сравните сертификат подписавшего с сертификатом продавца, полученным от него самого:\n",
            chain: { first, last in
                "2. Файл data/chain/entry-N.txt — точная байтовая запись записи архива N (формат ниже). Её SHA-256 — хеш\n"
                    + "   записи; строка previous каждой записи — хеш предыдущей. Проверьте цепочку с записи \(first) по \(last)\n"
                    + "   (команда печатает хеши и BROKEN при разрыве; номера идут подряд):\n"
            },
            pdf: "3. PDF счёта входит в цепочку: его SHA-256 должен совпасть со строкой document-sha256 записи:",
            timeStamp: { head in
                "4. Метка времени RFC 3161 от независимой службы времени покрывает хеш записи \(head) — значит, эта\n"
                    + "   запись и всё, на что она ссылается (в том числе записи этого отправления), существовали к указанному\n"
                    + "   времени. Проверка должна напечатать «Verification: OK»; сертификат УЦ службы получите у самой службы\n"
                    + "   и сравните отпечаток:"
            },
            noTimeStamp: { last in
                "4. Метки времени в пакете нет: время записей взято из часов архива продавца. Сравните хеш последней\n"
                    + "   записи (\(last)) с вершиной, сохранённой вне архива (письмо, заявка), если она есть."
            },
            entryFormat: "Формат записи (faktura-archive-entry 1): первая строка «faktura-archive-entry 1», затем по строке на поле:\n"
                + "«имя пробел значение», значение — «-» (нет) или «длина:байты» (длина — число байт UTF-8). Поля по порядку:",
            notProven: "Что это не доказывает: что содержание счёта верно и что он был загружен на маркетплейс (см. квитанцию).")

        static let english = Wording(
            heading: "CHECKING THIS BUNDLE WITHOUT FAKTURA (you need unzip, sha256sum, grep, openssl)",
            unpack: "1. Unpack and check the files against the BagIt manifests (every line must end in OK):",
            signed: "   The seller signed the bag: the CMS signature over tagmanifest-sha256.txt must print \"Verification successful\";\n"
                + "   compare the signer's certificate with the seller's, obtained from the seller:\n",
            chain: { first, last in
                "2. data/chain/entry-N.txt is the exact byte encoding of archive entry N (format below). Its SHA-256 is the\n"
                    + "   entry's hash; each entry's previous line is the hash of the entry before. Check the chain from entry\n"
                    + "   \(first) to \(last) (this prints the hashes, and BROKEN where a link fails; numbers have no gaps):\n"
            },
            pdf: "3. The invoice PDF is in the chain: its SHA-256 must equal the document-sha256 line of its entry:",
            timeStamp: { head in
                "4. An RFC 3161 time stamp from an independent time-stamping authority covers the hash of entry \(head),\n"
                    + "   so that entry and everything it links back to (this posting's entries among them) existed by the time\n"
                    + "   it names. The check must print \"Verification: OK\"; get the authority's CA certificate from the\n"
                    + "   authority itself and compare its fingerprint:"
            },
            noTimeStamp: { last in
                "4. This bundle holds no time stamp: the entries' times are the seller's archive clock. Compare the hash of\n"
                    + "   the last entry (\(last)) with a head kept elsewhere (an e-mail, a ticket), if there is one."
            },
            entryFormat: "Entry format (faktura-archive-entry 1): the line \"faktura-archive-entry 1\", then one line per field:\n"
                + "\"name SP value\", where value is \"-\" (absent) or \"length:bytes\" (length = count of UTF-8 bytes). Fields in order:",
            notProven: "What this does not prove: that the invoice's content is true, or that it was uploaded to the marketplace (see the receipt).")

        static let chinese = Wording(
            heading: "无需 Faktura 即可核验本证据包（需要 unzip、sha256sum、grep、openssl）",
            unpack: "1. 解压并按 BagIt 清单核对文件（每一行都必须以 OK 结尾）：",
            signed: "   卖家已签署本证据包：对 tagmanifest-sha256.txt 的 CMS 签名核验必须输出 \"Verification successful\"；\n"
                + "   请将签名者证书与向卖家本人索取的证书进行比对：\n",
            chain: { first, last in
                "2. data/chain/entry-N.txt 是第 N 条存档记录的精确字节编码（格式见下）。其 SHA-256 即该记录的哈希；每条记录的\n"
                    + "   previous 行是前一条记录的哈希。核对从第 \(first) 条到第 \(last) 条的哈希链（命令会打印哈希，链接断开处打印 BROKEN；编号连续）：\n"
            },
            pdf: "3. 发票 PDF 在哈希链中：其 SHA-256 必须与该记录的 document-sha256 行一致：",
            timeStamp: { head in
                "4. 独立时间戳机构的 RFC 3161 时间戳覆盖第 \(head) 条记录的哈希，证明该记录及其之前链接的所有记录（包括本货件的记录）\n"
                    + "   在时间戳所示时间之前已经存在。核验必须输出 \"Verification: OK\"；请向时间戳机构本身索取其 CA 证书并比对指纹："
            },
            noTimeStamp: { last in
                "4. 本证据包不含时间戳：记录时间来自卖家存档自己的时钟。如有在别处保存的链头（邮件、工单），请与最后一条记录（\(last)）的哈希比对。"
            },
            entryFormat: "记录格式（faktura-archive-entry 1）：首行 \"faktura-archive-entry 1\"，其后每个字段一行：\"名称 空格 值\"，\n"
                + "值为 \"-\"（缺省）或 \"长度:字节\"（长度为 UTF-8 字节数）。字段依次为：",
            notProven: "本证据不能证明：发票内容真实，或发票已上传至电商平台（请参见回执）。")
    }

    static let signatureStep = """
          openssl cms -verify -binary -inform DER -in tagmanifest-sha256.txt.p7s -content tagmanifest-sha256.txt \\
            -noverify -out /dev/null
          openssl cms -cmsout -print -inform DER -in tagmanifest-sha256.txt.p7s | grep -A2 'subject:'

        """

    static let fieldList = """
          sequence, previous (64 hex; 64 zeros for entry 1), recorded-at (UTC), posting, marketplace, order,
          invoice-number, invoice-date, currency, amount-with-vat-minor, minor-units, agent, documents (count),
          then per document: document-kind, document-name, document-media-type, document-size, document-sha256.

        """
}
