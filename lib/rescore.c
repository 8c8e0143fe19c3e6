/*
 * rescore.c - the ranking bonuses, on the first hits only.
 *
 * A query word's bonuses (its form as typed, its stem in the title) and
 * the bonus for query words near each other add to the score of
 * documents the query matches.  Inside Xapian's query they are posting
 * lists the matcher reads for every match: two more for each word, and
 * the near bonus reads the position lists of the words in every
 * document that has them all.  For common words most of a query's cost.
 * So a search ranked by relevance is run in two passes, as a "rescore
 * window" does elsewhere: the query without the bonuses ranks every
 * match; then the first hits of that ranking (FOLIO__RESCORE_WINDOW
 * with a near bonus, FOLIO__RESCORE_WINDOW_WORDS without) get the
 * bonuses, and are put in their new order; every later hit keeps its
 * place and score from the first pass.  The window is fixed, not grown
 * with the page, so that every page of one search cuts the same
 * ranking: paging neither repeats nor drops a hit.  A bonus only adds
 * to a score, so the last hit of the window still scores no less than
 * the first one after it.
 *
 * The bonuses are scored by the shim (folio__xbonus_*), term by term
 * and pair of words by pair, not by Xapian's matcher: a score is the
 * first pass's plus the weight of each bonus term the document holds
 * and of each pair found near each other, as Xapian weighs that term or
 * that pair's NEAR on its own.  (Xapian 1.4 scoring the whole query at
 * once, with the bonus on the right of AND_MAYBE, sometimes leaves part
 * of it out.)  Reading the posting lists gives the most each window hit
 * can score; the hits are then read best possible first, and once no
 * hit left could pass the last one the page needs, the position lists
 * of the others are not read at all: the page is the one a whole window
 * would give, at a fraction of its cost.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

/* A hit of the window: where it is in the first pass, in docid order
 * (for the bonus scorer), the most it can score with the bonuses, and
 * whether that most has been refined with the document's length. */
typedef struct candidate {
	size_t hit, slot;
	double most;
	uint32_t docid;
	int refined;
} candidate;

static int by_docid(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* Xapian's order: by score, best first, then by docid. */
static int ranks_before(double score, uint32_t docid, const folio__xhit *h)
{
	return score > h->score || (score == h->score && docid < h->docid);
}

/* Whether x comes before y, best possible score first. */
static int before(const candidate *x, const candidate *y)
{
	if (x->most != y->most)
		return x->most > y->most;
	return x->docid < y->docid;
}

/* Restore the heap c[0..n) (best possible first) from at down. */
static void sift_down(candidate *c, size_t n, size_t at)
{
	for (;;) {
		size_t top = at, l = 2 * at + 1, r = l + 1;
		if (l < n && before(&c[l], &c[top]))
			top = l;
		if (r < n && before(&c[r], &c[top]))
			top = r;
		if (top == at)
			return;
		candidate t = c[at];
		c[at] = c[top];
		c[top] = t;
		at = top;
	}
}

/* Put a hit into best (n of them, at most want, in Xapian's order). */
static void keep(folio__xhit *best, size_t *n, size_t want, double score,
		 uint32_t docid)
{
	size_t at = *n;

	while (at > 0 && ranks_before(score, docid, &best[at - 1]))
		at--;
	if (at >= want)
		return;
	if (*n == want)
		(*n)--;
	memmove(best + at + 1, best + at, (*n - at) * sizeof *best);
	best[at] = (folio__xhit){.score = score, .docid = docid};
	(*n)++;
}

/*
 * The want best of the window's nwin first-pass hits (want <= nwin),
 * each scored again with the bonuses, into *out, in Xapian's order.
 * The hits are tried best possible score first, and once none left can
 * pass the want-th, the rest are not read.
 */
static int rescore_window(folio__xhit **out, folio__xdb *xdb,
			  const folio__xsearch *s, const folio__xq *bonus,
			  const folio__xhit *hits, size_t nwin, size_t want)
{
	candidate *c = calloc(nwin, sizeof *c);
	uint32_t *ids = calloc(nwin, sizeof *ids);
	double *most = calloc(nwin, sizeof *most);
	folio__xhit *best = calloc(want, sizeof *best);
	folio__xbonus *scorer = NULL;
	size_t nbest = 0;
	int rc = 0;

	*out = NULL;
	if (!c || !ids || !most || !best) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t i = 0; i < nwin; i++)
		c[i] = (candidate){.hit = i, .docid = hits[i].docid};
	qsort(c, nwin, sizeof *c, by_docid);
	for (size_t k = 0; k < nwin; k++) {
		c[k].slot = k;
		ids[k] = c[k].docid;
	}
	rc = folio__xbonus_open(&scorer, xdb, bonus, s->k1, s->b, ids, nwin,
				most);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ERROR, "the ranking bonus of the "
				      "query cannot be scored on its own");
	for (size_t k = 0; rc == 0 && k < nwin; k++)
		c[k].most = hits[c[k].hit].score + most[c[k].slot];
	for (size_t k = nwin / 2; rc == 0 && k-- > 0;)
		sift_down(c, nwin, k);
	/*
	 * Best possible first.  A hit's most is refined with its length
	 * before its position lists are read: it can only fall, so the hit
	 * goes back in the heap.  The bonus only adds, and most is every
	 * bonus a hit could have: once the best possible cannot pass the
	 * page's last hit, no hit left can reach the page.
	 */
	for (size_t n = nwin; rc == 0 && n > 0;) {
		candidate *top = &c[0];
		double got = 0;
		if (nbest == want &&
		    !ranks_before(top->most, top->docid, &best[want - 1]))
			break;
		if (!top->refined) {
			rc = folio__xbonus_refine(scorer, top->slot, &got);
			top->most = hits[top->hit].score + got;
			top->refined = 1;
			sift_down(c, n, 0);
			continue;
		}
		rc = folio__xbonus_score(scorer, top->slot, &got);
		if (rc == 0)
			keep(best, &nbest, want, hits[top->hit].score + got,
			     top->docid);
		c[0] = c[--n];
		sift_down(c, n, 0);
	}
	if (rc == 0) {
		*out = best;
		best = NULL;
	}
out:
	folio__xbonus_free(scorer);
	free(best);
	free(most);
	free(ids);
	free(c);
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
			   const folio__xsearch *s, const folio__xq *bonus,
			   size_t window)
{
	folio__xsearch first = *s;
	folio__xhit *hits = NULL, *best = NULL;
	size_t n = 0, nwin = 0, nbest = 0;
	int rc;

	*hits_out = NULL;
	*count_out = *nfull_out = 0;
	/* A page past the window is cut from the first pass alone. */
	if (s->offset >= window)
		return folio__xdb_search(hits_out, count_out, estimate_out,
					 counts_out, xdb, &first);
	first.offset = 0;
	first.limit = s->offset + s->limit;
	if (first.limit < window)
		first.limit = window;
	first.no_data = 1; /* read only for the page, below */
	rc = folio__xdb_search(&hits, &n, estimate_out, counts_out, xdb,
			       &first);
	nwin = n < window ? n : window;
	/* The page needs the first offset + limit hits of the window. */
	nbest = s->offset + s->limit < nwin ? s->offset + s->limit : nwin;
	if (rc == 0 && nwin > 0)
		rc = rescore_window(&best, xdb, s, bonus, hits, nwin, nbest);
	if (rc == 0)
		rc = cut_page(hits_out, count_out, nfull_out, s, best, nbest,
			      hits + nwin, n - nwin);
	if (rc == 0)
		rc = folio__xdb_hits_fill(xdb, *hits_out, *count_out,
					  s->head_slot);
	/* The page's hits have been copied: hits and best hold no data. */
	folio__xhits_free(hits, n);
	folio__xhits_free(best, nbest);
	if (rc < 0) {
		folio__xhits_free(*hits_out, *count_out);
		folio__xcounts_free(*counts_out, s->ncount_slots);
		*hits_out = NULL;
		*counts_out = NULL;
		*count_out = *nfull_out = 0;
	}
	return rc;
}
