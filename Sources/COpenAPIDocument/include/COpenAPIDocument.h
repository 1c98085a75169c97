#ifndef FAKTURA_OPENAPI_DOCUMENT_H
#define FAKTURA_OPENAPI_DOCUMENT_H
#include <stddef.h>

/// The bytes of docs/openapi.json, compiled into the binary (see openapi_document.c).
const unsigned char *faktura_openapi_document(size_t *length);

/// One JSON Schema of docs/schemas: its file name and bytes.
typedef struct {
    const char *name;
    const unsigned char *bytes;
    size_t length;
} faktura_schema_document;

/// Every schema of docs/schemas, compiled in; `count` is set to their number.
const faktura_schema_document *faktura_schema_documents(size_t *count);

#endif
