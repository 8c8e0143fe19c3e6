/*
 * similar.c - "more like this": a query made of the terms that best
 * characterise one document (Xapian's relevance feedback, through the
 * shim), which any other document may match, the document itself left
 * out.  It is an ordinary folio_query, so search options, snippets and
 * explanations all work on it.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

#define DEFAULT_TERMS 20
/* More terms than a query may have would make a query folio refuses. */
#define MAX_TERMS FOLIO_QUERY_MAX_TERMS
/* Xapian's limit on a term's length in bytes, prefix included. */
#define XAPIAN_MAX_TERM 245

int folio_similar_options_init(folio_similar_options *opts,
			       unsigned int version)
{
	if (opts == NULL || version != FOLIO_SIMILAR_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_similar_options "
					"version %u",
					version);
	folio_similar_options init = FOLIO_SIMILAR_OPTIONS_INIT;
	*opts = init;
	return 0;
}

/* OR of the terms, without the document idterm names. */
static int build(folio_query *q, char **terms, size_t n, size_t want,
		 const char *idterm, int stems)
{
	folio__xq **subs = calloc(n ? n : 1, sizeof *subs);
	folio__xq *any = NULL, *self = NULL;
	size_t made = 0;
	int rc = 0;

	if (subs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	if (n == 0) {
		rc = folio__xq_match_nothing(&q->xq);
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < n && made < want; i++) {
		const char *t = terms[i], *word = t + (stems ? 1 : 0);
		/* "been", "did", "or" are common everywhere and tell
		 * nothing, even when one document has them often. */
		if (folio__is_stopword(q->db->language, word, strlen(word)))
			continue;
		rc = folio__xq_term(&subs[made], t, strlen(t), 1, 0);
		if (rc == 0)
			made++;
		/* Snippets highlight the words of these stems. */
		if (rc == 0)
			rc = folio__termset_add(&q->stems, word, strlen(word));
	}
	if (rc == 0 && made == 0)
		rc = folio__xq_match_nothing(&q->xq);
	if (rc == 0 && made > 0)
		rc = folio__xq_combine(&any, FOLIO__XQ_OR, subs, made, 0);
	if (rc == 0 && made > 0)
		rc = folio__xq_term(&self, idterm, strlen(idterm), 1, 0);
	if (rc == 0 && made > 0) {
		folio__xq *both[2] = {any, self};
		rc = folio__xq_combine(&q->xq, FOLIO__XQ_AND_NOT, both, 2, 0);
	}
out:
	for (size_t i = 0; subs && i < made; i++)
		folio__xq_free(subs[i]);
	free(subs);
	folio__xq_free(any);
	folio__xq_free(self);
	return rc;
}

int folio_query_similar(folio_query **out, folio_db *db, const char *id,
			const folio_similar_options *opts)
{
	int rc = 0;
	folio_query *q = NULL;
	char **terms = NULL;
	size_t n = 0, nterms = DEFAULT_TERMS;
	folio__buf idterm = FOLIO__BUF_INIT, text = FOLIO__BUF_INIT;
	int stems = 0;

	if (out)
		*out = NULL;
	if (out == NULL || db == NULL || id == NULL || *id == '\0') {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_query_similar needs an out "
				      "pointer, an index and a document id");
		goto out;
	}
	if (opts && opts->version != FOLIO_SIMILAR_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_similar_options "
				      "version %u",
				      opts->version);
		goto out;
	}
	if (opts && opts->terms)
		nterms = opts->terms;
	if (nterms > MAX_TERMS) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "%zu terms is more than a query may "
				      "have: ask for at most %d",
				      nterms, MAX_TERMS);
		goto out;
	}
	if (strlen(id) + 1 > XAPIAN_MAX_TERM) {
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no document with id '%.40s...' in the "
				      "index at %s: ids are shorter",
				      id, db->path);
		goto out;
	}
	if ((rc = folio__buf_puts(&idterm, FOLIO__PREFIX_ID)) < 0 ||
	    (rc = folio__buf_puts(&idterm, id)) < 0)
		goto out;
	stems = strcmp(db->language, "none") != 0;
	/* Twice as many, for the stopwords dropped among them. */
	rc = folio__xdb_similar_terms(&terms, &n, db->xdb, idterm.ptr,
				      2 * nterms, stems);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no document with id '%s' in the index "
				      "at %s; 'folio search' shows the ids",
				      id, db->path);
	if (rc < 0)
		goto out;
	q = calloc(1, sizeof *q);
	if (q == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	q->db = db;
	rc = folio__buf_printf(&text, "similar to %s", id);
	if (rc < 0)
		goto out;
	q->text = folio__buf_detach(&text);
	rc = build(q, terms, n, nterms, idterm.ptr, stems);
	if (rc < 0)
		goto out;
	*out = q;
	q = NULL;
out:
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
	folio__buf_free(&idterm);
	folio__buf_free(&text);
	folio_query_free(q);
	return rc;
}
