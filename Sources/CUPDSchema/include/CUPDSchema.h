#ifndef FAKTURA_UPD_SCHEMA_H
#define FAKTURA_UPD_SCHEMA_H
#include <stddef.h>

/// The bytes of schemas/upd-5.03/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd, compiled into the binary
/// (see upd_schema.c).
const unsigned char *faktura_upd_schema(size_t *length);

#endif
