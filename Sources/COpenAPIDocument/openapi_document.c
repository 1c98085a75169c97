// docs/openapi.json compiled into the binary with C23 #embed, so `faktura serve` serves the
// document kept in the repository byte for byte wherever the binary is copied: no resource
// bundle path to lose (SwiftPM's Bundle.module points at the build folder), no second copy
// of the document in Swift to keep in step. A change to the document rebuilds this file
// (clang lists embedded files in its dependency output).
#include "COpenAPIDocument.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char document[] = {
#embed "../../docs/openapi.json"
};

const unsigned char *faktura_openapi_document(size_t *length) {
    *length = sizeof document;
    return document;
}

// The JSON Schemas the document refers to (`schemas/…`), served beside it at /schemas/NAME so that
// a client generator following the document's $refs from its URL finds them.

static const unsigned char archive_add_report_schema_json[] = {
#embed "../../docs/schemas/archive-add-report.schema.json"
};

static const unsigned char archive_entry_schema_json[] = {
#embed "../../docs/schemas/archive-entry.schema.json"
};

static const unsigned char archive_show_report_schema_json[] = {
#embed "../../docs/schemas/archive-show-report.schema.json"
};

static const unsigned char archive_verify_report_schema_json[] = {
#embed "../../docs/schemas/archive-verify-report.schema.json"
};

static const unsigned char audit_report_schema_json[] = {
#embed "../../docs/schemas/audit-report.schema.json"
};

static const unsigned char bundle_manifest_schema_json[] = {
#embed "../../docs/schemas/bundle-manifest.schema.json"
};

static const unsigned char chain_head_schema_json[] = {
#embed "../../docs/schemas/chain-head.schema.json"
};

static const unsigned char explanation_schema_json[] = {
#embed "../../docs/schemas/explanation.schema.json"
};

static const unsigned char id_report_schema_json[] = {
#embed "../../docs/schemas/id-report.schema.json"
};

static const unsigned char invoice_schema_json[] = {
#embed "../../docs/schemas/invoice.schema.json"
};

static const unsigned char mail_report_schema_json[] = {
#embed "../../docs/schemas/mail-report.schema.json"
};

static const unsigned char mapping_schema_json[] = {
#embed "../../docs/schemas/mapping.schema.json"
};

static const unsigned char ozon_payload_schema_json[] = {
#embed "../../docs/schemas/ozon-payload.schema.json"
};

static const unsigned char validation_report_schema_json[] = {
#embed "../../docs/schemas/validation-report.schema.json"
};

static const faktura_schema_document schemas[] = {
    {"archive-add-report.schema.json", archive_add_report_schema_json, sizeof archive_add_report_schema_json},
    {"archive-entry.schema.json", archive_entry_schema_json, sizeof archive_entry_schema_json},
    {"archive-show-report.schema.json", archive_show_report_schema_json, sizeof archive_show_report_schema_json},
    {"archive-verify-report.schema.json", archive_verify_report_schema_json, sizeof archive_verify_report_schema_json},
    {"audit-report.schema.json", audit_report_schema_json, sizeof audit_report_schema_json},
    {"bundle-manifest.schema.json", bundle_manifest_schema_json, sizeof bundle_manifest_schema_json},
    {"chain-head.schema.json", chain_head_schema_json, sizeof chain_head_schema_json},
    {"explanation.schema.json", explanation_schema_json, sizeof explanation_schema_json},
    {"id-report.schema.json", id_report_schema_json, sizeof id_report_schema_json},
    {"invoice.schema.json", invoice_schema_json, sizeof invoice_schema_json},
    {"mail-report.schema.json", mail_report_schema_json, sizeof mail_report_schema_json},
    {"mapping.schema.json", mapping_schema_json, sizeof mapping_schema_json},
    {"ozon-payload.schema.json", ozon_payload_schema_json, sizeof ozon_payload_schema_json},
    {"validation-report.schema.json", validation_report_schema_json, sizeof validation_report_schema_json},
};

const faktura_schema_document *faktura_schema_documents(size_t *count) {
    *count = sizeof schemas / sizeof schemas[0];
    return schemas;
}
