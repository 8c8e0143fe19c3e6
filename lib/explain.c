/*
 * explain.c - why a hit matched: the query terms its document holds,
 * their weights (from Xapian, through the shim), their word positions,
 * and where in the body they are (by analysing the stored body again,
 * as snippets do, so that offsets come from the analyzer, not guesses).
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

struct folio_explain {
	folio_explain_term *terms; /* each term string malloc'ed */
	size_t count;
};

void folio_explain_free(folio_explain *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->count; i++)
		free((char *)e->terms[i].term);
	free(e->terms);
	free(e);
}

size_t folio_explain_count(const folio_explain *e)
{
	return e ? e->count : 0;
}

const folio_explain_term *folio_explain_term_at(const folio_explain *e,
						size_t k)
{
	return e && k < e->count ? &e->terms[k] : NULL;
}

/* 1 if the body token is an occurrence of the index term: a word term
 * is the folded word itself, a Z term its stem; prefixed terms (title,
 * fields) have no place in the body. */
static int token_is(const folio_token *t, const char *term)
{
	const char *s = term;
	size_t n;
	if (term[0] == 'Z' && !(term[1] >= 'A' && term[1] <= 'Z')) {
		s = term + 1;
		n = strlen(s);
		return n == t->stem_len && memcmp(s, t->stem, n) == 0;
	}
	if (term[0] >= 'A' && term[0] <= 'Z')
		return 0;
	n = strlen(s);
	return n == t->term_len && memcmp(s, t->term, n) == 0;
}

static int note_offsets(const folio_token *t, void *payload)
{
	folio_explain *e = payload;
	for (size_t k = 0; k < e->count; k++) {
		folio_explain_term *x = &e->terms[k];
		if (x->noffsets < FOLIO_EXPLAIN_PLACES &&
		    token_is(t, x->term)) {
			x->offsets[x->noffsets][0] = t->start;
			x->offsets[x->noffsets][1] = t->end;
			x->noffsets++;
		}
	}
	return 0;
}

int folio_results_explain(folio_explain **out, const folio_results *r,
			  size_t i, const folio_query *query)
{
	int rc = 0;
	folio_explain *e = NULL;
	folio__xmatch *m = NULL;
	size_t n = 0;
	if (out)
		*out = NULL;
	if (out == NULL || r == NULL || query == NULL || i >= r->count) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_results_explain needs an out "
				      "pointer, results, a hit number below "
				      "their count and a query");
		goto out;
	}
	if (query->db != r->db) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "the query was parsed for another index "
				      "handle than the results come from");
		goto out;
	}
	/* A hit past the rescore window was scored without the ranking
	 * bonuses: explain that. */
	const folio__xq *q = query->xq;
	if (i >= r->nfull && query->plain != NULL)
		q = query->plain;
	rc = folio__xdb_explain(&m, &n, r->db->xdb, q, r->docids[i],
				FOLIO__BM25_K1, FOLIO__BM25_B);
	if (rc < 0)
		goto out;
	e = calloc(1, sizeof *e);
	if (e == NULL || (n > 0 && !(e->terms = calloc(n, sizeof *e->terms)))) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		folio_explain_term *x = &e->terms[k];
		x->term = m[k].term;
		m[k].term = NULL;
		x->weight = m[k].weight;
		x->wdf = m[k].wdf;
		x->npositions = m[k].npositions;
		memcpy(x->positions, m[k].positions, sizeof x->positions);
		e->count++;
	}
	/* Offsets into the body: read it (once) if it is still unread. */
	if (e->count > 0)
		rc = folio__doc_load_body(r->docs[i]);
	if (rc == 0 && e->count > 0) {
		size_t len = 0;
		const char *body = folio_doc_body(r->docs[i], &len);
		rc = folio_analyze(r->db->analyzer, body, len, note_offsets, e);
	}
out:
	folio__xmatches_free(m, n);
	if (rc < 0) {
		folio_explain_free(e);
		e = NULL;
	}
	if (out)
		*out = e;
	return rc;
}
