import Foundation
import PostgresNIO

/// The TLS a `postgres://` URL asks for, in libpq's words: `sslmode=disable` (the default),
/// `require` (encrypted, the server's certificate not checked) or `verify-full` (encrypted, and
/// the certificate must chain to a trusted root and name the host), with `sslrootcert=FILE`
/// (PEM) as the roots instead of the system's. TLS comes from NIOSSL, which PostgresNIO brings.
struct PostgresTLS: Sendable {
    enum Mode: String, Sendable, CaseIterable {
        case disable
        case require
        case verifyFull = "verify-full"
    }

    var mode: Mode = .disable
    /// `sslrootcert`: a PEM file of the certificates to trust (`verify-full` only).
    var rootCertificates: String?

    /// Why each libpq mode Faktura does not take is left out, and what to use instead.
    static let refusedModes: [String: String] = [
        "allow": "it falls back to no TLS silently",
        "prefer": "it falls back to no TLS silently",
        "verify-ca": "it checks the certificate's issuer but not that it names the host",
    ]

    /// Reads `sslmode`; an unknown or refused mode is an error naming the modes Faktura takes.
    static func mode(_ value: String?) throws(ArchiveError) -> Mode {
        let text = value ?? ""
        if let mode = Mode(rawValue: text) { return mode }
        let known = Mode.allCases.map { $0.rawValue }.joined(separator: ", ")
        let why = refusedModes[text].map { " (\($0))" } ?? ""
        throw .invalidInput(path: "--database", reason: "sslmode=\(text) is not supported\(why); use one of \(known): "
            + "verify-full with sslrootcert=/path/to/ca.pem checks the server's certificate, require only encrypts")
    }

    /// NIOSSL's client configuration; nil when TLS is off.
    func configuration() throws(ArchiveError) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            guard rootCertificates == nil else {
                throw .invalidInput(path: "--database", reason: "sslrootcert is given but sslmode is not verify-full: "
                    + "add sslmode=verify-full so that the server's certificate is checked against it")
            }
            return nil
        case .require:
            guard rootCertificates == nil else {
                throw .invalidInput(path: "--database", reason: "sslrootcert is given with sslmode=require, which does not "
                    + "check the server's certificate; use sslmode=verify-full")
            }
            tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            if let path = rootCertificates {
                do {
                    let certificates = try NIOSSLCertificate.fromPEMFile(path)
                    guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                    tls.trustRoots = .certificates(certificates)
                } catch NIOSSLError.failedToLoadCertificate {
                    throw .invalidInput(path: path, reason: "sslrootcert: no PEM certificate (-----BEGIN CERTIFICATE-----) in this file")
                } catch {
                    throw .invalidInput(path: path, reason: "sslrootcert: cannot read PEM certificates from this file (\(error))")
                }
            }
        }
        return tls
    }
}
