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
