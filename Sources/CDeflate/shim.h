#ifndef FAKTURA_CDEFLATE_SHIM_H
#define FAKTURA_CDEFLATE_SHIM_H
/* libdeflate: whole-buffer DEFLATE, twice as fast as zlib at its fastest level and smaller. */
#include <libdeflate.h>
#endif
