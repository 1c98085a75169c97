import Foundation
private import COpenDKIM

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

    /// The result for one raw message (its bytes exactly as received).
    func verify(_ raw: Data) -> DKIMResult {
        var status: DKIM_STAT = DKIM_STAT(DKIM_STAT_OK)
        let handle = "faktura".withCString { id in
            dkim_verify(library, UnsafeMutableRawPointer(mutating: id).assumingMemoryBound(to: UInt8.self), nil, &status)
        }
        guard let handle else { return .fail }
        defer { dkim_free(handle) }
        var result = raw.withUnsafeBytes { buffer -> DKIM_STAT in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return DKIM_STAT(DKIM_STAT_NOSIG) }
            return dkim_chunk(handle, UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self)), buffer.count)
        }
        if result == DKIM_STAT_OK { result = dkim_chunk(handle, nil, 0) }
        if result == DKIM_STAT_OK { result = dkim_eom(handle, nil) }
        switch Int32(result) {
        case DKIM_STAT_OK: return .pass
        case DKIM_STAT_NOSIG: return .none
        case DKIM_STAT_NOKEY, DKIM_STAT_KEYFAIL, DKIM_STAT_CANTVRFY: return .unknownKey
        default:
            if let signature = dkim_getsignature(handle) {
                let error = dkim_sig_geterror(signature)
                if error == DKIM_SIGERROR_NOKEY || error == DKIM_SIGERROR_KEYFAIL { return .unknownKey }
            }
            return .fail
        }
    }
}
