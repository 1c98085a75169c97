// RFC 3161 time-stamp requests and responses through OpenSSL's TS API, and bundle signatures
// through its CMS API (libcrypto from Debian's libssl-dev): the only place Faktura touches DER
// for either. Owned by the Archive module's RFC3161 and BundleSigner types.
#ifndef FAKTURA_CTIMESTAMP_H
#define FAKTURA_CTIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

/// A TimeStampReq (DER) for a SHA-256 digest, asking for the TSA's certificate in the token.
/// Returns the length written to *out (free with faktura_ts_free), or 0 with *out NULL.
size_t faktura_ts_request(const unsigned char *digest, size_t digest_length, uint64_t nonce,
                          unsigned char **out);

void faktura_ts_free(void *pointer);

/// What a TimeStampResp holds and whether it verifies.
typedef struct {
    /// 1 when the bytes are a whole DER TimeStampResp.
    int parsed;
    /// PKIStatus (0 granted, 1 granted with mods, 2 rejection, ...); -1 when absent.
    int status;
    /// 1 when the response carries a token (TSTInfo).
    int has_token;
    /// 1 when the message imprint's algorithm is SHA-256.
    int imprint_sha256;
    unsigned char imprint[64];
    size_t imprint_length;
    /// The token's genTime as GeneralizedTime text (YYYYMMDDHHMMSS[.fff]Z).
    char gen_time[40];
    /// The serial number in hex.
    char serial[100];
    /// The TSA's certificate subject (one line), when the token carries the certificate.
    char signer[256];
    /// 1 when the signature verifies, the signer holds the timeStamping purpose and its
    /// certificate chains to one of the given CA certificates now.
    int verified;
    /// Why parsing or verifying failed (OpenSSL's reasons, certificate errors named).
    char reason[600];
} faktura_ts_check;

/// Reads a DER TimeStampResp and verifies it against the PEM CA certificates in ca_pem.
void faktura_ts_check_response(const unsigned char *der, size_t der_length,
                               const char *ca_pem, size_t ca_pem_length, faktura_ts_check *result);

/// The PEM of the certificates a response's token carries (the TSA's), or 0.
size_t faktura_ts_response_certificates(const unsigned char *der, size_t der_length, char **out);

/// A detached CMS signature (DER, SHA-256) of content by the PEM certificate and private key,
/// the certificate included. Returns the length written to *out (free with faktura_ts_free), or 0
/// with the reason in `reason`.
size_t faktura_cms_sign_detached(const unsigned char *content, size_t content_length,
                                 const char *certificate_pem, size_t certificate_length,
                                 const char *key_pem, size_t key_length,
                                 unsigned char **out, char *reason, size_t reason_size);

#endif
