#ifndef FAKTURA_CZLIB_SHIM_H
#define FAKTURA_CZLIB_SHIM_H
#include <zlib.h>
#endif
