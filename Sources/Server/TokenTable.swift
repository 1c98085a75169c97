public import Archive
public import Foundation
import Crypto

/// The bearer tokens of `--tokens FILE`: lines `TOKEN TENANT`, `#` comments and blank lines
/// allowed (docs/server.md). Tokens are held only as SHA-256 digests and looked up by comparing
/// every digest in full, so the time taken says nothing about how much of a token was right.
public struct TokenTable: Sendable {
    private struct Entry: Sendable {
        let digest: [UInt8]
        let tenant: TenantName
    }

    private let entries: [Entry]

    /// The tenants named in the file, in file order without repeats.
    public let tenants: [TenantName]

    /// Longest token line read; a longer line is refused rather than held.
    static let maximumLineBytes = 4096

    /// Reads a tokens file.
    /// - Throws: ``TokenFileError`` naming the file and line of the first problem.
    public init(contentsOf url: URL) throws(TokenFileError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(text: data, file: url.path)
    }

    /// Reads the text of a tokens file; `file` names it in errors.
    public init(text data: Data, file: String) throws(TokenFileError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(file: file, line: 0, reason: "the file is not UTF-8 text")
        }
        var entries: [Entry] = []
        var seen: Set<[UInt8]> = []
        var tenants: [TenantName] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            guard rawLine.utf8.count <= Self.maximumLineBytes else {
                throw .malformed(file: file, line: number, reason: "the line is longer than \(Self.maximumLineBytes) bytes")
            }
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                throw .malformed(file: file, line: number, reason: "expected 'TOKEN TENANT' (two fields), found \(fields.count)")
            }
            let token = String(fields[0])
            let tenant: TenantName
            do {
                tenant = try TenantName(String(fields[1]))
            } catch {
                guard case .invalidTenant(_, let reason) = error else { throw .malformed(file: file, line: number, reason: error.description) }
                throw .malformed(file: file, line: number, reason: "tenant '\(fields[1])': \(reason)")
            }
            guard token.utf8.count >= 16 else {
                throw .malformed(file: file, line: number, reason: "the token is shorter than 16 characters; use a long random one (openssl rand -hex 32)")
            }
            let digest = Array(SHA256.hash(data: Data(token.utf8)))
            guard seen.insert(digest).inserted else {
                throw .malformed(file: file, line: number, reason: "this token is already given on an earlier line")
            }
            entries.append(Entry(digest: digest, tenant: tenant))
            if !tenants.contains(tenant) { tenants.append(tenant) }
        }
        guard !entries.isEmpty else { throw .malformed(file: file, line: 0, reason: "the file names no token") }
        self.entries = entries
        self.tenants = tenants
    }

    /// The tenant of a token, or nil when it is unknown. Every entry is compared in full, with
    /// no early exit, so the answer takes the same time whichever entry (if any) matched.
    public func tenant(forToken token: String) -> TenantName? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Int = -1
        for (index, entry) in entries.enumerated() {
            var difference: UInt8 = 0
            for position in 0..<digest.count {
                difference |= digest[position] ^ entry.digest[position]
            }
            // Branch-free select: found becomes index when difference is 0.
            let match = Int(difference == 0 ? 1 : 0)
            found = match * index + (1 - match) * found
        }
        return found >= 0 ? entries[found].tenant : nil
    }
}
