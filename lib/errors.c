/*
 * errors.c - the per-thread last error behind folio_error_last().
 *
 * The message lives in a fixed per-thread buffer so that recording an
 * error never allocates: "out of memory" must be reportable too.
 */
#include <stdio.h>
#include <string.h>

#include "folio-private.h"

#define MESSAGE_MAX 2048

static _Thread_local struct {
	folio_error error;
	char message[MESSAGE_MAX];
} last = {{0, "", 0}, ""};

const char *folio_version(void)
{
	return FOLIO_VERSION_STRING;
}

static int set_error(int code, int column, const char *fmt, va_list ap)
{
	vsnprintf(last.message, sizeof last.message, fmt, ap);
	last.error.code = code;
	last.error.column = column;
	last.error.message = last.message;
	return code;
}

int folio__error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, 0, fmt, ap);
	va_end(ap);
	return code;
}

int folio__error_set_column(int code, int column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, column, fmt, ap);
	va_end(ap);
	return code;
}

int folio__error_oom(void)
{
	return folio__error_set(FOLIO_ENOMEM, "out of memory");
}

const folio_error *folio_error_last(void)
{
	if (last.error.message == NULL)
		last.error.message = last.message;
	return &last.error;
}

void folio_error_clear(void)
{
	last.message[0] = '\0';
	last.error.code = FOLIO_OK;
	last.error.column = 0;
	last.error.message = last.message;
}

const char *folio_error_name(int code)
{
	switch (code) {
	case FOLIO_OK: return "no error";
	case FOLIO_ENOTFOUND: return "not found";
	case FOLIO_EQUERY: return "query error";
	case FOLIO_ELOCKED: return "index is locked";
	case FOLIO_EMODIFIED: return "index was modified";
	case FOLIO_ECORRUPT: return "index is corrupt";
	case FOLIO_ENOMEM: return "out of memory";
	case FOLIO_EINVALID: return "invalid argument";
	case FOLIO_EIO: return "input/output error";
	case FOLIO_EVERSION: return "incompatible index version";
	default: return "error";
	}
}
