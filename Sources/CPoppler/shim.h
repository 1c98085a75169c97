#ifndef FAKTURA_CPOPPLER_SHIM_H
#define FAKTURA_CPOPPLER_SHIM_H
#include <poppler.h>
#include <cairo.h>
#endif
