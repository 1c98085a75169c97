#ifndef FAKTURA_COPENDKIM_SHIM_H
#define FAKTURA_COPENDKIM_SHIM_H
#include <sys/types.h>
#include <stdbool.h>
#include <stdint.h>
#include <opendkim/dkim.h>
#endif
