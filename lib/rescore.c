/*
 * rescore.c - the bonus for query words near each other, on the first
 * hits only.
 *
 * That bonus reads the position lists of the query's words in every
 * document that has them all: for two common words, most of the cost of
 * a query.  So a search ranked by relevance is run in two passes, as a
 * "rescore window" does elsewhere: the query without the bonus ranks
 * every match; then the whole query, bonus and all, scores again only
 * the first FOLIO__RESCORE_WINDOW hits of that ranking, which are put in
 * its order; every later hit keeps its place and score from the first
 * pass.  The window is fixed, not grown with the page, so that every
 * page of one search cuts the same ranking: paging neither repeats nor
 * drops a hit.  The bonus only adds to a score, so the last hit of the
 * window still scores no less than the first one after it.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

static int by_docid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The n first-pass hits of the window scored again by s->q with the
 * near bonus, best first, into *out (n of them). */
static int rescore(folio__xhit **out, folio__xdb *xdb,
		   const folio__xsearch *s, const folio__xq *near,
		   const folio__xhit *hits, size_t n)
{
	uint32_t *ids = calloc(n, sizeof *ids);
	size_t got = 0;
	int rc;

	*out = NULL;
	if (ids == NULL)
		return folio__error_oom();
	for (size_t i = 0; i < n; i++)
		ids[i] = hits[i].docid;
	qsort(ids, n, sizeof *ids, by_docid);
	folio__xsearch again = {
		.q = s->q,
		.limit = n,
		.k1 = s->k1,
		.b = s->b,
		.sort_slot = -1,
		.docids = ids,
		.ndocids = n,
		.maybe = near,
		.no_data = 1,
		.head_slot = -1,
	};
	uint64_t estimate;
	folio__xcounts *counts = NULL;
	rc = folio__xdb_search(out, &got, &estimate, &counts, xdb, &again);
	/* A reader sees one state of the index, so each of the n matches
	 * the whole query too; if not, the index changed under it. */
	if (rc == 0 && got != n)
		rc = folio__error_set(FOLIO_EMODIFIED,
				      "the index changed during the search: "
				      "reopen it and search again");
	free(ids);
	return rc;
}

/* Hits offset .. offset+limit-1 of the window's nbest hits followed by
 * the first pass's hits from the window's end, into *out. */
static int cut_page(folio__xhit **out, size_t *count_out, size_t *nfull,
		    const folio__xsearch *s, const folio__xhit *best,
		    size_t nbest, const folio__xhit *rest, size_t nrest)
{
	size_t total = nbest + nrest, end = s->offset + s->limit;
	size_t n = 0;

	*out = NULL;
	*count_out = *nfull = 0;
	if (end > total)
		end = total;
	if (s->offset >= end)
		return 0;
	*out = calloc(end - s->offset, sizeof **out);
	if (*out == NULL)
		return folio__error_oom();
	for (size_t i = s->offset; i < end; i++) {
		if (i < nbest)
			(*out)[n++] = best[i];
		else
			(*out)[n++] = rest[i - nbest];
	}
	*nfull = nbest > s->offset ? (nbest < end ? nbest : end) - s->offset
				   : 0;
	*count_out = n;
	return 0;
}

int folio__search_rescored(folio__xhit **hits_out, size_t *count_out,
			   size_t *nfull_out, uint64_t *estimate_out,
			   folio__xcounts **counts_out, folio__xdb *xdb,
			   const folio__xsearch *s, const folio__xq *near)
{
	folio__xsearch first = *s;
	folio__xhit *hits = NULL, *best = NULL;
	size_t n = 0, nwin = 0;
	int rc;

	*hits_out = NULL;
	*count_out = *nfull_out = 0;
	/* A page past the window is cut from the first pass alone. */
	if (s->offset >= FOLIO__RESCORE_WINDOW)
		return folio__xdb_search(hits_out, count_out, estimate_out,
					 counts_out, xdb, &first);
	first.offset = 0;
	first.limit = s->offset + s->limit;
	if (first.limit < FOLIO__RESCORE_WINDOW)
		first.limit = FOLIO__RESCORE_WINDOW;
	first.no_data = 1; /* read only for the page, below */
	rc = folio__xdb_search(&hits, &n, estimate_out, counts_out, xdb,
			       &first);
	nwin = n < FOLIO__RESCORE_WINDOW ? n : FOLIO__RESCORE_WINDOW;
	if (rc == 0 && nwin > 0)
		rc = rescore(&best, xdb, s, near, hits, nwin);
	if (rc == 0)
		rc = cut_page(hits_out, count_out, nfull_out, s, best, nwin,
			      hits + nwin, n - nwin);
	if (rc == 0)
		rc = folio__xdb_hits_fill(xdb, *hits_out, *count_out,
					  s->head_slot);
	/* The page's hits have been copied: hits and best hold no data. */
	folio__xhits_free(hits, n);
	folio__xhits_free(best, nwin);
	if (rc < 0) {
		folio__xhits_free(*hits_out, *count_out);
		folio__xcounts_free(*counts_out, s->ncount_slots);
		*hits_out = NULL;
		*counts_out = NULL;
		*count_out = *nfull_out = 0;
	}
	return rc;
}
