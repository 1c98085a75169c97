#ifndef FAKTURA_CFLATE_SHIM_H
#define FAKTURA_CFLATE_SHIM_H
#include <zlib.h>
#endif
