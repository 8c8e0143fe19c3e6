/*
 * doc.c - documents: the fields a caller sets, the front matter of text
 * files, and the stored form Xapian keeps as document data.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

#define FIELD_NAME_MAX 32
/* A first line longer than this is prose, not a title. */
#define TITLE_FROM_LINE_MAX 120
/* Lines passed over looking for one (rules, markup): beyond this many,
 * the text has no headline. */
#define TITLE_SKIP_MAX 8

int folio_doc_new(folio_doc **out, const char *id)
{
	int rc = 0;
	folio_doc *doc = NULL;
	if (out == NULL || id == NULL || *id == '\0') {
		rc = folio__error_set(FOLIO_EINVALID,
				      "a document needs a non-empty id");
		goto out;
	}
	doc = calloc(1, sizeof *doc);
	if (doc == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	doc->id = folio__strdup(id);
	doc->title = folio__strdup("");
	doc->body = folio__strdup("");
	if (!doc->id || !doc->title || !doc->body) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
out:
	if (rc < 0) {
		folio_doc_free(doc);
		doc = NULL;
	}
	if (out)
		*out = doc;
	return rc;
}

void folio_doc_free(folio_doc *doc)
{
	if (doc == NULL)
		return;
	for (size_t i = 0; i < doc->nfields; i++) {
		free(doc->fields[i].name);
		free(doc->fields[i].value);
	}
	free(doc->fields);
	free(doc->id);
	free(doc->title);
	if (!doc->body_in_store)
		free(doc->body);
	if (doc->store != NULL)
		doc->store_free(doc->store);
	free(doc->stamp);
	free(doc);
}

static int replace_string(char **slot, const char *s, size_t len)
{
	char *copy = folio__strndup(s ? s : "", s ? len : 0);
	if (copy == NULL)
		return FOLIO_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

int folio_doc_set_title(folio_doc *doc, const char *title)
{
	if (doc == NULL)
		return folio__error_set(FOLIO_EINVALID, "no document given");
	return replace_string(&doc->title, title, title ? strlen(title) : 0);
}

int folio_doc_set_body(folio_doc *doc, const char *body, size_t len)
{
	if (doc == NULL || (body == NULL && len > 0))
		return folio__error_set(FOLIO_EINVALID,
					"no document or body given");
	char *copy = folio__strndup(body ? body : "", body ? len : 0);
	if (copy == NULL)
		return FOLIO_ENOMEM;
	/* A body read from the index lies in the stored data, which is
	 * freed with the document: only forget it. */
	if (!doc->body_in_store)
		free(doc->body);
	doc->body = copy;
	doc->body_len = body ? len : 0;
	doc->body_in_store = doc->body_escaped = 0;
	return 0;
}

int folio__field_name_valid(const char *name)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || len > FIELD_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return 0;
	}
	return strcmp(name, "id") && strcmp(name, "title") &&
	       strcmp(name, "body");
}

static folio__field *find_field(const folio_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->nfields; i++)
		if (strcmp(doc->fields[i].name, name) == 0)
			return &doc->fields[i];
	return NULL;
}

/* Set a field from len bytes of value (value NULL removes it). */
static int set_field(folio_doc *doc, const char *name, const char *value,
		     size_t len)
{
	folio__field *f = find_field(doc, name);
	if (value == NULL) {
		if (f) {
			size_t i = (size_t)(f - doc->fields);
			free(f->name);
			free(f->value);
			memmove(f, f + 1,
				(doc->nfields - i - 1) * sizeof *f);
			doc->nfields--;
		}
		return 0;
	}
	if (f)
		return replace_string(&f->value, value, len);
	folio__field *grown = realloc(doc->fields,
				      (doc->nfields + 1) * sizeof *grown);
	if (grown == NULL)
		return folio__error_oom();
	doc->fields = grown;
	f = &doc->fields[doc->nfields];
	f->name = folio__strdup(name);
	f->value = folio__strndup(value, len);
	if (!f->name || !f->value) {
		free(f->name);
		free(f->value);
		return FOLIO_ENOMEM;
	}
	doc->nfields++;
	return 0;
}

int folio_doc_set_field(folio_doc *doc, const char *name, const char *value)
{
	if (doc == NULL)
		return folio__error_set(FOLIO_EINVALID, "no document given");
	if (!folio__field_name_valid(name))
		return folio__error_set(
			FOLIO_EINVALID,
			"invalid field name '%s': use 1 to %d lower-case "
			"letters, digits or '_' (id, title and body have "
			"their own setters)",
			name ? name : "(null)", FIELD_NAME_MAX);
	return set_field(doc, name, value, value ? strlen(value) : 0);
}

/* ---- Front matter ----------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The line starting at *pos (without its "\n" or "\r\n"); moves *pos past
 * it.  Returns 0 at the end of the text. */
static int next_line(const char *text, size_t len, size_t *pos,
		     const char **line, size_t *line_len)
{
	if (*pos >= len)
		return 0;
	const char *start = text + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - start) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	*line = start;
	*line_len = n;
	return 1;
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

/* A reStructuredText field, ":Author: name": the name has no spaces. */
static int is_rst_field(const char *s, size_t len)
{
	if (len < 3 || s[0] != ':')
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] == ':')
			return i > 1 && (i + 1 == len || is_space(s[i + 1]));
		if (is_space(s[i]))
			return 0;
	}
	return 0;
}

/* reStructuredText markup: ".. " (comments, directives, targets) or a
 * field. */
static int is_rst_markup(const char *s, size_t len)
{
	return (len >= 3 && memcmp(s, ".. ", 3) == 0) || is_rst_field(s, len);
}

/*
 * Whether a line can be a headline, with the marks of a heading taken
 * off.  Lines without a letter or digit are rules and the over- and
 * underlines of reStructuredText and Setext headings ("=====", "---");
 * a line starting ".. " is reStructuredText markup (a comment such as
 * the licence line many files open with, a directive, a link target),
 * and so is a field such as ":Original: path".
 * A Markdown heading loses its '#'s, and a wiki heading ("== Title ==")
 * its '='s; "#hashtag" is a word.
 */
static int is_headline_text(const char **s, size_t *len)
{
	size_t i = 0;

	if (is_rst_markup(*s, *len))
		return 0;
	char mark = '\0';
	if (*len > 0 && ((*s)[0] == '#' || (*s)[0] == '='))
		mark = (*s)[0];
	while (mark && i < *len && (*s)[i] == mark)
		i++;
	if (i > 0 && i < *len && is_space((*s)[i])) {
		*s += i;
		*len -= i;
		trim(s, len);
		/* and the closing marks of "## Title ##" */
		size_t end = *len;
		while (end > 0 && (*s)[end - 1] == mark)
			end--;
		if (end < *len && end > 0 && is_space((*s)[end - 1])) {
			*len = end;
			trim(s, len);
		}
	}
	for (i = 0; i < *len; i++) {
		unsigned char c = (unsigned char)(*s)[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') ||
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

/* Where the body starts if text opens with a complete "---" block, else
 * 0.  The block must close with a "---" line. */
static size_t front_matter_end(const char *text, size_t len)
{
	size_t pos = 0;
	const char *line;
	size_t n;
	if (!next_line(text, len, &pos, &line, &n) || n != 3 ||
	    memcmp(line, "---", 3) != 0)
		return 0;
	while (next_line(text, len, &pos, &line, &n))
		if (n == 3 && memcmp(line, "---", 3) == 0)
			return pos;
	return 0;
}

/* Apply one "key: value" line of front matter; other lines are ignored,
 * as the header documents. */
static int apply_front_matter_line(folio_doc *doc, const char *line,
				   size_t n)
{
	const char *colon = memchr(line, ':', n);
	if (colon == NULL || colon == line)
		return 0;
	char key[FIELD_NAME_MAX + 1];
	size_t klen = (size_t)(colon - line);
	const char *value = colon + 1;
	size_t vlen = n - klen - 1;
	if (klen > FIELD_NAME_MAX)
		return 0;
	for (size_t i = 0; i < klen; i++) {
		char c = line[i];
		key[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	key[klen] = '\0';
	trim(&value, &vlen);
	/* Strip one pair of quotes, as YAML writers often add them. */
	if (vlen >= 2 && (value[0] == '"' || value[0] == '\'') &&
	    value[vlen - 1] == value[0]) {
		value++;
		vlen -= 2;
	}
	if (vlen == 0)
		return 0;
	if (strcmp(key, "title") == 0)
		return replace_string(&doc->title, value, vlen);
	if (!folio__field_name_valid(key))
		return 0;
	return set_field(doc, key, value, vlen);
}

int folio_doc_parse_text(folio_doc *doc, const char *text, size_t len)
{
	int rc = 0;
	if (doc == NULL || (text == NULL && len > 0))
		return folio__error_set(FOLIO_EINVALID,
					"no document or text given");
	size_t body = text ? front_matter_end(text, len) : 0;
	size_t pos = 0;
	const char *line;
	size_t n;
	if (body > 0) {
		next_line(text, body, &pos, &line, &n); /* the opening --- */
		while (rc == 0 && next_line(text, body, &pos, &line, &n))
			if (!(n == 3 && memcmp(line, "---", 3) == 0))
				rc = apply_front_matter_line(doc, line, n);
	}
	if (rc == 0)
		rc = folio_doc_set_body(doc, text ? text + body : NULL,
					len - body);
	/* No title given: the first line of text, if it is short enough
	 * to be a headline. */
	pos = 0;
	int skipped = 0, after_markup = 0;
	while (rc == 0 && doc->title[0] == '\0' &&
	       next_line(doc->body, doc->body_len, &pos, &line, &n)) {
		/* In reStructuredText an indented block after markup
		 * belongs to it (a field's value, a directive's body). */
		int indented = n > 0 && is_space(line[0]);
		trim(&line, &n);
		if (n == 0)
			continue;
		if ((indented && after_markup) ||
		    !is_headline_text(&line, &n)) {
			after_markup = is_rst_markup(line, n) ||
				       (indented && after_markup);
			if (++skipped > TITLE_SKIP_MAX)
				break;
			continue;
		}
		if (n <= TITLE_FROM_LINE_MAX && memchr(line, '\0', n) == NULL)
			rc = replace_string(&doc->title, line, n);
		break;
	}
	return rc;
}

/* ---- Accessors -------------------------------------------------------- */

const char *folio_doc_id(const folio_doc *doc)
{
	return doc ? doc->id : "";
}

const char *folio_doc_title(const folio_doc *doc)
{
	return doc ? doc->title : "";
}

static size_t unescape_in_place(char *dst, const char *src, size_t len);

const char *folio_doc_body(const folio_doc *doc, size_t *len_out)
{
	/* A hit's body is read from the index on first use; if it cannot
	 * be, it reads as empty and folio_error_last() says why (folio.h). */
	if (doc && doc->body_unread)
		(void)folio__doc_load_body(doc);
	/* Unescaping in place changes what the body is stored as, not what
	 * it reads as, and cannot fail; a document is used from one thread
	 * at a time (folio.h), so doing it on first use is safe. */
	if (doc && doc->body_escaped) {
		folio_doc *d = (folio_doc *)doc;
		d->body_len = unescape_in_place(d->body, d->body, d->body_len);
		d->body_escaped = 0;
	}
	if (len_out)
		*len_out = doc ? doc->body_len : 0;
	return doc ? doc->body : "";
}

const char *folio_doc_field(const folio_doc *doc, const char *name)
{
	if (doc == NULL || name == NULL)
		return NULL;
	folio__field *f = find_field(doc, name);
	return f ? f->value : NULL;
}

size_t folio_doc_field_count(const folio_doc *doc)
{
	return doc ? doc->nfields : 0;
}

int folio_doc_field_at(const folio_doc *doc, size_t i, const char **name_out,
		       const char **value_out)
{
	if (doc == NULL || i >= doc->nfields)
		return folio__error_set(FOLIO_EINVALID,
					"no field %zu in this document", i);
	if (name_out)
		*name_out = doc->fields[i].name;
	if (value_out)
		*value_out = doc->fields[i].value;
	return 0;
}

/* ---- Stored form ------------------------------------------------------ */

static int put_escaped(folio__buf *out, const char *key, const char *value,
		       size_t len)
{
	int rc = folio__buf_puts(out, key);
	if (rc == 0)
		rc = folio__buf_putc(out, '=');
	size_t run = 0;
	for (size_t i = 0; rc == 0 && i < len; i++) {
		const char *esc = value[i] == '\\' ? "\\\\"
				: value[i] == '\n' ? "\\n" : NULL;
		if (esc == NULL)
			continue;
		rc = folio__buf_put(out, value + run, i - run);
		if (rc == 0)
			rc = folio__buf_puts(out, esc);
		run = i + 1;
	}
	if (rc == 0)
		rc = folio__buf_put(out, value + run, len - run);
	if (rc == 0)
		rc = folio__buf_putc(out, '\n');
	return rc;
}

int folio__doc_serialize_head(const folio_doc *doc, folio__buf *out)
{
	int rc = put_escaped(out, "id", doc->id, strlen(doc->id));
	if (rc == 0)
		rc = put_escaped(out, "title", doc->title, strlen(doc->title));
	for (size_t i = 0; rc == 0 && i < doc->nfields; i++)
		rc = put_escaped(out, doc->fields[i].name,
				 doc->fields[i].value,
				 strlen(doc->fields[i].value));
	return rc;
}

int folio__doc_serialize_body(const folio_doc *doc, folio__buf *out)
{
	size_t len = 0;
	const char *body = folio_doc_body(doc, &len);
	return put_escaped(out, "body", body, len);
}

int folio__doc_serialize(const folio_doc *doc, folio__buf *out)
{
	int rc = folio__doc_serialize_head(doc, out);
	if (rc == 0)
		rc = folio__doc_serialize_body(doc, out);
	return rc;
}

/* Undo put_escaped's escaping of value into out. */
static int unescape(folio__buf *out, const char *value, size_t len)
{
	int rc = 0;
	size_t i = 0;
	folio__buf_clear(out);
	/* Whole runs between escapes at once: a body is most of a stored
	 * document, and every hit of a search page is read back. */
	rc = folio__buf_grow(out, len);
	while (rc == 0 && i < len) {
		const char *bs = memchr(value + i, '\\', len - i);
		size_t run = bs ? (size_t)(bs - value) - i : len - i;
		rc = folio__buf_put(out, value + i, run);
		i += run;
		if (rc == 0 && i < len) {
			char c = value[i];
			if (i + 1 < len) {
				i++;
				c = value[i] == 'n' ? '\n' : value[i];
			}
			rc = folio__buf_putc(out, c);
			i++;
		}
	}
	if (rc == 0 && out->ptr == NULL)
		rc = folio__buf_grow(out, 0);
	if (out->ptr)
		out->ptr[out->len] = '\0';
	return rc;
}

/*
 * Undo put_escaped in place: the len bytes at src are unescaped to dst
 * (dst <= src, in the same buffer; an escape takes two bytes and gives
 * one, so the writing never overtakes the reading), NUL-terminated: the
 * NUL goes at most where the byte after src's len bytes was.
 * Returns the length written.
 */
static size_t unescape_in_place(char *dst, const char *src, size_t len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		const char *bs = memchr(src + i, '\\', len - i);
		size_t run = bs ? (size_t)(bs - src) - i : len - i;
		if (dst + o != src + i) /* in place, until the first escape */
			memmove(dst + o, src + i, run);
		o += run;
		i += run;
		if (i < len) {
			char c = src[i];
			if (i + 1 < len) {
				i++;
				c = src[i] == 'n' ? '\n' : src[i];
			}
			dst[o++] = c;
			i++;
		}
	}
	dst[o] = '\0';
	return o;
}

/*
 * folio__doc_deserialize; when writable is not NULL it is data, and the
 * body is left where it lies there, escaped, for folio_doc_body.
 */
static int deserialize(folio_doc **out, const char *data, size_t len,
		       char *writable)
{
	int rc = 0;
	folio_doc *doc = NULL;
	folio__buf value = FOLIO__BUF_INIT;
	size_t pos = 0;
	*out = NULL;
	while (rc == 0 && pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		const char *eq = memchr(line, '=', n);
		if (eq == NULL)
			continue;
		size_t klen = (size_t)(eq - line);
		if (writable && doc && klen == 4 &&
		    memcmp(line, "body", 4) == 0) {
			/* A second body line replaces the first, as below. */
			if (!doc->body_in_store)
				free(doc->body);
			doc->body = writable + (eq + 1 - data);
			doc->body_len = n - 5;
			doc->body_in_store = doc->body_escaped = 1;
			continue;
		}
		if (doc && klen == sizeof FOLIO__BODY_STORE_KEY - 1 &&
		    memcmp(line, FOLIO__BODY_STORE_KEY, klen) == 0) {
			doc->body_stored = 1;
			continue;
		}
		rc = unescape(&value, eq + 1, n - klen - 1);
		if (rc < 0)
			break;
		if (doc == NULL) {
			if (klen != 2 || memcmp(line, "id", 2) != 0) {
				rc = folio__error_set(
					FOLIO_ECORRUPT,
					"stored document does not start with "
					"its id: the index was not made by "
					"folio, or is damaged");
				break;
			}
			rc = folio_doc_new(&doc, value.ptr);
		} else if (klen == 5 && memcmp(line, "title", 5) == 0) {
			rc = replace_string(&doc->title, value.ptr, value.len);
		} else if (klen == 4 && memcmp(line, "body", 4) == 0) {
			rc = folio_doc_set_body(doc, value.ptr, value.len);
		} else if (klen <= FIELD_NAME_MAX) {
			char key[FIELD_NAME_MAX + 1];
			memcpy(key, line, klen);
			key[klen] = '\0';
			if (folio__field_name_valid(key))
				rc = set_field(doc, key, value.ptr, value.len);
		}
	}
	if (rc == 0 && doc == NULL)
		rc = folio__error_set(FOLIO_ECORRUPT,
				      "stored document is empty: the index "
				      "was not made by folio, or is damaged");
	folio__buf_free(&value);
	if (rc < 0) {
		/* Its body may lie in data, which is not the document's
		 * yet: forget it rather than free it. */
		if (doc && doc->body_in_store) {
			doc->body = NULL;
			doc->body_in_store = 0;
		}
		folio_doc_free(doc);
		doc = NULL;
	}
	*out = doc;
	return rc;
}

int folio__doc_deserialize(folio_doc **out, const char *data, size_t len)
{
	return deserialize(out, data, len, NULL);
}

int folio__doc_deserialize_take(folio_doc **out, char *data, size_t len,
				void *store, void (*store_free)(void *))
{
	int rc = deserialize(out, data, len, data);

	if (*out == NULL) {
		store_free(store);
	} else if ((*out)->body_in_store) {
		(*out)->store = store;
		(*out)->store_free = store_free;
	} else {
		/* No body line, or the document's own copy: data has nothing
		 * the document needs. */
		store_free(store);
	}
	return rc;
}

/* ---- Bodies read on first use ----------------------------------------- */

/* 1 if the stored (escaped) value at v, len bytes, reads as raw. */
static int stored_equals(const char *v, size_t len, const char *raw)
{
	size_t i = 0;

	for (; i < len && *raw; raw++, i++) {
		char c = v[i];
		if (c == '\\' && i + 1 < len)
			c = v[++i] == 'n' ? '\n' : v[i];
		if (c != *raw)
			return 0;
	}
	return i == len && *raw == '\0';
}

/*
 * Give doc another body, freeing what held the old one: with a store,
 * the body lies escaped in it (stored data); without, it is malloc'ed
 * and as it reads.
 */
static void replace_body(folio_doc *doc, char *body, size_t len, void *store,
			 void (*store_free)(void *))
{
	if (!doc->body_in_store)
		free(doc->body);
	if (doc->store != NULL)
		doc->store_free(doc->store);
	doc->body = body;
	doc->body_len = len;
	doc->body_in_store = doc->body_escaped = store != NULL;
	doc->store = store;
	doc->store_free = store_free;
}

/*
 * Find in the stored data (len bytes) of the document with doc's id its
 * body line's value (the last one, as deserialize reads it): 1 with
 * *body and *body_len set, 0 if it is another document's data.  A
 * document stored without a body has an empty one; *stored says that
 * its body is in the body store instead.
 */
static int find_body(const folio_doc *doc, char *data, size_t len, char **body,
		     size_t *body_len, int *stored)
{
	size_t pos = 0;
	int first = 1;

	*body = data + len; /* the NUL after the data */
	*body_len = 0;
	*stored = 0;
	while (pos < len) {
		char *line = data + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		if (first && (n < 3 || memcmp(line, "id=", 3) != 0 ||
			      !stored_equals(line + 3, n - 3, doc->id)))
			return 0;
		first = 0;
		if (n >= 5 && memcmp(line, "body=", 5) == 0) {
			*body = line + 5;
			*body_len = n - 5;
		}
		/* Its key alone, whatever the value, as deserialize reads
		 * it. */
		if (n > sizeof FOLIO__BODY_STORE_KEY - 1 &&
		    memcmp(line, FOLIO__BODY_STORE_KEY "=",
			   sizeof FOLIO__BODY_STORE_KEY) == 0)
			*stored = 1;
	}
	return !first;
}

/* Read doc's body from the body store into doc; FOLIO_ENOTFOUND, with
 * no message set, if the store has none. */
static int read_stored_body(folio_doc *doc)
{
	folio__buf body = FOLIO__BUF_INIT;
	int rc = folio__body_store_get(&body, doc->body_xdb, doc->id);
	if (rc == 0)
		replace_body(doc, body.ptr, body.len, NULL, NULL);
	else
		folio__buf_free(&body);
	return rc;
}

/* The error for a document whose data says its body is in the store,
 * where there is none. */
static int body_missing(const folio_doc *doc)
{
	return folio__error_set(FOLIO_ECORRUPT,
				"the body of '%s' is missing from the index: "
				"rebuild the index",
				doc->id);
}

int folio__doc_read_stored_body(folio_doc *doc, folio__xdb *xdb)
{
	doc->body_xdb = xdb;
	int rc = read_stored_body(doc);
	return rc == FOLIO_ENOTFOUND ? body_missing(doc) : rc;
}

/* Read doc's stored data into doc->store, found by its docid or else
 * (the index changed since the search) by its id; its body, still
 * escaped, lies there. */
static int read_body(folio_doc *doc)
{
	char *data = NULL, *body = NULL;
	size_t len = 0, body_len = 0;
	void *store = NULL;
	folio__buf idterm = FOLIO__BUF_INIT;
	int stored = 0;
	int rc = 0;

	/* The usual way in an index of format 3: the stored data has
	 * nothing more to say.  If the store has no body for the id, the
	 * data tells why (below). */
	if (doc->body_stored && (rc = read_stored_body(doc)) != FOLIO_ENOTFOUND)
		return rc;
	rc = folio__xdb_get_data_docid(&data, &len, &store, doc->body_xdb,
				       doc->body_docid);
	if (rc == 0 && !find_body(doc, data, len, &body, &body_len, &stored)) {
		folio__xdata_free(store);
		store = NULL;
		rc = FOLIO_ENOTFOUND;
	}
	if (rc == FOLIO_ENOTFOUND) {
		rc = folio__buf_puts(&idterm, FOLIO__PREFIX_ID);
		if (rc == 0)
			rc = folio__buf_puts(&idterm, doc->id);
		if (rc == 0)
			rc = folio__xdb_get_data_term(
				&data, &len, &store, doc->body_xdb, idterm.ptr);
		if (rc == 0 &&
		    !find_body(doc, data, len, &body, &body_len, &stored))
			rc = folio__error_set(FOLIO_ECORRUPT,
					      "the stored data of '%s' is not "
					      "its own: check the index with "
					      "xapian-check",
					      doc->id);
		else if (rc == FOLIO_ENOTFOUND)
			rc = folio__error_set(FOLIO_ENOTFOUND,
					      "the body of '%s' cannot be "
					      "read: the document left the "
					      "index after the search; search "
					      "again",
					      doc->id);
	}
	/* The document was replaced since the search by one whose body is
	 * in the store; or its data says the store has a body it lacks. */
	if (rc == 0 && stored) {
		folio__xdata_free(store);
		store = NULL;
		rc = doc->body_stored ? FOLIO_ENOTFOUND : read_stored_body(doc);
		if (rc == FOLIO_ENOTFOUND)
			rc = body_missing(doc);
		goto out;
	}
	if (rc == 0) {
		replace_body(doc, body, body_len, store, folio__xdata_free);
		store = NULL;
	}
out:
	if (store != NULL)
		folio__xdata_free(store);
	folio__buf_free(&idterm);
	return rc;
}

int folio__doc_load_body(const folio_doc *doc)
{
	int rc = 0;

	/* Like the unescaping, reading the body changes where it is kept,
	 * not what the document reads as. */
	if (doc != NULL && doc->body_unread) {
		folio_doc *d = (folio_doc *)doc;
		rc = read_body(d);
		if (rc == 0)
			d->body_unread = 0;
	}
	return rc;
}
