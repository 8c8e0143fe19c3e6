/*
 * stamp.c - stamps: what a caller keeps with each document (in value
 * slot FOLIO__VALUE_STAMP) to tell in a later run whether its source
 * changed, and the listing of documents with their stamps.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

int folio_doc_set_stamp(folio_doc *doc, const char *stamp)
{
	char *copy = NULL;
	int rc = 0;

	if (doc == NULL) {
		rc = folio__error_set(FOLIO_EINVALID, "no document given");
		goto out;
	}
	if (stamp && !(copy = folio__strdup(stamp))) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	free(doc->stamp);
	doc->stamp = copy;
out:
	return rc;
}

typedef struct stamp_listing {
	folio_stamp_cb cb;
	void *payload;
} stamp_listing;

static int list_one(const char *term, const char *value, void *payload)
{
	stamp_listing *l = payload;

	/* Skip the "Q" of the id term. */
	return l->cb(term + strlen(FOLIO__PREFIX_ID), value, l->payload);
}

int folio_db_stamps(folio_db *db, const char *id_prefix, folio_stamp_cb cb,
		    void *payload)
{
	stamp_listing l = {cb, payload};
	folio__buf prefix = FOLIO__BUF_INIT;
	int rc = 0;

	if (db == NULL || cb == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_stamps needs an index and a "
				      "callback");
		goto out;
	}
	rc = folio__buf_puts(&prefix, FOLIO__PREFIX_ID);
	if (rc == 0 && id_prefix)
		rc = folio__buf_puts(&prefix, id_prefix);
	if (rc == 0)
		rc = folio__xdb_list_values(db->xdb, prefix.ptr,
					    FOLIO__VALUE_STAMP, list_one, &l);
out:
	folio__buf_free(&prefix);
	return rc;
}

int folio_db_set_stamp(folio_db *db, const char *id, const char *stamp)
{
	folio__buf idterm = FOLIO__BUF_INIT;
	int rc = 0, found = 0;

	if (db == NULL || id == NULL || *id == '\0') {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_set_stamp needs an index and "
				      "an id");
		goto out;
	}
	if (!db->writable) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "the index at %s is open read-only: "
				      "open it with FOLIO_DB_WRITABLE to "
				      "change it",
				      db->path);
		goto out;
	}
	rc = folio__buf_puts(&idterm, FOLIO__PREFIX_ID);
	if (rc == 0)
		rc = folio__buf_puts(&idterm, id);
	if (rc == 0)
		rc = folio__xdb_set_doc_value(db->xdb, idterm.ptr,
					      FOLIO__VALUE_STAMP,
					      stamp ? stamp : "",
					      stamp ? strlen(stamp) : 0,
					      &found);
	if (rc == 0 && !found)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no document with id '%s' in the index "
				      "at %s",
				      id, db->path);
out:
	folio__buf_free(&idterm);
	return rc;
}
