// The message catalogues (messages/*.json, one per language) compiled into the binary with
// C23 #embed, as COpenAPIDocument does for docs/openapi.json: a copied or installed `faktura`
// speaks every language without a resource bundle beside it. A new language is its file in
// messages/ and its line below; MessageCatalogueTests fails while a file of messages/ is not
// listed here.
#include "CMessageCatalogue.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char en[] = {
#embed "../../messages/en.json"
};
static const unsigned char zh_hans[] = {
#embed "../../messages/zh-Hans.json"
};
static const unsigned char ru[] = {
#embed "../../messages/ru.json"
};

static const struct { const unsigned char *bytes; size_t length; } catalogues[] = {
    {en, sizeof en},
    {zh_hans, sizeof zh_hans},
    {ru, sizeof ru},
};

const unsigned char *faktura_message_catalogue(size_t index, size_t *length) {
    if (index >= sizeof catalogues / sizeof catalogues[0]) {
        *length = 0;
        return 0;
    }
    *length = catalogues[index].length;
    return catalogues[index].bytes;
}
