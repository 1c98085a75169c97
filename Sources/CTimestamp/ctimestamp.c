#include "ctimestamp.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <string.h>

void faktura_ts_free(void *pointer) { OPENSSL_free(pointer); }

size_t faktura_ts_request(const unsigned char *digest, size_t digest_length, uint64_t nonce,
                          unsigned char **out) {
    *out = NULL;
    size_t written = 0;
    TS_REQ *request = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *algorithm = X509_ALGOR_new();
    ASN1_INTEGER *number = ASN1_INTEGER_new();
    if (request == NULL || imprint == NULL || algorithm == NULL || number == NULL) goto done;
    if (!X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL)) goto done;
    if (!TS_MSG_IMPRINT_set_algo(imprint, algorithm)) goto done;
    if (!TS_MSG_IMPRINT_set_msg(imprint, (unsigned char *)digest, (int)digest_length)) goto done;
    if (!TS_REQ_set_version(request, 1) || !TS_REQ_set_msg_imprint(request, imprint)) goto done;
    if (!ASN1_INTEGER_set_uint64(number, nonce) || !TS_REQ_set_nonce(request, number)) goto done;
    if (!TS_REQ_set_cert_req(request, 1)) goto done;
    int length = i2d_TS_REQ(request, out);
    if (length > 0) written = (size_t)length;
done:
    ASN1_INTEGER_free(number);
    X509_ALGOR_free(algorithm);
    TS_MSG_IMPRINT_free(imprint);
    TS_REQ_free(request);
    return written;
}

/// OpenSSL's queued errors as one line (with their data, where certificate errors are named).
static void take_errors(char *reason, size_t size) {
    size_t used = strlen(reason);
    const char *data = NULL;
    int flags = 0;
    unsigned long code;
    while ((code = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        const char *why = ERR_reason_error_string(code);
        int separate = used > 1 && !(reason[used - 2] == ':' && reason[used - 1] == ' ');
        int n = snprintf(reason + used, size - used, "%s%s%s%s", separate ? "; " : "", why != NULL ? why : text,
                         (data != NULL && (flags & ERR_TXT_STRING) && data[0] != 0) ? ": " : "",
                         (data != NULL && (flags & ERR_TXT_STRING)) ? data : "");
        if (n < 0 || (size_t)n >= size - used) break;
        used += (size_t)n;
    }
}

static void hex(const unsigned char *bytes, size_t length, char *out, size_t size) {
    size_t i = 0;
    for (; i < length && 2 * i + 2 < size; i++) snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    out[2 * i] = 0;
}

void faktura_ts_check_response(const unsigned char *der, size_t der_length,
                               const char *ca_pem, size_t ca_pem_length, faktura_ts_check *result) {
    memset(result, 0, sizeof *result);
    result->status = -1;
    ERR_clear_error();
    const unsigned char *cursor = der;
    TS_RESP *response = d2i_TS_RESP(NULL, &cursor, (long)der_length);
    if (response == NULL) {
        snprintf(result->reason, sizeof result->reason, "not a DER time-stamp response (RFC 3161): ");
        take_errors(result->reason, sizeof result->reason);
        return;
    }
    if (cursor != der + der_length) {
        snprintf(result->reason, sizeof result->reason, "%zu bytes follow the time-stamp response",
                 (size_t)(der + der_length - cursor));
        TS_RESP_free(response);
        return;
    }
    result->parsed = 1;
    TS_STATUS_INFO *info = TS_RESP_get_status_info(response);
    const ASN1_INTEGER *status = info != NULL ? TS_STATUS_INFO_get0_status(info) : NULL;
    if (status != NULL) result->status = (int)ASN1_INTEGER_get(status);
    TS_TST_INFO *token = TS_RESP_get_tst_info(response);
    if (token != NULL) {
        result->has_token = 1;
        TS_MSG_IMPRINT *imprint = TS_TST_INFO_get_msg_imprint(token);
        X509_ALGOR *algorithm = TS_MSG_IMPRINT_get_algo(imprint);
        const ASN1_OBJECT *object = NULL;
        X509_ALGOR_get0(&object, NULL, NULL, algorithm);
        result->imprint_sha256 = OBJ_obj2nid(object) == NID_sha256;
        ASN1_OCTET_STRING *message = TS_MSG_IMPRINT_get_msg(imprint);
        int length = ASN1_STRING_length(message);
        if (length > 0 && (size_t)length <= sizeof result->imprint) {
            memcpy(result->imprint, ASN1_STRING_get0_data(message), (size_t)length);
            result->imprint_length = (size_t)length;
        }
        const ASN1_GENERALIZEDTIME *time = TS_TST_INFO_get_time(token);
        if (time != NULL) {
            int n = ASN1_STRING_length(time);
            if (n > 0 && (size_t)n < sizeof result->gen_time) memcpy(result->gen_time, ASN1_STRING_get0_data(time), (size_t)n);
        }
        const ASN1_INTEGER *serial = TS_TST_INFO_get_serial(token);
        if (serial != NULL) hex(ASN1_STRING_get0_data(serial), (size_t)ASN1_STRING_length(serial), result->serial, sizeof result->serial);
        PKCS7 *signed_data = TS_RESP_get_token(response);
        STACK_OF(X509) *certificates = (signed_data != NULL && PKCS7_type_is_signed(signed_data)) ? signed_data->d.sign->cert : NULL;
        if (certificates != NULL && sk_X509_num(certificates) > 0) {
            X509_NAME_oneline(X509_get_subject_name(sk_X509_value(certificates, 0)), result->signer, sizeof result->signer);
        }
    }

    X509_STORE *store = X509_STORE_new();
    BIO *bio = BIO_new_mem_buf(ca_pem, (int)ca_pem_length);
    int authorities = 0;
    X509 *certificate;
    while (bio != NULL && store != NULL && (certificate = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        if (X509_STORE_add_cert(store, certificate)) authorities++;
        X509_free(certificate);
    }
    BIO_free(bio);
    ERR_clear_error();
    if (authorities == 0) {
        snprintf(result->reason, sizeof result->reason, "the CA file holds no PEM certificate");
        X509_STORE_free(store);
        TS_RESP_free(response);
        return;
    }
    TS_VERIFY_CTX *context = TS_VERIFY_CTX_new();
    if (context == NULL) {
        X509_STORE_free(store);
        TS_RESP_free(response);
        return;
    }
    TS_VERIFY_CTX_set_flags(context, TS_VFY_VERSION | TS_VFY_SIGNATURE);
    TS_VERIFY_CTX_set_store(context, store);  // the context frees the store
    if (TS_RESP_verify_response(context, response) == 1) {
        result->verified = 1;
    } else {
        take_errors(result->reason, sizeof result->reason);
    }
    TS_VERIFY_CTX_free(context);
    TS_RESP_free(response);
}

size_t faktura_ts_response_certificates(const unsigned char *der, size_t der_length, char **out) {
    *out = NULL;
    const unsigned char *cursor = der;
    TS_RESP *response = d2i_TS_RESP(NULL, &cursor, (long)der_length);
    if (response == NULL) return 0;
    size_t written = 0;
    PKCS7 *signed_data = TS_RESP_get_token(response);
    STACK_OF(X509) *certificates = (signed_data != NULL && PKCS7_type_is_signed(signed_data)) ? signed_data->d.sign->cert : NULL;
    BIO *bio = BIO_new(BIO_s_mem());
    for (int i = 0; bio != NULL && certificates != NULL && i < sk_X509_num(certificates); i++) {
        PEM_write_bio_X509(bio, sk_X509_value(certificates, i));
    }
    char *data = NULL;
    long length = bio != NULL ? BIO_get_mem_data(bio, &data) : 0;
    if (length > 0 && (*out = OPENSSL_malloc((size_t)length)) != NULL) {
        memcpy(*out, data, (size_t)length);
        written = (size_t)length;
    }
    BIO_free(bio);
    TS_RESP_free(response);
    return written;
}

size_t faktura_cms_sign_detached(const unsigned char *content, size_t content_length,
                                 const char *certificate_pem, size_t certificate_length,
                                 const char *key_pem, size_t key_length,
                                 unsigned char **out, char *reason, size_t reason_size) {
    *out = NULL;
    reason[0] = 0;
    ERR_clear_error();
    size_t written = 0;
    BIO *certificate_bio = BIO_new_mem_buf(certificate_pem, (int)certificate_length);
    BIO *key_bio = BIO_new_mem_buf(key_pem, (int)key_length);
    BIO *data = BIO_new_mem_buf(content, (int)content_length);
    X509 *certificate = certificate_bio != NULL ? PEM_read_bio_X509(certificate_bio, NULL, NULL, NULL) : NULL;
    EVP_PKEY *key = key_bio != NULL ? PEM_read_bio_PrivateKey(key_bio, NULL, NULL, NULL) : NULL;
    CMS_ContentInfo *signature = NULL;
    if (certificate == NULL) {
        snprintf(reason, reason_size, "the certificate file holds no PEM certificate: ");
    } else if (key == NULL) {
        snprintf(reason, reason_size, "the key file holds no unencrypted PEM private key: ");
    } else if (!X509_check_private_key(certificate, key)) {
        snprintf(reason, reason_size, "the private key does not belong to the certificate: ");
    } else if ((signature = CMS_sign(certificate, key, NULL, data, CMS_DETACHED | CMS_BINARY)) == NULL) {
        snprintf(reason, reason_size, "OpenSSL could not sign: ");
    } else {
        int length = i2d_CMS_ContentInfo(signature, out);
        if (length > 0) written = (size_t)length;
    }
    if (written == 0) take_errors(reason, reason_size);
    CMS_ContentInfo_free(signature);
    EVP_PKEY_free(key);
    X509_free(certificate);
    BIO_free(data);
    BIO_free(key_bio);
    BIO_free(certificate_bio);
    return written;
}
