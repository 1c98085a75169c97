import Archive
import FakturaTestSupport
import Foundation
import Testing
import PDFReading
import ZIPFoundation

@Suite("Dispute bundle")
struct DisputeBundleTests {
    /// The ZIP's files by path inside the bag folder.
    func unzip(_ url: URL) throws -> (bag: String, files: [String: Data]) {
        let zip = try ZIPFoundation.Archive(url: url, accessMode: .read)
        var files: [String: Data] = [:]
        var bags = Set<String>()
        for entry in zip {
            var data = Data()
            _ = try zip.extract(entry) { data.append($0) }
            let parts = entry.path.split(separator: "/", maxSplits: 1)
            bags.insert(String(parts[0]))
            files[String(parts[1])] = data
        }
        #expect(bags.count == 1, "a BagIt ZIP holds exactly one top-level folder")
        return (bags.first ?? "", files)
    }

    func storeWithPosting(_ folder: ScratchFolder, posting: String) throws -> (EvidenceStore, Data) {
        let store = try EvidenceStore(at: folder.path("store"), create: true)
        let pdfURL = folder.path("invoice.pdf")
        let pdf = try fakturaPDF(posting: posting)
        try pdf.write(to: pdfURL)
        let receiptURL = folder.path("ozon-upload.json")
        try Data("{\"result\":{\"url\":\"https://example.invalid/1.pdf\"}}".utf8).write(to: receiptURL)
        let intake = ArchiveIntake(toolVersion: "test")
        _ = try store.append([try intake.submission(pdfAt: pdfURL)])
        _ = try store.append([try intake.submission(pdfAt: pdfURL, receipt: receiptURL)])
        // Another posting, which must not appear in the bundle.
        _ = try store.append([try intake.submission(pdfAt: pdfURL.deletingLastPathComponent().appendingPathComponent("x.pdf")
            .writing(handMadePDF(text: "other")), posting: "other-1")])
        return (store, pdf)
    }

    @Test func theBundleIsAValidBagWithTheOriginalPDFByteForByte() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (store, pdf) = try storeWithPosting(folder, posting: "0123456789-0007-1")
        let out = folder.path("bundle.zip")
        let summary = try DisputeBundle.export(posting: "0123456789-0007-1", from: store, to: out, overwrite: false,
                                               agent: "faktura test")
        #expect(summary.entries == 2)

        let (bag, files) = try unzip(out)
        #expect(bag == "faktura-0123456789-0007-1")
        #expect(files["bagit.txt"] == Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8))
        #expect(files["data/entry-1/invoice.pdf"] == pdf)
        #expect(files["data/entry-2/invoice.pdf"] == pdf)
        #expect(files["data/entry-2/receipt-ozon-upload.json"] != nil)
        #expect(!files.keys.contains { $0.contains("x.pdf") })

        // Every payload file is in the manifest with its true hash, and nothing else is.
        let manifest = String(decoding: try #require(files["manifest-sha256.txt"]), as: UTF8.self)
        var listed: [String: String] = [:]
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            listed[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        let payload = files.keys.filter { $0.hasPrefix("data/") }
        #expect(Set(listed.keys) == Set(payload))
        for path in payload { #expect(listed[path] == ContentHash.sha256(files[path]!), "\(path)") }
        let tags = String(decoding: try #require(files["tagmanifest-sha256.txt"]), as: UTF8.self)
        for name in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] {
            #expect(tags.contains("\(ContentHash.sha256(files[name]!))  \(name)\n"))
        }
        let octets = payload.reduce(0) { $0 + files[$1]!.count }
        let info = String(decoding: try #require(files["bag-info.txt"]), as: UTF8.self)
        #expect(info.contains("Payload-Oxum: \(octets).\(payload.count)\n"))

        // The JSON manifest names the entries with their chain hashes.
        let manifestJSON = try #require(files["data/manifest.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: manifestJSON) as? [String: Any])
        let entries = try #require(json["entries"] as? [[String: Any]])
        let stored = try store.entries(posting: "0123456789-0007-1")
        #expect(entries.compactMap { $0["entryHash"] as? String } == stored.map(\.entryHash))
    }

    @Test func theCoverPageListsContentsAndHashesInRussianAndEnglish() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (store, pdf) = try storeWithPosting(folder, posting: "0123456789-0008-1")
        let out = folder.path("bundle.zip")
        _ = try DisputeBundle.export(posting: "0123456789-0008-1", from: store, to: out, overwrite: false, agent: "faktura test")
        let cover = try #require(try unzip(out).files["data/cover.pdf"])
        let text = try PDFDocument(data: cover, source: "cover.pdf").text()
        #expect(text.contains("Пакет доказательств"))
        #expect(text.contains("Evidence bundle for posting 0123456789-0008-1"))
        #expect(text.contains(ContentHash.sha256(pdf)))
        for entry in try store.entries(posting: "0123456789-0008-1") { #expect(text.contains(entry.entryHash)) }
    }

    @Test func anExistingOutputIsKeptUnlessForced() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (store, _) = try storeWithPosting(folder, posting: "0123456789-0009-1")
        let out = folder.path("bundle.zip")
        try Data("keep me".utf8).write(to: out)
        #expect(throws: ArchiveError.outputExists(path: out.path)) {
            _ = try DisputeBundle.export(posting: "0123456789-0009-1", from: store, to: out, overwrite: false, agent: "t")
        }
        #expect(try Data(contentsOf: out) == Data("keep me".utf8))
        _ = try DisputeBundle.export(posting: "0123456789-0009-1", from: store, to: out, overwrite: true, agent: "t")
        #expect(try unzip(out).files["bagit.txt"] != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).allSatisfy { !$0.hasSuffix(".partial") })
    }

    @Test func damagedEvidenceIsNotExported() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (store, _) = try storeWithPosting(folder, posting: "0123456789-0010-1")
        let document = try #require(try store.entries(posting: "0123456789-0010-1").first?.document(.pdf))
        let path = try store.fileURL(of: document).path
        chmod(path, 0o644)
        try Data("%PDF-1.4 forged".utf8).write(to: URL(fileURLWithPath: path))
        let out = folder.path("bundle.zip")
        #expect {
            _ = try DisputeBundle.export(posting: "0123456789-0010-1", from: store, to: out, overwrite: false, agent: "t")
        } throws: { error in
            guard case ArchiveError.damagedEvidence(_, let problems) = error else { return false }
            return problems.allSatisfy { $0.code == .tampered } && problems.count == 2
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func anUnknownPostingIsAClearError() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let (store, _) = try storeWithPosting(folder, posting: "0123456789-0011-1")
        #expect(throws: ArchiveError.unknownPosting("nope")) {
            _ = try DisputeBundle.export(posting: "nope", from: store, to: folder.path("b.zip"), overwrite: false, agent: "t")
        }
    }
}

extension URL {
    /// Writes data here and returns the URL (for building fixtures inline).
    func writing(_ data: Data) throws -> URL {
        try data.write(to: self)
        return self
    }
}
