import FakturaTestSupport
import Foundation
import Testing
@testable import Findings
@testable import ERPAudit

/// An attachment that is a FIFO or a device is refused by the open itself, never read (an
/// ordinary read of a FIFO blocks the audit for ever).
@Suite("Audit: attachments that are not regular files")
struct AttachmentFileTypeTests {
    @Test func aFIFOAttachmentIsAFindingNamingItNotAHang() async throws {
        let scratch = ScratchFolder()
        try FileManager.default.createDirectory(at: scratch.path("pdf"), withIntermediateDirectories: true)
        #expect(mkfifo(scratch.path("pdf/pipe.pdf").path, 0o644) == 0)
        let csv = "posting_number,status,invoice_file\n3000000009-0001-1,delivering,pipe.pdf\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        let posting = try #require(report.postings.first)
        let finding = try #require(posting.findings.first { $0.code == .attachmentNotPDF })
        #expect(finding.message == "'pipe.pdf' is not a regular file (a FIFO (named pipe)); it is not read")
    }
}
