/*
 * output.c - the printers of the folio command: text that is safe on a
 * terminal, colour, messages, and JSON.
 *
 * Everything that comes from a document or a file name is untrusted: a
 * title can hold an escape sequence that would retitle the terminal or
 * hide text, a bidi override can make a file name read backwards.  Such
 * text reaches the terminal only through out_safe() (or the JSON writer,
 * which escapes the same characters); the only escape sequences folio
 * prints are its own colours.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* What utf8_next() returns for a byte that does not start a valid
 * sequence; it stands for U+FFFD and consumes one byte. */
#define INVALID_CP 0xFFFFFFFFu

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Decode the sequence at s (n > 0 bytes left) into *cp and return its
 * length.  Overlong forms, surrogates, values past U+10FFFF and
 * truncated sequences are invalid: *cp = INVALID_CP, length 1, so that
 * each bad byte becomes one U+FFFD and the next byte is looked at anew.
 */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len = 0;
	uint32_t v = 0;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

	*cp = INVALID_CP;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
		hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
	}
	if (len == 0 || n < len || s[1] < lo || s[1] > hi)
		return 1;
	for (size_t i = 1; i < len; i++) {
		if (!is_cont(s[i]))
			return 1;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

/* Characters that must never reach a terminal raw. */
static int cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* ------------------------------------------------------------------ */
/* Safe text                                                           */
/* ------------------------------------------------------------------ */

static int kept_raw(uint32_t cp, unsigned int flags)
{
	return (cp == '\n' && (flags & OUT_KEEP_NEWLINE)) ||
	       (cp == '\t' && (flags & OUT_KEEP_TAB));
}

/*
 * How the character at s is shown: into buf (at least 8 bytes) when it
 * must be escaped or replaced; returns the number of bytes written there,
 * or 0 when the original bytes can be printed as they are.
 */
static size_t safe_form(uint32_t cp, unsigned int flags, char *buf)
{
	size_t n = 0;

	if (cp == INVALID_CP) {
		memcpy(buf, "\xEF\xBF\xBD", 3); /* U+FFFD */
		n = 3;
	} else if ((flags & OUT_SPACE_LAYOUT) &&
		   (cp == '\n' || cp == '\t' || cp == '\r')) {
		buf[0] = ' ';
		n = 1;
	} else if (kept_raw(cp, flags) || !cp_unsafe(cp)) {
		n = 0;
	} else if (cp < 0x80) {
		n = (size_t)snprintf(buf, 8, "\\x%02x", (unsigned int)cp);
	} else {
		n = (size_t)snprintf(buf, 8, "\\u%04x", (unsigned int)cp);
	}
	return n;
}

void out_safe(FILE *f, const char *s, size_t len, unsigned int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* start of the bytes not yet printed */
	size_t i = 0;
	char buf[8];

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		size_t m = safe_form(cp, flags, buf);

		if (m > 0) {
			fwrite(s + run, 1, i - run, f);
			fwrite(buf, 1, m, f);
			run = i + n;
		}
		i += n;
	}
	fwrite(s + run, 1, len - run, f);
}

void out_safe_str(FILE *f, const char *s, unsigned int flags)
{
	out_safe(f, s, strlen(s), flags);
}

/*
 * One column per character is right for the Latin, Greek and Cyrillic
 * queries folio mostly sees; wide CJK characters would need wcwidth()
 * and a locale, which the CLI does not set up.
 */
void out_caret(FILE *f, const char *s, int column)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	size_t i = 0;
	char buf[8];

	for (int col = 1; col < column && i < len; col++) {
		uint32_t cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		size_t m = safe_form(cp, 0, buf);

		if (m == 0 && cp == '\t')
			fputc('\t', f);
		else
			/* an escape takes as many columns as it has bytes;
			 * U+FFFD takes one */
			fprintf(f, "%*s", cp == INVALID_CP || m == 0 ?
				1 : (int)m, "");
		i += n;
	}
	fputs("^\n", f);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* Format into a new string; NULL if out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s = NULL;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		goto out;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
out:
	return s;
}

/* The message is formatted first and printed safely as a whole, since
 * paths, ids and library messages inside it may hold anything. */
static void vmessage(const char *prefix, const char *suffix,
		     const char *fmt, va_list ap)
{
	char *msg = vformat(fmt, ap);

	fputs(prefix, stderr);
	out_safe_str(stderr, msg ? msg : fmt, OUT_KEEP_TAB);
	if (suffix) {
		fputs(": ", stderr);
		out_safe_str(stderr, suffix, OUT_KEEP_TAB);
	}
	fputc('\n', stderr);
	free(msg);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("folio: ", NULL, fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("folio: warning: ", NULL, fmt, ap);
	va_end(ap);
}

void cli_lib_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("folio: ", folio_error_last()->message, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Colour                                                              */
/* ------------------------------------------------------------------ */

int out_color_wanted(cli_color mode)
{
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");
	int yes = 0;

	if (mode == CLI_COLOR_ALWAYS)
		yes = 1;
	else if (mode == CLI_COLOR_NEVER)
		yes = 0;
	else
		/* https://no-color.org: set and not empty means no colour */
		yes = isatty(STDOUT_FILENO) && term && term[0] &&
		      strcmp(term, "dumb") != 0 &&
		      !(no_color && no_color[0]);
	return yes;
}

void out_highlighted(FILE *f, const char *text, size_t len,
		     const folio_snippet *snippet, int color)
{
	size_t count = folio_snippet_span_count(snippet);
	size_t pos = 0;

	for (size_t i = 0; i < count; i++) {
		size_t start = 0, end = 0;

		/* Trust no span blindly: out of order or out of range,
		 * it is skipped rather than read past the text. */
		if (folio_snippet_span(snippet, i, &start, &end) < 0 ||
		    start < pos || end < start || end > len)
			continue;
		out_safe(f, text + pos, start - pos, OUT_SPACE_LAYOUT);
		if (color)
			fputs(OUT_SGR_MATCH, f);
		out_safe(f, text + start, end - start, OUT_SPACE_LAYOUT);
		if (color)
			fputs(OUT_SGR_RESET, f);
		pos = end;
	}
	out_safe(f, text + pos, len - pos, OUT_SPACE_LAYOUT);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

void out_json_init(out_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = 1;
}

/* Put the comma a value needs before it, unless it follows a key. */
static void json_sep(out_json *j)
{
	if (j->after_key)
		j->after_key = 0;
	else if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
}

static void json_open(out_json *j, char c)
{
	json_sep(j);
	fputc(c, j->f);
	/* Deeper nesting than folio ever prints would be a bug here;
	 * stay in bounds and let the commas come out wrong instead. */
	if (j->depth + 1 < OUT_JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = 1;
}

static void json_close(out_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void out_json_begin_object(out_json *j)
{
	json_open(j, '{');
}

void out_json_end_object(out_json *j)
{
	json_close(j, '}');
}

void out_json_begin_array(out_json *j)
{
	json_open(j, '[');
}

void out_json_end_array(out_json *j)
{
	json_close(j, ']');
}

/* Escapes for the JSON string body: see out_json (cli.h). */
static void json_chars(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;
	size_t i = 0;

	fputc('"', f);
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		/* U+2028 and U+2029 end lines in JavaScript. */
		int esc = cp == INVALID_CP || cp == '"' || cp == '\\' ||
			  cp_unsafe(cp) || cp == 0x2028 || cp == 0x2029;

		if (esc) {
			fwrite(s + run, 1, i - run, f);
			if (cp == '"' || cp == '\\')
				fprintf(f, "\\%c", (char)cp);
			else
				fprintf(f, "\\u%04x", cp == INVALID_CP ?
					0xFFFDu : (unsigned int)cp);
			run = i + n;
		}
		i += n;
	}
	fwrite(s + run, 1, len - run, f);
	fputc('"', f);
}

void out_json_key(out_json *j, const char *key)
{
	json_sep(j);
	json_chars(j->f, key, strlen(key));
	fputc(':', j->f);
	j->after_key = 1;
}

void out_json_string_len(out_json *j, const char *s, size_t len)
{
	json_sep(j);
	json_chars(j->f, s, len);
}

void out_json_string(out_json *j, const char *s)
{
	out_json_string_len(j, s ? s : "", s ? strlen(s) : 0);
}

void out_json_uint(out_json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void out_json_bool(out_json *j, int v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void out_json_double(out_json *j, double v)
{
	json_sep(j);
	/* JSON has no NaN or infinity.  The CLI never calls setlocale(),
	 * so the decimal point is always '.'. */
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void out_json_finish(out_json *j)
{
	fputc('\n', j->f);
}

size_t out_json_offset(const char *s, size_t len, size_t off)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	size_t shifted = 0;

	while (i < len && i < off) {
		uint32_t cp;
		size_t n = utf8_next(p + i, len - i, &cp);

		/* one bad byte becomes the three bytes of U+FFFD */
		shifted += cp == INVALID_CP ? 3 : n;
		i += n;
	}
	return shifted;
}
