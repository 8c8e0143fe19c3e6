/*
 * buf.c - a growable byte buffer and small string helpers shared by the
 * library's files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

int folio__buf_grow(folio__buf *buf, size_t extra)
{
	if (extra > SIZE_MAX - buf->len - 1)
		return folio__error_oom();
	size_t need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	size_t cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(buf->ptr, cap);
	if (p == NULL)
		return folio__error_oom();
	buf->ptr = p;
	buf->cap = cap;
	return 0;
}

int folio__buf_put(folio__buf *buf, const void *data, size_t len)
{
	int rc = folio__buf_grow(buf, len);
	if (rc < 0)
		return rc;
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int folio__buf_puts(folio__buf *buf, const char *s)
{
	return folio__buf_put(buf, s, strlen(s));
}

int folio__buf_putc(folio__buf *buf, char c)
{
	return folio__buf_put(buf, &c, 1);
}

int folio__buf_printf(folio__buf *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return folio__error_set(FOLIO_ERROR, "cannot format text");
	int rc = folio__buf_grow(buf, (size_t)n);
	if (rc < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
	return 0;
}

void folio__buf_clear(folio__buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

/*
 * Empty the buffer and make room for size bytes (and the NUL), keeping
 * nothing: where it is short, its memory is replaced, not reallocated,
 * so the old bytes are not copied, and the size is exact, not doubled.
 * A page of snippets unpacks body after body into one buffer: doubling
 * took an 86 KB body's buffer to 128 KB, which glibc maps on its own
 * (an mmap, page faults on fresh pages, and an munmap when freed).
 */
int folio__buf_reset(folio__buf *buf, size_t size)
{
	folio__buf_clear(buf);
	if (size < buf->cap)
		return 0;
	if (size == SIZE_MAX)
		return folio__error_oom();
	char *p = malloc(size + 1);
	if (p == NULL)
		return folio__error_oom();
	free(buf->ptr);
	buf->ptr = p;
	buf->ptr[0] = '\0';
	buf->cap = size + 1;
	return 0;
}

void folio__buf_free(folio__buf *buf)
{
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}

char *folio__buf_detach(folio__buf *buf)
{
	char *p = buf->ptr;
	if (p == NULL)
		p = folio__strdup("");
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return p;
}

char *folio__strndup(const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (p == NULL) {
		folio__error_oom();
		return NULL;
	}
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *folio__strdup(const char *s)
{
	return folio__strndup(s, strlen(s));
}

size_t folio__utf8_trim(const char *s, size_t len)
{
	/* Step back over continuation bytes to the last lead byte, and keep
	 * that sequence only if it is complete. */
	size_t i = len;
	size_t back = 0;
	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i == 0)
		return back ? 0 : len;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3
		: lead >= 0xC0 ? 2 : 1;
	if (need == 1)
		return back ? i : len; /* stray continuation bytes: drop */
	return back + 1 >= need ? len : i - 1;
}

/*
 * Bytes of the well-formed UTF-8 sequence at s[i] (looking no further
 * than s[len - 1]), or 0 if none starts there (Unicode table 3-7: no
 * overlong forms, surrogates or code points past U+10FFFF).
 */
size_t folio__utf8_seq_len(const char *text, size_t len, size_t i)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char c = s[i], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (size_t k = 1; k < n; k++) {
		if (i + k >= len || s[i + k] < lo || s[i + k] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return n;
}
