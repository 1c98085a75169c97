#ifndef FAKTURA_CHARU_SHIM_H
#define FAKTURA_CHARU_SHIM_H
#include <hpdf.h>
/* libharu's object layer: PDFRender builds its own font and attachment objects with it. */
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <hpdf_pages.h>
#include <hpdf_doc.h>
/* zlib (libharu's own dependency): PNGCheck reads a PNG's checksums and data before libharu embeds it. */
#include <zlib.h>
#endif
