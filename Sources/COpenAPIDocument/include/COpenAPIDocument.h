#ifndef FAKTURA_OPENAPI_DOCUMENT_H
#define FAKTURA_OPENAPI_DOCUMENT_H
#include <stddef.h>

/// The bytes of docs/openapi.json, compiled into the binary (see openapi_document.c).
const unsigned char *faktura_openapi_document(size_t *length);

#endif
