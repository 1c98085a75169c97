#ifndef FAKTURA_CTESSERACT_SHIM_H
#define FAKTURA_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#endif
