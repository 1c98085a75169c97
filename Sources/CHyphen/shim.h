#ifndef FAKTURA_CHYPHEN_SHIM_H
#define FAKTURA_CHYPHEN_SHIM_H
/* libhyphen (ALTLinux, as LibreOffice uses it): TeX hyphenation patterns for table headers. */
#include <hyphen.h>
#endif
