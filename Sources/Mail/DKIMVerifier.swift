import Foundation
import Findings
private import COpenDKIM

/// What checking one message's DKIM signature found: the result and, for `fail`, why.
struct DKIMVerdict: Sendable, Hashable {
    var result: DKIMResult
    /// For `fail`: what does not hold (a changed message, or which tag of the signature is malformed).
    var reason: MessageText?

    static let none = DKIMVerdict(result: .none)
    /// A signature that does not verify over the message as received.
    static let changed = DKIMVerdict(result: .fail,
                                     reason: MessageText("dkim.changed"))
}

/// The one owner of libopendkim: verifies a raw message's DKIM signature against key records
/// from a file (`selector._domainkey.domain  v=DKIM1; k=rsa; p=…` per line), never DNS.
/// libopendkim's own file query method reads that format, so keys are looked up only there.
final class DKIMVerifier {
    private let library: OpaquePointer
    /// Kept alive while the library may read it.
    private let keyFile: String

    /// - Parameter keyFile: the key records; nil = no keys (every signature is `unknown-key`).
    init(keyFile: String?) throws(MailError) {
        if let keyFile, !FileManager.default.isReadableFile(atPath: keyFile) {
            throw .dkim("\(keyFile): cannot read the DKIM key file")
        }
        guard let library = dkim_init(nil, nil) else { throw .dkim("libopendkim could not be initialised") }
        self.library = library
        // Without a key file, an empty one: the file method must stay selected so DNS is never asked.
        self.keyFile = keyFile ?? "/dev/null"
        var flags: UInt32 = UInt32(DKIM_LIBFLAGS_FIXCRLF)
        var method: Int32 = Int32(DKIM_QUERY_FILE)
        let ok = dkim_options(library, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, MemoryLayout<UInt32>.size) == DKIM_STAT_OK
            && dkim_options(library, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD, &method, MemoryLayout<Int32>.size) == DKIM_STAT_OK
            && self.keyFile.withCString { path in
                dkim_options(library, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO, UnsafeMutableRawPointer(mutating: path),
                             strlen(path)) == DKIM_STAT_OK
            }
        // Every property is set, so a throw from here runs deinit, which closes the library.
        guard ok else { throw .dkim("libopendkim refused the offline key-file set-up") }
    }

    deinit {
        dkim_close(library)
    }

    /// The verdict for one raw message (its bytes exactly as received).
    ///
    /// A message whose header block holds no `DKIM-Signature` field is `none` without asking
    /// libopendkim: the library refuses some unsigned messages (no `From:`, a `From:` without an
    /// address) with errors that would otherwise read as a failed signature.
    func verify(_ raw: Data) -> DKIMVerdict {
        guard Self.hasSignatureField(raw) else { return .none }
        var status: DKIM_STAT = DKIM_STAT(DKIM_STAT_OK)
        let handle = "faktura".withCString { id in
            dkim_verify(library, UnsafeMutableRawPointer(mutating: id).assumingMemoryBound(to: UInt8.self), nil, &status)
        }
        guard let handle else {
            return DKIMVerdict(result: .fail, reason: MessageText("dkim.cannotStart", ["status": .data("\(status)")]))
        }
        defer { dkim_free(handle) }
        var result = raw.withUnsafeBytes { buffer -> DKIM_STAT in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return DKIM_STAT(DKIM_STAT_NOSIG) }
            return dkim_chunk(handle, UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self)), buffer.count)
        }
        if result == DKIM_STAT_OK { result = dkim_chunk(handle, nil, 0) }
        if result == DKIM_STAT_OK { result = dkim_eom(handle, nil) }
        if result == DKIM_STAT_OK { return DKIMVerdict(result: .pass) }
        guard let signature = dkim_getsignature(handle) else {
            // The header block names a signature the library could not take as one.
            return DKIMVerdict(result: .fail, reason: MessageText("dkim.unreadableSignature",
                                                                  ["englishDetail": .data(Self.text(dkim_getresultstr(result)))]))
        }
        let error = dkim_sig_geterror(signature)
        switch error {
        case DKIM_SIGERROR_NOKEY, DKIM_SIGERROR_KEYFAIL:
            return DKIMVerdict(result: .unknownKey)
        case DKIM_SIGERROR_BADSIG:
            return .changed
        case DKIM_SIGERROR_OK, DKIM_SIGERROR_UNKNOWN:
            switch Int32(result) {
            case DKIM_STAT_NOKEY, DKIM_STAT_KEYFAIL: return DKIMVerdict(result: .unknownKey)
            case DKIM_STAT_BADSIG: return .changed
            default:
                return DKIMVerdict(result: .fail, reason: MessageText("dkim.cannotVerify",
                                                                      ["englishDetail": .data(Self.text(dkim_getresultstr(result)))]))
            }
        case DKIM_SIGERROR_INVALID_L, DKIM_SIGERROR_TOOLARGE_L:
            let value = Self.tag("l", of: signature) ?? ""
            return DKIMVerdict(result: .fail, reason: MessageText(error == DKIM_SIGERROR_TOOLARGE_L ? "dkim.lengthTooLarge" : "dkim.lengthInvalid",
                                                                  ["value": .data(String(value.prefix(40)))]))
        default:
            return DKIMVerdict(result: .fail, reason: MessageText("dkim.malformed", ["englishDetail": .data(Self.text(dkim_sig_geterrorstr(error)))]))
        }
    }

    /// Whether the header block (up to the first empty line) holds a `DKIM-Signature:` field.
    /// Fields in attached messages are body text here and do not count.
    static func hasSignatureField(_ raw: Data) -> Bool {
        let name = Array("dkim-signature".utf8)
        var lineStart = raw.startIndex
        while lineStart < raw.endIndex {
            let lineEnd = raw[lineStart...].firstIndex(of: 0x0A) ?? raw.endIndex
            var line = raw[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { return false }
            if line.count > name.count, zip(line.prefix(name.count), name).allSatisfy({ ($0 | 0x20) == $1 || ($0 == $1) }) {
                // `DKIM-Signature:` or `DKIM-Signature :` (obsolete syntax allows blanks before the colon).
                let rest = line.dropFirst(name.count).drop { $0 == 0x20 || $0 == 0x09 }
                if rest.first == UInt8(ascii: ":") { return true }
            }
            lineStart = lineEnd < raw.endIndex ? raw.index(after: lineEnd) : raw.endIndex
        }
        return false
    }

    private static func tag(_ name: String, of signature: OpaquePointer) -> String? {
        name.withCString { tag in
            dkim_sig_gettagvalue(signature, false, UnsafeMutablePointer(mutating: UnsafeRawPointer(tag).assumingMemoryBound(to: UInt8.self)))
                .map { String(cString: $0) }
        }
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? "no reason given"
    }
}
