#ifndef FAKTURA_CGMIME_SHIM_H
#define FAKTURA_CGMIME_SHIM_H
#include <gmime/gmime.h>

// GObject's type-check macros do not import into Swift; these inline functions stand in for them.
static inline int faktura_gmime_is_multipart(GMimeObject *object) { return GMIME_IS_MULTIPART(object); }
static inline int faktura_gmime_is_message_part(GMimeObject *object) { return GMIME_IS_MESSAGE_PART(object); }
static inline int faktura_gmime_is_part(GMimeObject *object) { return GMIME_IS_PART(object); }
static inline int faktura_gmime_is_text_part(GMimeObject *object) { return GMIME_IS_TEXT_PART(object); }
static inline void faktura_gobject_unref(void *object) { if (object) g_object_unref(object); }
#endif
