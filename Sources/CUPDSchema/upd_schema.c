// The tax service's UPD 5.03 schema compiled into the binary with C23 #embed, byte for byte
// (windows-1251), so that an installed or copied `faktura` validates UPD files without the
// repository beside it. A change to the schema file rebuilds this file (clang lists embedded
// files in its dependency output).
#include "CUPDSchema.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char schema[] = {
#embed "../../schemas/upd-5.03/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd"
};

const unsigned char *faktura_upd_schema(size_t *length) {
    *length = sizeof schema;
    return schema;
}
