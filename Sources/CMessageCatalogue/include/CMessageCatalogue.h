#ifndef FAKTURA_MESSAGE_CATALOGUE_H
#define FAKTURA_MESSAGE_CATALOGUE_H
#include <stddef.h>

/// The bytes of messages/<n>.json, the message catalogue of one language, compiled into the
/// binary (see message_catalogue.c). Null past the last catalogue.
const unsigned char *faktura_message_catalogue(size_t index, size_t *length);

#endif
