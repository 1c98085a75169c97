#ifndef FAKTURA_CLIBXML2_SHIM_H
#define FAKTURA_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so encoding.h would include <unicode/ucnv.h>, whose
   UErrorCode clashes with Foundation's own ICU module (_FoundationICU) in the same Swift
   module. Faktura only passes xmlCharEncodingHandler by pointer, never allocates it, so the
   ICU fields at its end may stay invisible to Swift. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#endif
