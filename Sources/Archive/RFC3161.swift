import CTimestamp
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A time-stamping authority (RFC 3161): where to ask, and the CA its certificate must chain to.
/// The CA is configured outside the archive: whoever could change the store could otherwise
/// put a CA of their own beside forged tokens.
public struct TimestampAuthority: Sendable, Hashable {
    /// The TSA's HTTP(S) address (`POST application/timestamp-query`), nil when only checking.
    public var url: URL?
    /// The PEM certificate(s) of the CA, as read from ``caPath``.
    public var caCertificates: Data
    /// The CA file, for messages and the bundle.
    public var caPath: String

    /// Reads the CA file; refused when it holds no PEM certificate.
    public init(url: URL?, caPath: String) throws(ArchiveError) {
        if let url, !["http", "https"].contains(url.scheme?.lowercased() ?? "") {
            throw .invalidInput(path: url.absoluteString, reason: "a time-stamping authority is reached over http or https")
        }
        let pem: Data
        do {
            pem = try Data(contentsOf: URL(fileURLWithPath: caPath))
        } catch {
            throw .unreadable(path: caPath, reason: "the TSA's CA certificate: \(error.localizedDescription)")
        }
        guard pem.count < 1 << 20, String(decoding: pem, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw .invalidInput(path: caPath, reason: "not a PEM certificate file (-----BEGIN CERTIFICATE-----): give the "
                + "CA certificate of the time-stamping authority")
        }
        self.url = url
        self.caCertificates = pem
        self.caPath = caPath
    }
}

/// What a stored time-stamp response says, read and verified by OpenSSL (`CTimestamp`).
public struct TimestampCheck: Sendable, Hashable {
    /// The bytes are a whole DER TimeStampResp.
    public var parsed: Bool
    /// PKIStatus: 0 granted, 1 granted with modifications; anything else is a refusal.
    public var status: Int
    public var hasToken: Bool
    /// The message imprint (the hash the token covers), lowercase hex; its algorithm is SHA-256 when ``imprintIsSHA256``.
    public var imprint: String
    public var imprintIsSHA256: Bool
    /// The TSA's time, `2026-12-07T13:57:51Z` (fractions as the TSA gives them).
    public var time: String
    public var serial: String
    /// The TSA certificate's subject, when the token carries it.
    public var signer: String
    /// Signature valid, signer certified for time stamping and chaining to the configured CA now.
    public var verified: Bool
    /// Why it did not parse or verify.
    public var reason: String

    /// A granted token over a SHA-256 imprint that verified.
    public var isValid: Bool { parsed && (status == 0 || status == 1) && hasToken && imprintIsSHA256 && verified }
}

/// RFC 3161 requests and responses: the DER work is OpenSSL's (`TS_*`), never Faktura's own.
public enum RFC3161 {
    /// A TimeStampReq over a SHA-256 digest (64 hex digits), asking for the TSA's certificate.
    public static func request(sha256 digestHex: String, nonce: UInt64 = UInt64.random(in: 1...UInt64.max)) throws(ArchiveError) -> Data {
        guard let digest = bytes(hex: digestHex), digest.count == 32 else {
            throw .invalidInput(path: digestHex, reason: "not a SHA-256 hash (64 hex digits)")
        }
        var out: UnsafeMutablePointer<UInt8>?
        let length = digest.withUnsafeBufferPointer { faktura_ts_request($0.baseAddress, $0.count, nonce, &out) }
        guard length > 0, let out else { throw .invalidInput(path: digestHex, reason: "OpenSSL could not make a time-stamp request") }
        defer { faktura_ts_free(out) }
        return Data(bytes: out, count: length)
    }

    /// Reads a DER TimeStampResp and verifies it against the CA certificates (PEM).
    public static func check(response: Data, caCertificates: Data) -> TimestampCheck {
        var result = faktura_ts_check()
        response.withUnsafeBytes { der in
            caCertificates.withUnsafeBytes { pem in
                faktura_ts_check_response(der.bindMemory(to: UInt8.self).baseAddress, der.count,
                                          pem.bindMemory(to: CChar.self).baseAddress, pem.count, &result)
            }
        }
        let imprint = withUnsafeBytes(of: result.imprint) { Data($0.prefix(result.imprint_length)) }
        return TimestampCheck(
            parsed: result.parsed == 1, status: Int(result.status), hasToken: result.has_token == 1,
            imprint: imprint.map { String(format: "%02x", $0) }.joined(), imprintIsSHA256: result.imprint_sha256 == 1,
            time: isoTime(text(result.gen_time)), serial: text(result.serial), signer: text(result.signer),
            verified: result.verified == 1, reason: text(result.reason))
    }

    /// The PEM of the certificates a response's token carries (the TSA's own), empty when none.
    public static func certificates(in response: Data) -> Data {
        var out: UnsafeMutablePointer<CChar>?
        let length = response.withUnsafeBytes { der in
            faktura_ts_response_certificates(der.bindMemory(to: UInt8.self).baseAddress, der.count, &out)
        }
        guard length > 0, let out else { return Data() }
        defer { faktura_ts_free(out) }
        return Data(bytes: out, count: length)
    }

    /// Asks the authority for a token over `digestHex` and checks the answer before returning it:
    /// granted, over that digest, signed by a TSA that chains to the configured CA.
    public static func ask(_ authority: TimestampAuthority, sha256 digestHex: String,
                           timeout: TimeInterval = 30) async throws(ArchiveError) -> (response: Data, check: TimestampCheck) {
        guard let url = authority.url else {
            throw .invalidInput(path: authority.caPath, reason: "no time-stamping authority URL was given (--tsa-url)")
        }
        let data = try await post(try request(sha256: digestHex), to: url, timeout: timeout)
        let place = url.absoluteString
        let check = check(response: data, caCertificates: authority.caCertificates)
        guard check.parsed else { throw .unreadable(path: place, reason: "the answer is not a time-stamp response: \(check.reason)") }
        guard check.status == 0 || check.status == 1, check.hasToken else {
            throw .unreadable(path: place, reason: "the time-stamping authority refused the request (status \(check.status))")
        }
        guard check.imprintIsSHA256, check.imprint == digestHex.lowercased() else {
            throw .unreadable(path: place, reason: "the token covers \(check.imprint.prefix(16))…, not the hash asked for "
                + "\(digestHex.prefix(16))…")
        }
        guard check.verified else {
            throw .unreadable(path: place, reason: "the token does not verify against the CA \(authority.caPath): \(check.reason)")
        }
        return (data, check)
    }

    /// Sends a TimeStampReq (`application/timestamp-query`) and returns the answer's bytes, unchecked.
    public static func post(_ query: Data, to url: URL, timeout: TimeInterval = 30) async throws(ArchiveError) -> Data {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        request.httpBody = query
        let answer: Result<(Data, URLResponse), any Error> = await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let data, let response {
                    continuation.resume(returning: .success((data, response)))
                } else {
                    continuation.resume(returning: .failure(error ?? URLError(.badServerResponse)))
                }
            }.resume()
        }
        let place = url.absoluteString
        switch answer {
        case .success(let (data, response)):
            if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                throw .unreadable(path: place, reason: "the time-stamping authority answered HTTP \(http.statusCode)")
            }
            return data
        case .failure(let error):
            throw .unreadable(path: place, reason: "the time-stamping authority did not answer: \(error.localizedDescription)")
        }
    }

    private static func text<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `20261207135751Z` → `2026-12-07T13:57:51Z` (fractions kept); anything else as given.
    static func isoTime(_ generalized: String) -> String {
        let chars = Array(generalized)
        guard chars.count >= 15, chars.last == "Z", chars[0..<14].allSatisfy(\.isNumber) else { return generalized }
        let s = String(chars)
        func part(_ from: Int, _ length: Int) -> Substring {
            s.dropFirst(from).prefix(length)
        }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(8, 2)):\(part(10, 2)):\(part(12, 2))\(s.dropFirst(14))"
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
