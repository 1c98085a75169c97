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
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* libxml2's XPath evaluator reports some errors (an unregistered function) through the generic,
   printf-like error channel as well as the structured one Faktura reads: these two helpers
   silence that channel on the calling thread for one evaluation and give it back. Swift cannot
   write a C variadic function, so the no-op handler lives here. */
static inline void faktura_xml_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}
static inline void faktura_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, faktura_xml_ignore_generic_error);
}
static inline void faktura_xml_restore_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, NULL);
}
#endif
