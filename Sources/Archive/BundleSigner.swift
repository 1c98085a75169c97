import CTimestamp
public import Foundation

/// The seller's key and certificate that sign a dispute bundle: a detached CMS signature
/// (OpenSSL's `CMS_sign`, SHA-256, the certificate included) over the bag's
/// `tagmanifest-sha256.txt`, written beside it as `tagmanifest-sha256.txt.p7s`. The tag manifest
/// names the manifest that names every payload file, so the signature covers the whole bag.
public struct BundleSigner: Sendable {
    let certificate: Data
    let key: Data
    /// The certificate file, for messages.
    public let certificatePath: String

    /// Reads the PEM certificate and its unencrypted PEM private key.
    public init(certificatePath: String, keyPath: String) throws(ArchiveError) {
        func read(_ path: String, _ what: String) throws(ArchiveError) -> Data {
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .unreadable(path: path, reason: "the signing \(what): \(error.localizedDescription)")
            }
        }
        certificate = try read(certificatePath, "certificate")
        key = try read(keyPath, "key")
        self.certificatePath = certificatePath
    }

    /// The DER CMS signature of `content`, detached.
    func sign(_ content: Data) throws(ArchiveError) -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var reason = [CChar](repeating: 0, count: 600)
        let length = content.withUnsafeBytes { data in
            certificate.withUnsafeBytes { certificate in
                key.withUnsafeBytes { key in
                    faktura_cms_sign_detached(data.bindMemory(to: UInt8.self).baseAddress, data.count,
                                              certificate.bindMemory(to: CChar.self).baseAddress, certificate.count,
                                              key.bindMemory(to: CChar.self).baseAddress, key.count, &out, &reason, reason.count)
                }
            }
        }
        guard length > 0, let out else {
            throw .invalidInput(path: certificatePath, reason: String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                                                      as: UTF8.self))
        }
        defer { faktura_ts_free(out) }
        return Data(bytes: out, count: length)
    }
}
