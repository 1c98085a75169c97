public import Foundation
import InvoiceModel
public import Findings
import ZIPFoundation

/// What a dispute bundle holds, handed to the cover page renderer.
public struct CoverSheet: Sendable, Hashable {
    /// A payload file: its path inside the bag (`data/entry-1/invoice.pdf`) and hash.
    public struct File: Sendable, Hashable {
        public var path: String
        public var kind: EvidenceKind?
        public var sha256: String
        public var size: Int64
    }

    public var posting: String
    public var entries: [ArchiveEntry]
    public var files: [File]
    /// The chain head when the bundle was made.
    public var head: ChainHead?
    /// `2026-11-27T18:49:00.123Z`.
    public var exportedAt: String
    public var agent: String
    /// Problems `verify` found elsewhere in the store (none touch this posting).
    public var otherProblems: [ArchiveProblem]
    /// The whole store's verification made for this bundle: its verdict is the bundle's.
    public var verification: StoreVerification
    /// What that verification could not establish, in English (``DisputeBundle/notChecked(_:)``).
    public var notChecked: [UncheckedClaim]
    /// The time stamp over a head at or after the posting's newest entry, if the bundle holds one.
    public var timestamp: ChainTimestamps.Stamp?
}

/// Something a bundle does not vouch for, because the check at export could not establish it.
public enum UncheckedClaim: Sendable, Hashable {
    /// No head kept elsewhere was given: newest entries cut off would go unnoticed.
    case newestEntriesCut
    /// The head kept elsewhere is not in the chain: what led up to it was removed or rewritten.
    case keptHeadMissing(String)
    /// The entries' times are the archive's own clock.
    case entryTimes
    /// The entries' own times are the archive's clock; a time stamp proves they existed by this time.
    case entryTimesBefore(String)
    /// Time-stamp tokens were stored but no CA was given to check them against.
    case timestampsUnchecked(Int)

    public var english: String {
        switch self {
        case .newestEntriesCut:
            "whether entries newer than the chain head were cut off: no head kept elsewhere was given "
                + "(export --head HASH), and a hash chain alone cannot notice its newest entries being removed"
        case .keptHeadMissing(let hash):
            "the chain up to the head kept elsewhere (\(hash)): that head is no longer in the chain"
        case .entryTimes:
            "when the entries were made: their times come from the archive's own clock, not from a third party"
        case .entryTimesBefore(let time):
            "the exact times the entries record (the archive's own clock): the time stamp proves only that they existed by \(time)"
        case .timestampsUnchecked(let count):
            "the archive's \(count) time-stamp token(s): no TSA CA certificate was given (--tsa-ca)"
        }
    }

    /// The claim in the reader's language (`archive.unchecked.*`), as `archive export` prints it.
    public var text: MessageText {
        switch self {
        case .newestEntriesCut: MessageText("archive.unchecked.newestEntriesCut")
        case .keptHeadMissing(let hash): MessageText("archive.unchecked.keptHeadMissing", ["hash": .data(hash)])
        case .entryTimes: MessageText("archive.unchecked.entryTimes")
        case .entryTimesBefore(let time): MessageText("archive.unchecked.entryTimesBefore", ["time": .data(time)])
        case .timestampsUnchecked(let count): MessageText("archive.unchecked.timestampsUnchecked", ["count": .data(String(count))])
        }
    }

    public var russian: String {
        switch self {
        case .newestEntriesCut:
            "не удалены ли записи новее вершины цепочки: вершина, сохранённая вне архива, не указана "
                + "(export --head HASH), а сама цепочка хешей удаление последних записей заметить не может"
        case .keptHeadMissing(let hash):
            "цепочка до вершины, сохранённой вне архива (\(hash)): этой вершины в цепочке больше нет"
        case .entryTimes:
            "когда сделаны записи: их время взято из часов самого архива, а не от третьей стороны"
        case .entryTimesBefore(let time):
            "точное время, записанное в записях (часы архива): метка времени доказывает лишь, что они существовали к \(time)"
        case .timestampsUnchecked(let count):
            "метки времени архива (\(count)): сертификат УЦ службы времени не указан (--tsa-ca)"
        }
    }
}

/// What lets an arbiter finish the proof without Faktura: the canonical bytes of every entry
/// from the posting's first entry to the head a time stamp covers (else the head at export),
/// the tokens over heads in that span and the CA they were checked against.
struct BundleProof: Sendable {
    var chain: [ArchiveEntry] = []
    var tokens: [(stamp: ChainTimestamps.Stamp, content: Data)] = []
    var caCertificates: Data?

    /// The earliest valid stamp whose head is at or after `last`: it proves the posting's entries
    /// by the earliest time and needs the shortest span of other entries in the bundle.
    static func span(ownFirst: Int64, ownLast: Int64, verification: StoreVerification) -> (through: Int64, stamps: [ChainTimestamps.Stamp]) {
        let covering = verification.timestamps.stamps.filter { $0.headSequence >= ownLast }.sorted { $0.headSequence < $1.headSequence }
        if let earliest = covering.first {
            return (earliest.headSequence, covering.filter { $0.headSequence == earliest.headSequence })
        }
        return (max(ownLast, verification.head?.sequence ?? ownLast), [])
    }
}

/// What ``DisputeBundle/export(posting:from:to:overwrite:agent:expectedHead:coverRenderer:)`` wrote.
public struct BundleSummary: Sendable, Hashable {
    public var output: URL
    /// The bag's folder name inside the ZIP.
    public var bagName: String
    public var entries: Int
    /// Every payload file with its SHA-256, as in `manifest-sha256.txt`.
    public var files: [CoverSheet.File]
    /// The store's verification the bundle reports (its problems are the bundle's `otherProblems`).
    public var verification: StoreVerification
    /// What that verification could not establish (``DisputeBundle/notChecked(_:)``).
    public var notChecked: [UncheckedClaim]
}

/// A ZIP dispute bundle for one posting, shaped as a BagIt bag (RFC 8493) so that any BagIt
/// tool can check it:
///
/// ```
/// faktura-<posting>/bagit.txt
/// faktura-<posting>/bag-info.txt
/// faktura-<posting>/manifest-sha256.txt      SHA-256 of every payload file
/// faktura-<posting>/tagmanifest-sha256.txt   SHA-256 of the three files above
/// faktura-<posting>/data/cover.pdf           contents, hashes and timeline (RU/EN)
/// faktura-<posting>/data/manifest.json       the entries, documents, hashes and times
/// faktura-<posting>/data/entry-<n>/…         each entry's files, byte for byte as stored
/// ```
public enum DisputeBundle {
    /// Renders the cover page; the default (in `CoverPage.swift`) uses PDFRender.
    public typealias CoverRenderer = @Sendable (CoverSheet) throws -> Data

    /// Writes the bundle. The whole store is verified first (every stored file re-hashed, the
    /// chain walked, the index checked), so that the bundle vouches for no more than was
    /// checked: a problem in this posting's entries stops the export, problems elsewhere are
    /// listed in the bundle (`otherProblems`, the cover page). The stored files are re-hashed
    /// again while they are copied. An existing `output` is replaced only with `overwrite`; the
    /// ZIP is written beside it and moved into place when complete.
    /// - Parameter expectedHead: a head hash kept elsewhere; the check then also says whether
    ///   that entry is still in the chain (without one, newest entries cut off go unnoticed,
    ///   and the bundle says so).
    public static func export(posting: String, from store: EvidenceStore, to output: URL, overwrite: Bool,
                              agent: String, expectedHead: String? = nil,
                              coverRenderer: CoverRenderer = CoverPage.render) throws(ArchiveError) -> BundleSummary {
        let output = output.standardizedFileURL
        try refuseExisting(output, overwrite: overwrite)
        let entries = try store.entries(posting: posting)
        guard !entries.isEmpty else { throw .unknownPosting(posting) }
        var verification = try store.verify(expectedHead: expectedHead, posting: nil)
        // This synchronous path checks no time-stamp token (that needs the TSA's CA): say so.
        verification.timestamps.unchecked = try store.entries(posting: ChainTimestamps.posting)
            .reduce(0) { $0 + $1.documents.count { $0.kind == .timestampToken } }
        try refuseDamaged(posting: posting, entries: entries, verification: verification)
        var contents: [[Data]] = []
        for entry in entries {
            var files: [Data] = []
            for document in entry.documents { files.append(try store.content(of: document)) }
            contents.append(files)
        }
        var proof = BundleProof()
        let span = BundleProof.span(ownFirst: entries[0].sequence, ownLast: entries[entries.count - 1].sequence,
                                    verification: verification)
        proof.chain = try store.entries(in: entries[0].sequence...span.through)
        return try write(posting: posting, entries: entries, contents: contents, verification: verification, proof: proof,
                         exportedAt: EntryEncoding.timestamp(store.clock()), to: output, overwrite: overwrite,
                         agent: agent, coverRenderer: coverRenderer)
    }

    /// Writes the bundle of a posting in any archive (folder or database), as
    /// the folder store's export does.
    public static func export(posting: String, from archive: any EvidenceArchive, to output: URL, overwrite: Bool,
                              agent: String, expectedHead: String? = nil, timestampAuthority: TimestampAuthority? = nil,
                              signer: BundleSigner? = nil,
                              coverRenderer: CoverRenderer = CoverPage.render) async throws(ArchiveError) -> BundleSummary {
        let output = output.standardizedFileURL
        try refuseExisting(output, overwrite: overwrite)
        let entries = try await archive.entries(posting: posting)
        guard !entries.isEmpty else { throw .unknownPosting(posting) }
        let verification = try await archive.verify(expectedHead: expectedHead, posting: nil,
                                                    timestampAuthority: timestampAuthority)
        try refuseDamaged(posting: posting, entries: entries, verification: verification)
        var contents: [[Data]] = []
        for entry in entries {
            var files: [Data] = []
            for document in entry.documents { files.append(try await archive.content(of: document)) }
            contents.append(files)
        }
        var proof = BundleProof()
        let span = BundleProof.span(ownFirst: entries[0].sequence, ownLast: entries[entries.count - 1].sequence,
                                    verification: verification)
        proof.chain = try await archive.entries(in: entries[0].sequence...span.through)
        for stamp in span.stamps { proof.tokens.append((stamp, try await archive.content(of: stamp.document))) }
        if !proof.tokens.isEmpty { proof.caCertificates = timestampAuthority?.caCertificates }
        return try write(posting: posting, entries: entries, contents: contents, verification: verification, proof: proof,
                         exportedAt: EntryEncoding.timestamp(archive.clock()), to: output, overwrite: overwrite,
                         agent: agent, signer: signer, coverRenderer: coverRenderer)
    }

    /// The bundle's bytes (for a server answering with it): written to a temporary folder,
    /// read back and removed.
    public static func bundleData(posting: String, from archive: any EvidenceArchive, agent: String,
                                  expectedHead: String? = nil, timestampAuthority: TimestampAuthority? = nil,
                                  coverRenderer: CoverRenderer = CoverPage.render) async throws(ArchiveError) -> Data {
        try await bundle(posting: posting, from: archive, agent: agent, expectedHead: expectedHead,
                         timestampAuthority: timestampAuthority, coverRenderer: coverRenderer).data
    }

    /// The bundle's bytes with what was written and checked (the verdict a server sends along).
    public static func bundle(posting: String, from archive: any EvidenceArchive, agent: String,
                              expectedHead: String? = nil, timestampAuthority: TimestampAuthority? = nil,
                              coverRenderer: CoverRenderer = CoverPage.render) async throws(ArchiveError) -> (data: Data, summary: BundleSummary) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-bundle-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: folder.path, reason: String(describing: error))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try await export(posting: posting, from: archive, to: folder.appendingPathComponent("bundle.zip"),
                                       overwrite: false, agent: agent, expectedHead: expectedHead,
                                       timestampAuthority: timestampAuthority, coverRenderer: coverRenderer)
        do {
            return (try Data(contentsOf: summary.output), summary)
        } catch {
            throw .unreadable(path: summary.output.path, reason: String(describing: error))
        }
    }

    private static func refuseExisting(_ output: URL, overwrite: Bool) throws(ArchiveError) {
        if !overwrite, FileManager.default.fileExists(atPath: output.path) {
            throw .outputExists(path: output.path)
        }
    }

    private static func refuseDamaged(posting: String, entries: [ArchiveEntry],
                                      verification: StoreVerification) throws(ArchiveError) {
        let ownSequences = Set(entries.map(\.sequence))
        let own = verification.problems.filter { $0.entry.map(ownSequences.contains) ?? false }
        if !own.isEmpty {
            throw .damagedEvidence(posting: posting, problems: own)
        }
    }

    /// The ZIP of entries whose stored files (`contents`, per entry in document order) were read and checked.
    private static func write(posting: String, entries: [ArchiveEntry], contents: [[Data]],
                              verification: StoreVerification, proof: BundleProof, exportedAt: String, to output: URL, overwrite: Bool,
                              agent: String, signer: BundleSigner? = nil, coverRenderer: CoverRenderer) throws(ArchiveError) -> BundleSummary {
        // Payload: the entries' files, then the manifest, then the cover that lists both.
        var payload: [(path: String, kind: EvidenceKind?, content: Data)] = []
        var pathsOfEntries: [Int64: [String]] = [:]
        for (entry, files) in zip(entries, contents) {
            var used = Set<String>()
            for (document, content) in zip(entry.documents, files) {
                var name = document.kind == .validationReport ? "validation-report.json"
                    : document.kind == .receipt ? "receipt-\(document.name)" : document.name
                var counter = 2
                while used.contains(name) {
                    name = "\(counter)-\(document.name)"
                    counter += 1
                }
                used.insert(name)
                let path = "data/entry-\(entry.sequence)/\(name)"
                payload.append((path, document.kind, content))
                pathsOfEntries[entry.sequence, default: []].append(path)
            }
        }
        // The proof: entry encodings, tokens, the CA, and how to check them by hand.
        for entry in proof.chain {
            payload.append(("data/chain/entry-\(entry.sequence).txt", nil, EntryEncoding.canonicalBytes(of: entry)))
        }
        var tokenFiles: [(path: String, head: Int64)] = []
        for (stamp, content) in proof.tokens {
            let path = "data/timestamps/\(stamp.document.name)"
            payload.append((path, nil, content))
            tokenFiles.append((path, stamp.headSequence))
        }
        if let ca = proof.caCertificates {
            payload.append(("data/timestamps/tsa-ca.pem", nil, ca))
            if let first = proof.tokens.first {
                let certificates = RFC3161.certificates(in: first.content)
                if !certificates.isEmpty { payload.append(("data/timestamps/tsa-certificates.pem", nil, certificates)) }
            }
        }
        let bagName = "faktura-" + ArchivedDocument.safeName(posting)
        let pdfPaths = entries.map { entry in
            (entry.sequence, zip(entry.documents, pathsOfEntries[entry.sequence] ?? []).first { $0.0.kind == .pdf }?.1)
        }
        let instructions = VerifyInstructions.text(VerifyInstructions.Facts(
            posting: posting, bagName: bagName, ownEntries: pdfPaths,
            chainFrom: proof.chain.first?.sequence ?? entries[0].sequence,
            chainThrough: proof.chain.last?.sequence ?? entries[entries.count - 1].sequence,
            tokens: tokenFiles, hasCA: proof.caCertificates != nil, signed: signer != nil))
        payload.append(("data/VERIFY.txt", nil, Data(instructions.utf8)))
        let covering = proof.tokens.first?.stamp
        let unchecked = notChecked(verification, coveredBy: covering)
        let manifest = manifestJSON(posting: posting, entries: entries, paths: pathsOfEntries,
                                    verification: verification, notChecked: unchecked, exportedAt: exportedAt, agent: agent,
                                    proof: proofJSON(proof, tokenFiles: tokenFiles))
        payload.append(("data/manifest.json", nil, manifest.data()))
        let listed = payload.map {
            CoverSheet.File(path: $0.path, kind: $0.kind, sha256: ContentHash.sha256($0.content), size: Int64($0.content.count))
        }
        var sheet = CoverSheet(posting: posting, entries: entries, files: listed, head: verification.head,
                               exportedAt: exportedAt, agent: agent, otherProblems: verification.problems,
                               verification: verification, notChecked: unchecked)
        sheet.timestamp = covering
        let cover: Data
        do {
            cover = try coverRenderer(sheet)
        } catch {
            throw .unwritable(path: output.path, reason: "cannot render the cover page: \(error)")
        }
        payload.insert(("data/cover.pdf", nil, cover), at: 0)
        let files = payload.map {
            CoverSheet.File(path: $0.path, kind: $0.kind, sha256: ContentHash.sha256($0.content), size: Int64($0.content.count))
        }

        // Tag files (RFC 8493 §2.1, §2.2).
        let bagit = Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
        let octets = files.reduce(Int64(0)) { $0 + $1.size }
        let bagInfo = Data("""
            Bag-Software-Agent: \(agent)
            Bagging-Date: \(exportedAt.prefix(10))
            External-Identifier: \(oneLine(posting))
            External-Description: Faktura dispute bundle: the archived invoice evidence of posting \
            \(oneLine(posting)) (\(entries.count) archive entr\(entries.count == 1 ? "y" : "ies"))
            Payload-Oxum: \(octets).\(files.count)

            """.utf8)
        let manifestText = Data(files.map { "\($0.sha256)  \(manifestPath($0.path))\n" }.joined().utf8)
        let tags: [(String, Data)] = [("bagit.txt", bagit), ("bag-info.txt", bagInfo), ("manifest-sha256.txt", manifestText)]
        let tagManifest = Data(tags.map { "\(ContentHash.sha256($0.1))  \($0.0)\n" }.joined().utf8)

        var zipEntries: [(String, Data)] = tags + [("tagmanifest-sha256.txt", tagManifest)]
        if let signer { zipEntries.append(("tagmanifest-sha256.txt.p7s", try signer.sign(tagManifest))) }
        zipEntries += payload.map { ($0.path, $0.content) }
        let folder = output.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let zip = try ZIPFoundation.Archive(url: temporary, accessMode: .create)
            let modified = Date()
            for (path, content) in zipEntries {
                try zip.addEntry(with: "\(bagName)/\(path)", type: .file, uncompressedSize: Int64(content.count),
                                 modificationDate: modified, permissions: 0o644,
                                 compressionMethod: path.hasSuffix(".pdf") ? .none : .deflate,
                                 provider: { position, size in
                                     content.subdata(in: Int(position)..<Int(position) + size)
                                 })
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: output.path, reason: String(describing: error))
        }
        try place(temporary, at: output, overwrite: overwrite)
        return BundleSummary(output: output, bagName: bagName, entries: entries.count, files: files,
                             verification: verification, notChecked: unchecked)
    }

    /// Moves the finished file into place: `link` refuses an existing target, so a file
    /// created meanwhile is not replaced without `overwrite` either.
    private static func place(_ temporary: URL, at output: URL, overwrite: Bool) throws(ArchiveError) {
        defer { unlink(temporary.path) }
        if overwrite {
            if rename(temporary.path, output.path) != 0 {
                throw .unwritable(path: output.path, reason: systemErrorText())
            }
        } else if link(temporary.path, output.path) != 0 {
            if errno == EEXIST { throw .outputExists(path: output.path) }
            throw .unwritable(path: output.path, reason: systemErrorText())
        }
    }

    /// RFC 8493 §2.1.3: CR, LF and `%` in a manifest path are percent-encoded.
    static func manifestPath(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// What a verification of the whole store cannot establish, said in the bundle so that it
    /// vouches for no more than was checked.
    public static func notChecked(_ verification: StoreVerification, coveredBy stamp: ChainTimestamps.Stamp? = nil) -> [UncheckedClaim] {
        var claims: [UncheckedClaim] = []
        if verification.expectedHead == nil {
            claims.append(.newestEntriesCut)
        } else if verification.expectedHeadEntry == nil {
            claims.append(.keptHeadMissing(verification.expectedHead ?? ""))
        }
        if verification.timestamps.unchecked > 0 { claims.append(.timestampsUnchecked(verification.timestamps.unchecked)) }
        claims.append(stamp.map { .entryTimesBefore($0.check.time) } ?? .entryTimes)
        return claims
    }

    /// `proof` of the manifest: where the entry encodings and tokens are in the bag.
    static func proofJSON(_ proof: BundleProof, tokenFiles: [(path: String, head: Int64)]) -> JSONText {
        .object([
            ("chain", .object([
                ("from", proof.chain.first.map { .integer($0.sequence) } ?? .null),
                ("through", proof.chain.last.map { .integer($0.sequence) } ?? .null),
                ("path", .string("data/chain/entry-N.txt")),
            ])),
            ("timestamps", .array(zip(proof.tokens, tokenFiles).map { token, file in
                .object([
                    ("path", .string(file.path)), ("headSequence", .integer(token.stamp.headSequence)),
                    ("headHash", .string(token.stamp.headHash)), ("time", .string(token.stamp.check.time)),
                    ("tsa", .string(token.stamp.check.signer)), ("serial", .string(token.stamp.check.serial)),
                ])
            })),
            ("tsaCertificateAuthority", proof.caCertificates == nil ? .null : .string("data/timestamps/tsa-ca.pem")),
            ("instructions", .string("data/VERIFY.txt")),
        ])
    }

    /// `verification` of the manifest: the verdict of `faktura archive verify` on the store at
    /// export, and what it could not establish.
    static func verificationJSON(_ verification: StoreVerification, notChecked: [UncheckedClaim]) -> JSONText {
        var byCode: [(String, JSONText)] = []
        for code in ArchiveProblem.Code.allCases {
            let count = verification.problems.count { $0.code == code }
            if count > 0 { byCode.append((code.rawValue, .integer(count))) }
        }
        return .object([
            ("status", .string(verification.isIntact ? "ok" : "failed")),
            ("scope", .string("store")),
            ("entries", .integer(verification.entries)),
            ("files", .integer(verification.objectsChecked)),
            ("bytes", .integer(verification.bytesHashed)),
            ("orphanFiles", .integer(verification.orphanObjects)),
            ("byCode", .object(byCode)),
            ("expectedHead", verification.expectedHead.map { hash in
                .object([("hash", .string(hash)), ("entry", verification.expectedHeadEntry.map { .integer($0) } ?? .null)])
            } ?? .null),
            ("notChecked", .array(notChecked.map { .string($0.english) })),
        ])
    }

    static func manifestJSON(posting: String, entries: [ArchiveEntry], paths: [Int64: [String]],
                             verification: StoreVerification, notChecked: [UncheckedClaim],
                             exportedAt: String, agent: String, proof: JSONText) -> JSONText {
        let head = verification.head
        let otherProblems = verification.problems
        return .object([
            ("format", .string("faktura-dispute-bundle 1")),
            ("posting", .string(posting)),
            ("exportedAt", .string(exportedAt)),
            ("tool", .string(agent)),
            ("chainHead", head?.json ?? .null),
            ("entryEncoding", .string(EntryEncoding.header)),
            ("entries", .array(entries.map { entry in
                guard case .object(var members) = entry.json else { return entry.json }
                let files = paths[entry.sequence] ?? []
                if let index = members.firstIndex(where: { $0.0 == "documents" }) {
                    members[index].1 = .array(zip(entry.documents, files).map { document, path in
                        guard case .object(var fields) = document.json else { return document.json }
                        fields.append(("path", .string(path)))
                        return .object(fields)
                    })
                }
                return .object(members)
            })),
            ("verification", verificationJSON(verification, notChecked: notChecked)),
            ("proof", proof),
            ("otherProblems", .array(otherProblems.map(\.json))),
        ])
    }
}
