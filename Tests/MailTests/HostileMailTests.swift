import FakturaTestSupport
import Foundation
import Testing
@testable import Mail

/// Hostile messages are built here (they are too large, or too absurd, for mail software to
/// write); each must give a finding for its message and leave the rest of the mailbox readable.
@Suite("hostile mail")
struct HostileMailTests {
    static let header = "From: a@example.test\r\nTo: b@example.test\r\nSubject: order 0100000009-0001-1\r\nMessage-ID: <h@example.test>\r\nMIME-Version: 1.0\r\n"

    /// `depth` multiparts, each inside the one before.
    static func nested(_ depth: Int) -> Data {
        var text = header
        for level in 0..<depth {
            text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
        }
        text += "Content-Type: text/plain\r\n\r\nhello\r\n"
        for level in stride(from: depth - 1, through: 0, by: -1) { text += "--b\(level)--\r\n" }
        return Data(text.utf8)
    }

    static func wide(_ parts: Int) -> Data {
        var text = header + "Content-Type: multipart/mixed; boundary=\"w\"\r\n\r\n"
        text.reserveCapacity(parts * 40)
        for _ in 0..<parts { text += "--w\r\nContent-Type: text/plain\r\n\r\nx\r\n" }
        return Data((text + "--w--\r\n").utf8)
    }

    func scan(_ data: Data, budget: MIMEBudget = .standard) async throws -> ScannedMessage {
        let scratch = ScratchFolder()
        let file = scratch.write("hostile.eml", data)
        let report = try await MailFixtures.scan([file.path], budget: budget)
        return try #require(report.messages.first)
    }

    @Test func aTreeTenThousandDeepIsRefusedBeforeParsing() async throws {
        let message = try await scan(Self.nested(10_000))
        #expect(message.findings.map(\.code) == [.mailTooComplex])
        #expect(message.findings.first?.message.contains("multipart") == true)
    }

    @Test func nestingBeyondTheDepthBudgetStopsTheWalk() async throws {
        let message = try await scan(Self.nested(40))
        #expect(message.findings.map(\.code) == [.mailTooComplex])
        #expect(message.findings.first?.message.contains("nested more than 32") == true)
        #expect(message.postings == ["0100000009-0001-1"])
    }

    @Test func aHundredThousandPartsAreRefused() async throws {
        let message = try await scan(Self.wide(100_000))
        #expect(message.findings.map(\.code) == [.mailTooComplex])
    }

    @Test func aBoundaryThatNeverClosesIsReadAsFarAsItGoes() async throws {
        let text = Self.header + "Content-Type: multipart/mixed; boundary=\"open\"\r\n\r\n--open\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nСчёт 0100000008-0001-1\r\n--open\r\nContent-Type: text/plain\r\n\r\nand then nothing"
        let message = try await scan(Data(text.utf8))
        #expect(message.postings.contains("0100000008-0001-1"))
        #expect(message.findings.allSatisfy { $0.code == .mailMalformed && $0.severity == .warning })
    }

    @Test func aFiftyMegabyteHeaderIsRefusedUnread() async throws {
        var data = Data(Self.header.utf8)
        data.append(Data("X-Junk: ".utf8))
        data.append(Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
        data.append(Data("\r\n\r\nbody\r\n".utf8))
        let message = try await scan(data)
        #expect(message.findings.map(\.code) == [.mailTooComplex])
        #expect(message.findings.first?.message.contains("over the 41943040-byte limit") == true)
        // Under a larger message budget the header budget still holds.
        let header = try await scan(data, budget: MIMEBudget(messageBytes: 64 << 20))
        #expect(header.findings.first?.message.contains("header block") == true)
    }

    @Test func bytesThatAreNoMessageAreUnreadable() async throws {
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) })
        let message = try await scan(noise)
        #expect(message.findings.map(\.code) == [.mailUnreadable])
    }

    @Test func oneHostileMessageInAnMboxLeavesTheOthersReadable() async throws {
        let scratch = ScratchFolder()
        var mbox = Data()
        func add(_ message: Data) {
            mbox.append(Data("From MAILER-DAEMON Thu Nov 26 10:00:00 2026\n".utf8))
            mbox.append(message)
            mbox.append(Data("\n\n".utf8))
        }
        add(try Data(contentsOf: URL(fileURLWithPath: MailFixtures.eml("utf8"))))
        add(Self.nested(5_000))
        var huge = Data(Self.header.utf8)
        huge.append(Data(repeating: UInt8(ascii: "b"), count: 3 << 20))
        add(huge)
        add(try Data(contentsOf: URL(fileURLWithPath: MailFixtures.eml("gb2312"))))
        let file = scratch.write("hostile.mbox", mbox)
        // A 2 MB message budget makes the 3 MB message over-size: it is skipped, not held.
        let report = try await MailFixtures.scan([file.path], budget: MIMEBudget(messageBytes: 2 << 20))
        #expect(report.messages.count == 4)
        #expect(report.messages.map { $0.findings.map(\.code) } == [[], [.mailTooComplex], [.mailTooComplex], []])
        #expect(report.messages[0].dkim == .pass)
        #expect(report.messages[3].dkim == .pass)
        #expect(report.messages[3].pdfs.first?.readable == true)
    }

    @Test func aLinkToADeviceOrAFIFOInAMaildirIsNamedNeverRead() async throws {
        let scratch = ScratchFolder()
        let new = scratch.path("Maildir/new")
        try FileManager.default.createDirectory(at: new, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: MailFixtures.eml("utf8"), toPath: new.appendingPathComponent("1.a").path)
        try FileManager.default.createSymbolicLink(atPath: new.appendingPathComponent("2.zero").path, withDestinationPath: "/dev/zero")
        #expect(mkfifo(new.appendingPathComponent("3.fifo").path, 0o600) == 0)
        let report = try await MailFixtures.scan([scratch.path("Maildir").path])
        #expect(report.messages.count == 3)
        #expect(report.messages.map { $0.findings.map(\.code) } == [[], [.mailUnreadable], [.mailUnreadable]])
        #expect(report.messages[0].postings == ["0100000003-0001-1"])
    }
}
