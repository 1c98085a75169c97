public import Foundation
import Findings

/// RFC 3161 time-stamp tokens over the chain head, kept in the chain as entries of their own:
/// posting ``posting``, one document of kind ``EvidenceKind/timestampToken`` named
/// `head-<N>-<hash>.tsr` for the head (entry N and its hash) whose hash is the token's imprint.
/// The response is stored as the authority sent it (DER `TimeStampResp`), so that
/// `openssl ts -verify -digest HASH -in head-N-HASH.tsr -CAfile tsa-ca.pem` checks it as is.
public enum ChainTimestamps {
    /// The posting of time-stamp entries.
    public static let posting = "chain-timestamp"
    public static let mediaType = "application/timestamp-reply"

    /// A token that verify found valid: the head it proves existed by the TSA's time.
    public struct Stamp: Sendable, Hashable {
        /// The entry that holds the token.
        public var entry: ArchiveEntry
        public var document: ArchivedDocument
        /// The head the token covers.
        public var headSequence: Int64
        public var headHash: String
        public var check: TimestampCheck
    }

    /// The outcome of checking every token of an archive.
    public struct Audit: Sendable, Hashable {
        public var stamps: [Stamp] = []
        public var problems: [ArchiveProblem] = []
        /// Tokens not checked because no CA was configured.
        public var unchecked: Int = 0

        /// The newest valid stamp.
        public var newest: Stamp? { stamps.max { $0.headSequence < $1.headSequence } }
    }

    /// The entry to append for a token over `head`.
    public static func submission(head: ChainHead, response: Data, agent: String) -> EntrySubmission {
        EntrySubmission(posting: posting, documents: [
            DocumentSubmission(kind: .timestampToken, name: documentName(head: head), mediaType: mediaType, content: response),
        ], agent: agent)
    }

    static func documentName(head: ChainHead) -> String { "head-\(head.sequence)-\(head.entryHash).tsr" }

    /// The head a token document names, from its name.
    static func namedHead(_ name: String) -> (sequence: Int64, hash: String)? {
        guard name.hasPrefix("head-"), name.hasSuffix(".tsr") else { return nil }
        let middle = name.dropFirst(5).dropLast(4).split(separator: "-", maxSplits: 1)
        guard middle.count == 2, let sequence = Int64(middle[0]), ContentHash.isWellFormed(String(middle[1])) else { return nil }
        return (sequence, String(middle[1]))
    }

    /// Asks the authority for a token over the archive's current head and appends it as an entry;
    /// nil when there is nothing new to stamp (the head is itself a time-stamp entry). The
    /// token is checked before it is stored: one that does not verify is refused.
    public static func stamp(_ archive: any EvidenceArchive, authority: TimestampAuthority,
                             agent: String) async throws(ArchiveError) -> Stamp? {
        guard let head = try await archive.head() else {
            throw .invalidInput(path: archive.locationDescription, reason: "the archive has no entries yet: nothing to time-stamp")
        }
        if let last = try await archive.entries(posting: posting).last, last.sequence == head.sequence { return nil }
        let (response, check) = try await RFC3161.ask(authority, sha256: head.entryHash)
        let outcome = try await archive.append([submission(head: head, response: response, agent: agent)])
        guard let entry = outcome.first?.entry, let document = entry.document(.timestampToken) else { return nil }
        return Stamp(entry: entry, document: document, headSequence: head.sequence, headHash: head.entryHash, check: check)
    }

    /// Checks every token of the archive: read, granted, over a SHA-256 imprint equal to the head
    /// it names, that head still in the chain (`verification.chain`), signed by a TSA whose
    /// certificate chains to `authority`'s CA. Without an authority, tokens are counted, not checked.
    public static func audit(_ archive: any EvidenceArchive, verification: StoreVerification,
                             authority: TimestampAuthority?) async throws(ArchiveError) -> Audit {
        var audit = Audit()
        for entry in try await archive.entries(posting: posting) {
            for document in entry.documents where document.kind == .timestampToken {
                func problem(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
                    audit.problems.append(ArchiveProblem(code: .timestampInvalid, entry: entry.sequence, posting: posting,
                                                         file: document.name, key: "archive.timestamp.\(key)", arguments))
                }
                guard let named = namedHead(document.name) else {
                    problem("badName", ["name": .data(String(document.name.prefix(100)))])
                    continue
                }
                guard let authority else {
                    audit.unchecked += 1
                    continue
                }
                let content: Data
                do {
                    content = try await archive.content(of: document)
                } catch {
                    continue  // verify reports a missing or altered file already
                }
                let check = RFC3161.check(response: content, caCertificates: authority.caCertificates)
                let entryNumber = MessageArgument.data(String(named.sequence))
                let head = MessageArgument.data(String(named.hash.prefix(16)))
                guard check.parsed else {
                    problem("unreadable", ["entry": entryNumber, "englishDetail": .data(check.reason)])
                    continue
                }
                guard (check.status == 0 || check.status == 1) && check.hasToken else {
                    problem("noToken", ["entry": entryNumber, "status": .data("\(check.status)")])
                    continue
                }
                guard check.imprintIsSHA256 else {
                    problem("notSHA256", ["entry": entryNumber])
                    continue
                }
                if check.imprint != named.hash {
                    problem("otherHead", ["entry": entryNumber, "imprint": .data(String(check.imprint.prefix(16))), "head": head])
                    continue
                }
                if let inChain = verification.chain[named.sequence], inChain != named.hash {
                    problem("rewritten", ["entry": entryNumber, "head": head, "time": .data("\(check.time)"),
                                          "hash": .data(String(inChain.prefix(16)))])
                    continue
                } else if verification.chain[named.sequence] == nil {
                    problem("removed", ["entry": entryNumber, "head": head, "time": .data("\(check.time)")])
                    continue
                }
                guard check.verified else {
                    problem("notVerified", ["entry": entryNumber, "ca": .data(authority.caPath), "englishDetail": .data(check.reason)])
                    continue
                }
                audit.stamps.append(Stamp(entry: entry, document: document, headSequence: named.sequence,
                                          headHash: named.hash, check: check))
            }
        }
        return audit
    }
}

extension EvidenceArchive {
    /// ``verify(expectedHead:posting:)`` and every time-stamp token checked against the
    /// authority's CA (``ChainTimestamps/audit(_:verification:authority:)``): their problems join
    /// the report's, the valid ones are in ``StoreVerification/timestamps``.
    public func verify(expectedHead: String?, posting: String?,
                       timestampAuthority: TimestampAuthority?) async throws(ArchiveError) -> StoreVerification {
        var report = try await verify(expectedHead: expectedHead, posting: posting)
        let audit = try await ChainTimestamps.audit(self, verification: report, authority: timestampAuthority)
        report.problems += audit.problems
        report.timestamps = audit
        return report
    }
}
