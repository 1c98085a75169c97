// The web console's files (console/) compiled into the binary with C23 #embed, as the OpenAPI
// document is: `faktura serve` serves them wherever the binary is copied, offline, with no
// resource folder to install. Adding a file is adding it to console/ and one line to each list
// below (ConsoleAssetTests fails until every file of console/ is listed).
#include "CConsoleAssets.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char index_html[] = {
#embed "console/index.html"
};

static const unsigned char console_css[] = {
#embed "console/console.css"
};

static const unsigned char icon_svg[] = {
#embed "console/icon.svg"
};

static const unsigned char app_js[] = {
#embed "console/app.js"
};

static const unsigned char api_js[] = {
#embed "console/api.js"
};

static const unsigned char dom_js[] = {
#embed "console/dom.js"
};

static const unsigned char i18n_js[] = {
#embed "console/i18n.js"
};

static const unsigned char audit_js[] = {
#embed "console/audit.js"
};

static const unsigned char check_js[] = {
#embed "console/check.js"
};

static const unsigned char make_js[] = {
#embed "console/make.js"
};

static const unsigned char archive_js[] = {
#embed "console/archive.js"
};

static const unsigned char i18n_en_json[] = {
#embed "console/i18n/en.json"
};

static const unsigned char i18n_ru_json[] = {
#embed "console/i18n/ru.json"
};

static const unsigned char i18n_zh_Hans_json[] = {
#embed "console/i18n/zh-Hans.json"
};

static const unsigned char findings_js[] = {
#embed "console/findings.js"
};

static const faktura_console_asset assets[] = {
    {"index.html", "text/html; charset=utf-8", index_html, sizeof index_html},
    {"console.css", "text/css; charset=utf-8", console_css, sizeof console_css},
    {"icon.svg", "image/svg+xml", icon_svg, sizeof icon_svg},
    {"app.js", "text/javascript; charset=utf-8", app_js, sizeof app_js},
    {"api.js", "text/javascript; charset=utf-8", api_js, sizeof api_js},
    {"dom.js", "text/javascript; charset=utf-8", dom_js, sizeof dom_js},
    {"i18n.js", "text/javascript; charset=utf-8", i18n_js, sizeof i18n_js},
    {"audit.js", "text/javascript; charset=utf-8", audit_js, sizeof audit_js},
    {"check.js", "text/javascript; charset=utf-8", check_js, sizeof check_js},
    {"make.js", "text/javascript; charset=utf-8", make_js, sizeof make_js},
    {"archive.js", "text/javascript; charset=utf-8", archive_js, sizeof archive_js},
    {"findings.js", "text/javascript; charset=utf-8", findings_js, sizeof findings_js},
    {"i18n/en.json", "application/json", i18n_en_json, sizeof i18n_en_json},
    {"i18n/ru.json", "application/json", i18n_ru_json, sizeof i18n_ru_json},
    {"i18n/zh-Hans.json", "application/json", i18n_zh_Hans_json, sizeof i18n_zh_Hans_json},
};

const faktura_console_asset *faktura_console_assets(size_t *count) {
    *count = sizeof assets / sizeof assets[0];
    return assets;
}
