/*
 * search.c - running a parsed query against an index: BM25 ranking,
 * paging, and the stored documents of the hits.
 */
#include <stdlib.h>

#include "folio-private.h"

#define DEFAULT_LIMIT 10
/* A page larger than this is surely a mistake (and costs memory). */
#define MAX_LIMIT 100000

int folio_search_options_init(folio_search_options *opts,
			      unsigned int version)
{
	if (opts == NULL || version != FOLIO_SEARCH_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_search_options "
					"version %u",
					version);
	folio_search_options init = FOLIO_SEARCH_OPTIONS_INIT;
	*opts = init;
	return 0;
}

void folio_results_free(folio_results *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++)
		folio_doc_free(r->docs[i]);
	free(r->docs);
	free(r->scores);
	free(r);
}

int folio_db_search(folio_results **out, folio_db *db,
		    const folio_query *query, const folio_search_options *opts)
{
	int rc = 0;
	folio_results *r = NULL;
	folio__xhit *hits = NULL;
	size_t nhits = 0;
	folio_search_options defaults = FOLIO_SEARCH_OPTIONS_INIT;
	if (out)
		*out = NULL;
	if (out == NULL || db == NULL || query == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_search needs an out pointer, "
				      "an index and a query");
		goto out;
	}
	if (query->db != db) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "the query was parsed for another index "
				      "handle: parse it with this one");
		goto out;
	}
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != FOLIO_SEARCH_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_search_options "
				      "version %u",
				      opts->version);
		goto out;
	}
	size_t limit = opts->limit ? opts->limit : DEFAULT_LIMIT;
	if (limit > MAX_LIMIT) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "a page of %zu hits is too many: ask for "
				      "at most %d and page with the offset",
				      limit, MAX_LIMIT);
		goto out;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	r->db = db;
	rc = folio__xdb_search(&hits, &nhits, &r->estimate, db->xdb,
			       query->xq, opts->offset, limit, FOLIO__BM25_K1,
			       FOLIO__BM25_B);
	if (rc < 0)
		goto out;
	if (nhits > 0) {
		r->docs = calloc(nhits, sizeof *r->docs);
		r->scores = calloc(nhits, sizeof *r->scores);
		if (r->docs == NULL || r->scores == NULL) {
			rc = folio__error_oom();
			goto out;
		}
	}
	for (size_t i = 0; rc == 0 && i < nhits; i++) {
		rc = folio__doc_deserialize(&r->docs[i], hits[i].data,
					    hits[i].data_len);
		if (rc == 0) {
			r->scores[i] = hits[i].score;
			r->count++;
		}
	}
	/* The estimate is never below what a non-empty page proves. */
	if (rc == 0 && r->count > 0 && r->estimate < opts->offset + r->count)
		r->estimate = opts->offset + r->count;
out:
	folio__xhits_free(hits, nhits);
	if (rc < 0) {
		folio_results_free(r);
		r = NULL;
	}
	if (out)
		*out = r;
	return rc;
}

size_t folio_results_count(const folio_results *r)
{
	return r ? r->count : 0;
}

uint64_t folio_results_estimate(const folio_results *r)
{
	return r ? r->estimate : 0;
}

const folio_doc *folio_results_doc(const folio_results *r, size_t i)
{
	return r && i < r->count ? r->docs[i] : NULL;
}

double folio_results_score(const folio_results *r, size_t i)
{
	return r && i < r->count ? r->scores[i] : 0.0;
}
