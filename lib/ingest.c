/*
 * ingest.c - readers: bytes of files and streams to documents.  This file
 * holds what every format shares (the table of formats, decoding to
 * UTF-8, bounded buffering, skip reports); each format is its own file,
 * lib/ingest-<format>.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "folio-private.h"
#include "lazy-libs.h"

#define DEFAULT_MAX_BYTES ((size_t)64 << 20)
/* The charset detector looks at this much of the input: more costs time
 * and does not change its verdict. */
#define DETECT_BYTES 65536
/* Below this confidence (0-100) ICU's guess is not worth trusting. */
#define DETECT_MIN_CONFIDENCE 15

static const folio__format_reader *const formats[] = {
	&folio__reader_text,
	&folio__reader_markdown,
	&folio__reader_html,
	&folio__reader_jsonl,
};

#define NFORMATS (sizeof formats / sizeof formats[0])

static const folio__format_reader *format_reader(folio_format format)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i]->format == format)
			return formats[i];
	return &folio__reader_text;
}

folio_format folio_format_from_name(const char *name)
{
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *dot = NULL;
	char ext[16];
	size_t n;

	if (name == NULL)
		return FOLIO_FORMAT_AUTO;
	dot = strrchr(slash ? slash : name, '.');
	if (dot == NULL || (n = strlen(dot)) + 3 > sizeof ext)
		return FOLIO_FORMAT_AUTO;
	ext[0] = ' ';
	for (size_t i = 0; i < n; i++)
		ext[i + 1] = (dot[i] >= 'A' && dot[i] <= 'Z')
				     ? (char)(dot[i] - 'A' + 'a')
				     : dot[i];
	ext[n + 1] = ' ';
	ext[n + 2] = '\0';
	for (size_t i = 0; i < NFORMATS; i++)
		if (strstr(formats[i]->extensions, ext))
			return formats[i]->format;
	return FOLIO_FORMAT_AUTO;
}

/* ---- Decoding ------------------------------------------------------ */

/*
 * Whether the text is UTF-8: 2 if wholly valid, 1 if it has at least as
 * many valid multi-byte sequences as invalid bytes (UTF-8 with a few
 * damaged bytes, which analysis reads as U+FFFD: reinterpreting it as a
 * legacy encoding would garble every other non-ASCII character), else 0.
 */
static int is_utf8(const char *s, size_t len)
{
	size_t i = 0, good = 0, bad = 0;

	while (i < len) {
		size_t n = 1;

		if ((unsigned char)s[i] >= 0x80) {
			n = folio__utf8_seq_len(s, len, i);
			if (n == 0) {
				bad++;
				n = 1;
			} else {
				good++;
			}
		}
		i += n;
	}
	return bad == 0 ? 2 : good >= bad ? 1 : 0;
}

/*
 * Load a library (lib/lazy-libs.c) the decoding needs: 0 when it is
 * ready, 1 with the reason when it is missing (the input is then
 * skipped with it, like one that cannot be decoded), or a FOLIO_E* code.
 */
static int need(int (*load)(const char **why), char *reason, size_t cap)
{
	const char *missing = NULL;
	int rc = load(&missing);

	if (rc == 1)
		snprintf(reason, cap, "%s", missing);
	return rc;
}

/* Convert from the named encoding with ICU, stopping at the first byte
 * sequence that is not valid in it.  0, FOLIO_ENOMEM, or 1 (invalid). */
static int convert(folio__buf *out, const char *in, size_t len,
		   const char *from)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cnv = NULL;
	UChar *u = NULL;
	int32_t ulen = 0, n8 = 0;
	int rc = 1;

	if (len > INT32_MAX / 2)
		goto out;
	cnv = folio__icu.cnv_open(from, &err);
	if (U_SUCCESS(err))
		folio__icu.cnv_set_to_u_callback(cnv, folio__icu.cnv_stop,
						 NULL, NULL, NULL, &err);
	if (U_FAILURE(err))
		goto out;
	/* No encoding ICU detects makes more UTF-16 units than bytes. */
	u = malloc(((size_t)len + 1) * sizeof *u);
	if (u == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	ulen = folio__icu.cnv_to_uchars(cnv, u, (int32_t)len + 1, in,
					(int32_t)len, &err);
	if (U_FAILURE(err))
		goto out;
	folio__buf_clear(out);
	if (folio__buf_grow(out, (size_t)ulen * 3 + 1) < 0) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	folio__icu.str_to_utf8(out->ptr, (int32_t)out->cap, &n8, u, ulen, &err);
	if (U_FAILURE(err))
		goto out;
	out->len = (size_t)n8;
	out->ptr[out->len] = '\0';
	rc = 0;
out:
	free(u);
	if (cnv)
		folio__icu.cnv_close(cnv);
	return rc;
}

/* ICU's best guess at the encoding of in, into name: 1 if it has one it
 * is confident of, else 0.  The caller has loaded the detector's
 * library; the detector itself is opened on the first call and kept in
 * *cache for the reader's later inputs. */
static int detect(void **cache, const char *in, size_t len, char *name,
		  size_t cap)
{
	const folio__csdet_api *cs = &folio__csdet;
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *det = *cache;
	const UCharsetMatch *match = NULL;
	const char *found = NULL;
	int ok = 0;

	if (det == NULL) {
		det = cs->open(&err);
		if (U_FAILURE(err))
			goto out;
		*cache = det;
	}
	cs->set_text(det, in,
		     (int32_t)(len < DETECT_BYTES ? len : DETECT_BYTES), &err);
	match = cs->detect(det, &err);
	if (U_FAILURE(err) || match == NULL)
		goto out;
	found = cs->name(match, &err);
	if (U_SUCCESS(err) && found &&
	    cs->confidence(match, &err) >= DETECT_MIN_CONFIDENCE &&
	    U_SUCCESS(err) && strcasecmp(found, "UTF-8") != 0) {
		snprintf(name, cap, "%s", found);
		ok = 1;
	}
out:
	return ok;
}

int folio__decode(folio__buf *out, void **detector, const char *in,
		  size_t len, const char **text, size_t *text_len,
		  char *charset, char *reason, size_t cap)
{
	const unsigned char *b = (const unsigned char *)in;
	const char *from = NULL;
	size_t skip = 0;
	int rc = 0, utf8 = 0;

	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		skip = 3;
	} else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		from = "UTF-16LE";
		skip = 2;
	} else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		from = "UTF-16BE";
		skip = 2;
	}
	in += skip;
	len -= skip;
	if (from == NULL && memchr(in, '\0', len)) {
		snprintf(reason, cap, "binary file (it contains NUL bytes)");
		rc = 1;
		goto out;
	}
	if (from == NULL && (utf8 = is_utf8(in, len)) > 0) {
		snprintf(charset, 32, "%s",
			 utf8 == 2 ? "UTF-8" : "UTF-8 (damaged)");
		*text = in;
		*text_len = len;
		goto out;
	}
	if (from == NULL) {
		/* The detector (libicui18n) is opened only now: UTF-8 and
		 * UTF-16 never need it. */
		rc = need(folio__csdet_load, reason, cap);
		if (rc != 0)
			goto out;
		rc = detect(detector, in, len, charset, 32);
		if (rc == 0) {
			snprintf(reason, cap,
				 "not valid UTF-8, and its encoding could "
				 "not be recognised; convert it to UTF-8");
			rc = 1;
			goto out;
		}
		from = charset;
	} else {
		snprintf(charset, 32, "%s", from);
	}
	rc = need(folio__icu_load, reason, cap);
	if (rc != 0)
		goto out;
	rc = convert(out, in, len, from);
	if (rc == 1)
		snprintf(reason, cap,
			 "cannot be decoded as %s (its most likely "
			 "encoding); convert it to UTF-8",
			 from);
	if (rc == 0 && memchr(out->ptr, '\0', out->len)) {
		snprintf(reason, cap, "binary file (it contains NUL "
				      "characters)");
		rc = 1;
	}
	if (rc == 0) {
		*text = out->ptr;
		*text_len = out->len;
	}
out:
	return rc;
}

/* ---- Readers ------------------------------------------------------- */

int folio_reader_options_init(folio_reader_options *opts,
			      unsigned int version)
{
	folio_reader_options init = FOLIO_READER_OPTIONS_INIT;

	if (opts == NULL || version != FOLIO_READER_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_reader_options "
					"version %u",
					version);
	*opts = init;
	return 0;
}

static int add_map_entry(folio_reader *r, const char *pair)
{
	const char *eq = pair ? strchr(pair, '=') : NULL;
	folio__map_entry *e = &r->map[r->nmap];
	int rc = 0;

	if (eq == NULL || eq == pair || eq[1] == '\0' ||
	    (strcmp(eq + 1, "id") != 0 && strcmp(eq + 1, "title") != 0 &&
	     strcmp(eq + 1, "body") != 0 &&
	     !folio__field_name_valid(eq + 1))) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "bad map entry '%s': write KEY=FIELD, "
				      "where FIELD is id, title, body or a "
				      "field name (a-z, 0-9, _)",
				      pair ? pair : "(null)");
		goto out;
	}
	e->key = folio__strndup(pair, (size_t)(eq - pair));
	e->field = folio__strdup(eq + 1);
	r->nmap++;
	if (e->key == NULL || e->field == NULL)
		rc = FOLIO_ENOMEM;
out:
	return rc;
}

int folio_reader_new(folio_reader **out, const folio_reader_options *opts)
{
	folio_reader *r = NULL;
	int rc = 0;

	if (out)
		*out = NULL;
	if (out == NULL || opts == NULL || opts->on_doc == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_reader_new needs an out pointer "
				      "and options with on_doc set");
		goto out;
	}
	if (opts->version != FOLIO_READER_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_reader_options "
				      "version %u",
				      opts->version);
		goto out;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL || (opts->nmap > 0 &&
			  !(r->map = calloc(opts->nmap, sizeof *r->map)))) {
		rc = folio__error_oom();
		goto out;
	}
	r->opts = *opts;
	r->opts.map = NULL;
	if (r->opts.max_bytes == 0)
		r->opts.max_bytes = DEFAULT_MAX_BYTES;
	for (size_t i = 0; rc == 0 && i < opts->nmap; i++)
		rc = add_map_entry(r, opts->map[i]);
out:
	if (rc < 0) {
		folio_reader_free(r);
		r = NULL;
	}
	if (out)
		*out = r;
	return rc;
}

void folio_reader_free(folio_reader *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nmap; i++) {
		free(r->map[i].key);
		free(r->map[i].field);
	}
	free(r->map);
	free(r->name);
	free(r->id);
	folio__buf_free(&r->data);
	folio__buf_free(&r->decoded);
	if (r->detector) /* opened, so its library is loaded */
		folio__csdet.close(r->detector);
	free(r);
}

const char *folio_reader_charset(const folio_reader *r)
{
	return r ? r->charset : "";
}

int folio_reader_begin(folio_reader *r, const char *name, const char *id)
{
	folio_format format;
	int rc = 0;

	if (r == NULL || name == NULL || *name == '\0') {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_reader_begin needs a reader and "
				      "a name");
		goto out;
	}
	free(r->name);
	free(r->id);
	r->name = folio__strdup(name);
	r->id = folio__strdup(id ? id : name);
	if (r->name == NULL || r->id == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	format = r->opts.format;
	if (format == FOLIO_FORMAT_AUTO)
		format = folio_format_from_name(name);
	r->fmt = format_reader(format);
	folio__buf_clear(&r->data);
	r->lineno = 0;
	r->overflow = 0;
	r->stop = 0;
	r->unreadable = NULL;
	r->charset[0] = '\0';
out:
	return rc;
}

void folio__reader_skip(folio_reader *r, size_t line, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (r->opts.on_skip)
		r->opts.on_skip(r->name, line, reason, r->opts.payload);
}

int folio__reader_emit(folio_reader *r, folio_doc *doc)
{
	return r->opts.on_doc(doc, r->opts.payload);
}

const char *folio__reader_field(const folio_reader *r, const char *key)
{
	for (size_t i = 0; i < r->nmap; i++)
		if (strcmp(r->map[i].key, key) == 0)
			return r->map[i].field;
	return key;
}

static int need_begun(const folio_reader *r)
{
	if (r && r->fmt)
		return 0;
	return folio__error_set(FOLIO_EINVALID,
				"call folio_reader_begin before feeding a "
				"reader");
}

/* One complete line of a record input (without its newline). */
static int record_line(folio_reader *r, const char *line, size_t len)
{
	int rc = 0;

	r->lineno++;
	if (r->overflow) {
		folio__reader_skip(r, r->lineno,
				   "line longer than %zu bytes", 
				   r->opts.max_bytes);
		r->overflow = 0;
	} else {
		rc = r->fmt->read_record(r, line, len, r->lineno);
	}
	return rc;
}

/* Feed a record input: whole lines go to the format as they end; a
 * partial line waits in r->data, or is dropped past max_bytes. */
static int feed_records(folio_reader *r, const char *data, size_t len)
{
	int rc = 0;

	while (rc == 0 && len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		if (!r->overflow && r->data.len + n > r->opts.max_bytes) {
			r->overflow = 1;
			folio__buf_clear(&r->data);
		}
		if (nl && r->data.len == 0 && !r->overflow) {
			rc = record_line(r, data, n);
		} else {
			if (!r->overflow)
				rc = folio__buf_put(&r->data, data, n);
			if (rc == 0 && nl) {
				rc = record_line(r, r->data.ptr ? r->data.ptr
								: "",
						 r->data.len);
				folio__buf_clear(&r->data);
			}
		}
		data += n + (nl ? 1 : 0);
		len -= n + (nl ? 1 : 0);
	}
	return rc;
}

int folio_reader_feed(folio_reader *r, const char *data, size_t len)
{
	int rc = need_begun(r);

	if (rc < 0 || r->stop)
		goto out;
	if (data == NULL && len > 0) {
		rc = folio__error_set(FOLIO_EINVALID, "no data given");
		goto out;
	}
	if (r->fmt->read_record) {
		rc = feed_records(r, data, len);
	} else if (!r->overflow && r->data.len + len > r->opts.max_bytes) {
		/* Too big to index whole: stop keeping it, so memory stays
		 * bounded; folio_reader_end reports it. */
		r->overflow = 1;
		folio__buf_free(&r->data);
	} else if (!r->overflow) {
		rc = folio__buf_put(&r->data, data, len);
	}
	if (rc != 0)
		r->stop = rc;
out:
	return rc;
}

/* The whole of a single-document input is in r->data: decode, parse. */
static int end_document(folio_reader *r)
{
	char reason[512]; /* room for a missing library's message */
	const char *why = NULL;
	const char *text = NULL;
	size_t text_len = 0;
	folio_doc *doc = NULL;
	int rc = 0;

	if (r->overflow) {
		folio__reader_skip(r, 0, "larger than %zu bytes",
				   r->opts.max_bytes);
		goto out;
	}
	if (r->data.len == 0) {
		folio__reader_skip(r, 0, "empty file");
		goto out;
	}
	rc = folio__decode(&r->decoded, &r->detector, r->data.ptr,
			   r->data.len, &text,
			   &text_len, r->charset, reason, sizeof reason);
	if (rc == 1) {
		folio__reader_skip(r, 0, "%s", reason);
		rc = 0;
		goto out;
	}
	if (rc < 0 || (rc = folio_doc_new(&doc, r->id)) < 0)
		goto out;
	rc = r->fmt->read_doc(doc, text, text_len, &why);
	if (rc == 1) {
		folio__reader_skip(r, 0, "%s", why);
		rc = 0;
		goto out;
	}
	if (rc == 0) {
		rc = folio__reader_emit(r, doc);
		doc = NULL;
	}
out:
	folio_doc_free(doc);
	/* A large input's memory is not kept for the next one. */
	if (r->data.cap > ((size_t)1 << 20)) {
		folio__buf_free(&r->data);
		folio__buf_free(&r->decoded);
	}
	folio__buf_clear(&r->data);
	return rc;
}

int folio_reader_end(folio_reader *r)
{
	int rc = need_begun(r);

	if (rc < 0 || r->stop)
		goto out;
	if (r->fmt->read_record) {
		if (r->data.len > 0 || r->overflow)
			rc = record_line(r, r->data.ptr ? r->data.ptr : "",
					 r->data.len);
		folio__buf_clear(&r->data);
	} else {
		rc = end_document(r);
	}
out:
	if (r)
		r->fmt = NULL;
	return rc;
}
