import Foundation
import InvoiceModel
import Mail
import PDFRender

/// Mail benchmark (`make bench BENCH=mail`): messages per second scanning a 10,000-message
/// mbox with a rendered invoice PDF in every tenth message (written at bench time, not timed),
/// and the peak memory, which must not grow with the mailbox.
func runMailBenchmark() {
    let done = DispatchSemaphore(value: 0)
    Task {
        await MailBenchmark.run()
        done.signal()
    }
    done.wait()
}

enum MailBenchmark {
    static let messages = Int(ProcessInfo.processInfo.environment["FAKTURA_BENCH_MESSAGES"] ?? "") ?? 10_000

    static func run() async {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-mail-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let mbox = folder.appendingPathComponent("inbox.mbox")
            let bytes = try writeMbox(messages: messages, to: mbox)
            print("mail, \(messages) messages in one mbox (\(bytes / 1_048_576) MB), a PDF in every tenth:")
            AuditBenchmark.resetPeakMemory()
            let start = Date(), cpuStart = AuditBenchmark.cpuSeconds()
            let report = try await MailScan(options: MailScan.Options(mailboxes: [mbox.path])).run()
            let seconds = Date().timeIntervalSince(start), cpu = AuditBenchmark.cpuSeconds() - cpuStart
            let readable = report.messages.reduce(0) { $0 + $1.pdfs.filter(\.readable).count }
            print(String(format: "  %d messages (%d PDFs, %d readable, %d postings) in %.2f s (%.2f s CPU): %.0f messages/s; peak memory (VmHWM) %@",
                         report.summary.messages, report.summary.pdfs, readable, report.summary.postings, seconds, cpu,
                         Double(report.summary.messages) / seconds, AuditBenchmark.peakMemory()))
        } catch {
            print("  failed: \(error)")
        }
    }

    /// An mbox of order mails: every tenth carries its posting's rendered invoice as base64.
    static func writeMbox(messages: Int, to url: URL) throws -> Int {
        let renderer = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "commercial-invoice"))
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var written = 0
        for index in 0..<messages {
            let posting = String(format: "%010d-0001-1", 200_000_000 + index)
            var text = """
                From MAILER-DAEMON Thu Nov 26 10:00:00 2026
                From: Ozon <noreply@ozon.example>
                To: seller@example.cn
                Subject: =?UTF-8?B?\(Data("Заказ \(posting)".utf8).base64EncodedString())?=
                Date: Thu, 26 Nov 2026 10:00:00 +0300
                Message-ID: <order-\(index)@ozon.example>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b\(index)"

                --b\(index)
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                =D0=97=D0=B0=D0=BA=D0=B0=D0=B7 \(posting): the order is ready for packaging.

                """
            if index % 10 == 0 {
                let pdf = try renderer.render(AuditBenchmark.sampleInvoice(posting: posting))
                text += """
                    --b\(index)
                    Content-Type: application/pdf
                    Content-Disposition: attachment; filename="invoice.pdf"
                    Content-Transfer-Encoding: base64

                    \(pdf.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))

                    """
            }
            text += "--b\(index)--\n\n"
            let data = Data(text.utf8)
            handle.write(data)
            written += data.count
        }
        return written
    }
}
