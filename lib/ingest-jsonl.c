/*
 * ingest-jsonl.c - the JSON Lines reader, on jansson: one object a line,
 * one document each.  A line that is not a usable object is skipped
 * with its line number; the other lines go on.  jansson is reached
 * through lib/lazy-libs.c, which opens it on the first record.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"
#include "lazy-libs.h"

/* Apply one key: value of the object to the document being built. */
static int apply(folio_doc *doc, const char *field, json_t *value,
		 char **id)
{
	const char *s = folio__json.string_value(value);
	int rc = 0;

	if (strcmp(field, "id") == 0) {
		char num[32];

		if (json_is_integer(value)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
				 folio__json.integer_value(value));
			s = num;
		}
		if (s && *s) {
			free(*id);
			*id = folio__strdup(s);
			rc = *id ? 0 : FOLIO_ENOMEM;
		}
	} else if (s == NULL) {
		/* numbers, lists, objects: not text to search */
	} else if (strcmp(field, "title") == 0) {
		rc = folio_doc_set_title(doc, s);
	} else if (strcmp(field, "body") == 0) {
		rc = folio_doc_set_body(doc, s,
					folio__json.string_length(value));
	} else if (folio__field_name_valid(field)) {
		rc = folio_doc_set_field(doc, field, s);
	}
	return rc;
}

/* json_decref, which calls json_delete by its name: the value is ours
 * alone; true, false and null are shared, never freed (refcount -1). */
static void decref(json_t *json)
{
	if (json && json->refcount != (size_t)-1 && --json->refcount == 0)
		folio__json.destroy(json);
}

static int blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int read_record(folio_reader *r, const char *line, size_t len,
		       size_t lineno)
{
	json_error_t err;
	json_t *obj = NULL;
	void *it = NULL;
	folio_doc *doc = NULL;
	char *id = NULL;
	int rc = 0;

	if (r->unreadable || blank_line(line, len))
		goto out;
	rc = folio__json_load(&r->unreadable);
	if (rc == 1) {
		/* Without jansson no line can be read: one note for all. */
		folio__reader_skip(r, 0, "%s", r->unreadable);
		rc = 0;
	}
	if (rc != 0 || r->unreadable)
		goto out;
	/* A placeholder id: the real one is known once the object is. */
	if ((rc = folio_doc_new(&doc, "-")) < 0)
		goto out;
	obj = folio__json.loadb(line, len, JSON_REJECT_DUPLICATES, &err);
	if (obj == NULL) {
		folio__reader_skip(r, lineno, "malformed JSON at column %d: "
				   "%s", err.column, err.text);
		goto out;
	}
	if (!json_is_object(obj)) {
		folio__reader_skip(r, lineno, "not a JSON object");
		goto out;
	}
	for (it = folio__json.object_iter(obj); it && rc == 0;
	     it = folio__json.object_iter_next(obj, it)) {
		const char *key = folio__json.object_iter_key(it);

		rc = apply(doc, folio__reader_field(r, key),
			   folio__json.object_iter_value(it), &id);
	}
	if (rc < 0)
		goto out;
	if (id == NULL) {
		folio__reader_skip(r, lineno, "no \"id\" (a string or an "
				   "integer); name the key that holds it "
				   "with --map KEY=id");
		goto out;
	}
	free(doc->id);
	doc->id = id;
	id = NULL;
	rc = folio__reader_emit(r, doc);
	doc = NULL;
out:
	decref(obj);
	folio_doc_free(doc);
	free(id);
	return rc;
}

const folio__format_reader folio__reader_jsonl = {
	FOLIO_FORMAT_JSONL, " .jsonl .ndjson ", NULL, read_record,
};
