#ifndef FAKTURA_CONSOLE_ASSETS_H
#define FAKTURA_CONSOLE_ASSETS_H
#include <stddef.h>

/// One file of the web console: its path under /console/ (index.html is also served at /),
/// its Content-Type and its bytes, compiled into the binary (see console_assets.c).
typedef struct {
    const char *path;
    const char *content_type;
    const unsigned char *bytes;
    size_t length;
} faktura_console_asset;

/// Every file of the console; `count` is set to their number.
const faktura_console_asset *faktura_console_assets(size_t *count);

#endif
