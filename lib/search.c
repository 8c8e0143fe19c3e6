/*
 * search.c - running a parsed query against an index: BM25 ranking,
 * paging, and the stored documents of the hits.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

#define DEFAULT_LIMIT 10
/* A page larger than this is surely a mistake (and costs memory). */
#define MAX_LIMIT 100000

/* The fields of folio_search_options version 1, which callers built
 * against it still pass. */
#define OPTIONS_V1_SIZE offsetof(folio_search_options, since)
#define OPTIONS_V2_SIZE offsetof(folio_search_options, with_bodies)

/* How much of a struct folio_search_options of this version there is. */
static size_t options_size(unsigned version)
{
	return version == 1   ? OPTIONS_V1_SIZE
	       : version == 2 ? OPTIONS_V2_SIZE
			      : sizeof(folio_search_options);
}

int folio_search_options_init(folio_search_options *opts,
			      unsigned int version)
{
	folio_search_options init = FOLIO_SEARCH_OPTIONS_INIT;
	if (opts == NULL || version < 1 ||
	    version > FOLIO_SEARCH_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_search_options "
					"version %u",
					version);
	init.version = version;
	memcpy(opts, &init, options_size(version));
	return 0;
}

static void free_facets(folio__facet *facets, size_t n)
{
	for (size_t i = 0; facets && i < n; i++) {
		free(facets[i].name);
		for (size_t k = 0; k < facets[i].counts.count; k++)
			free(facets[i].counts.items[k].value);
		free(facets[i].counts.items);
	}
	free(facets);
}

void folio_results_free(folio_results *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++)
		folio_doc_free(r->docs[i]);
	free(r->docs);
	free(r->scores);
	free(r->docids);
	free_facets(r->facets, r->nfacets);
	folio__buf_free(&r->scratch);
	free(r);
}

/* ---- Options ------------------------------------------------------ */

static int two_digits(const char *s, int lo, int hi)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return 0;
	int v = (s[0] - '0') * 10 + (s[1] - '0');
	return v >= lo && v <= hi;
}

/*
 * The first (or, for an upper bound, the last) "yyyymmdd" of the year,
 * month or day in text, in the form of value slot FOLIO__VALUE_DATE,
 * where an undated month or day is "00".
 */
static int date_bound(char out[9], const char *text, int upper,
		      const char *which)
{
	size_t n = strlen(text);
	int ok = (n == 4 || n == 7 || n == 10);
	for (size_t i = 0; ok && i < 4; i++)
		ok = text[i] >= '0' && text[i] <= '9';
	if (ok && n >= 7)
		ok = text[4] == '-' && two_digits(text + 5, 1, 12);
	if (ok && n == 10)
		ok = text[7] == '-' && two_digits(text + 8, 1, 31);
	if (!ok)
		return folio__error_set(FOLIO_EINVALID,
					"the %s date '%.40s' is not a date: "
					"write YYYY, YYYY-MM or YYYY-MM-DD "
					"(e.g. 2019, 2019-05, 2019-05-23)",
					which, text);
	snprintf(out, 9, "%.4s%.2s%.2s", text,
		 n >= 7 ? text + 5 : upper ? "99" : "00",
		 n == 10 ? text + 8 : upper ? "99" : "00");
	return 0;
}

/* xq, restricted to the dates asked for when there are bounds (*out is
 * then a new query for the caller to free, else NULL). */
static int date_filter(folio__xq **out, const folio__xq *xq,
		       const folio_search_options *o)
{
	char lo[9], hi[9];
	folio__xq *range = NULL;
	int rc = 0;

	*out = NULL;
	if (o->since == NULL && o->until == NULL)
		goto out;
	if ((o->since && (rc = date_bound(lo, o->since, 0, "since")) < 0) ||
	    (o->until && (rc = date_bound(hi, o->until, 1, "until")) < 0))
		goto out;
	if (o->since && o->until && strcmp(lo, hi) > 0) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "the since date %s is after the until "
				      "date %s: no document can be both; "
				      "swap them",
				      o->since, o->until);
		goto out;
	}
	rc = folio__xq_value_range(&range, FOLIO__VALUE_DATE,
				   o->since ? lo : NULL, o->until ? hi : NULL);
	if (rc == 0) {
		folio__xq *both[2] = {(folio__xq *)xq, range};
		rc = folio__xq_combine(out, FOLIO__XQ_FILTER, both, 2, 0);
	}
out:
	folio__xq_free(range);
	return rc;
}

/* What a search runs: the query, and the same without its ranking
 * bonuses for the first pass (NULL if it has none), within the dates
 * asked for; own[] holds those of them made here. */
typedef struct to_run {
	const folio__xq *q, *plain, *bonus;
	size_t window;
	folio__xq *own[2];
} to_run;

/* q within the dates asked for, into run->own[k], or q itself. */
static int within_dates(const folio__xq **out, folio__xq **own,
			const folio__xq *q, const folio_search_options *o)
{
	int rc = 0;

	*out = q;
	if (q != NULL && (rc = date_filter(own, q, o)) == 0 && *own != NULL)
		*out = *own;
	return rc;
}

/* The queries to run: query->xq within the dates asked for.  A short
 * FOLIO_QUERY_AUTO query requires every word; when no document in the
 * dates has them all, any word is enough, as it is without dates when
 * no document has them all. */
static int dated_query(to_run *run, folio_db *db, const folio_query *query,
		       const folio_search_options *o)
{
	const folio__xq *q = query->xq, *plain = query->plain;
	int rc = 0, any = 1;

	memset(run, 0, sizeof *run);
	run->bonus = query->bonus;
	run->window = query->window;
	if (o->since == NULL && o->until == NULL) {
		run->q = q;
		run->plain = plain;
		return 0;
	}
	if (query->relaxed != NULL) {
		rc = date_filter(&run->own[0], plain ? plain : q, o);
		if (rc == 0)
			rc = folio__xdb_has_match(db->xdb, run->own[0], &any);
		folio__xq_free(run->own[0]);
		run->own[0] = NULL;
		if (rc == 0 && !any) {
			q = query->relaxed;
			plain = query->relaxed_plain;
			run->bonus = query->relaxed_bonus;
			run->window = query->relaxed_window;
		}
	}
	if (rc == 0)
		rc = within_dates(&run->q, &run->own[0], q, o);
	if (rc == 0)
		rc = within_dates(&run->plain, &run->own[1], plain, o);
	return rc;
}

/* The field names of the index, for messages: "a b c" or "(none)". */
static void field_list(const folio_db *db, char *out, size_t cap)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < db->nfields && used + 1 < cap; i++) {
		int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "",
				 db->fields[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(out, cap, "(none)");
}

/* 1 if facet name counts years of the date slot rather than a field. */
static int is_year_facet(const folio_db *db, const char *name)
{
	return strcmp(name, "year") == 0 && folio__field_slot(db, name) < 0;
}

/* The value slots the facets count, into slots (nfacets of them). */
static int facet_slots(unsigned *slots, const folio_db *db,
		       const folio_search_options *o)
{
	for (size_t i = 0; i < o->nfacets; i++) {
		const char *name = o->facets[i];
		int slot = name ? folio__field_slot(db, name) : -1;
		if (name && is_year_facet(db, name))
			slot = FOLIO__VALUE_DATE;
		if (slot < 0) {
			char fields[512];
			field_list(db, fields, sizeof fields);
			return folio__error_set(
				FOLIO_EINVALID,
				"cannot count the values of '%.40s': the index "
				"at %s has no such field; its fields are: %s "
				"(and year)",
				name ? name : "(null)", db->path, fields);
		}
		slots[i] = (unsigned)slot;
	}
	return 0;
}

static int by_value(const void *a, const void *b)
{
	const folio__xcount *x = a, *y = b;
	return strcmp(x->value, y->value);
}

static int by_count(const void *a, const void *b)
{
	const folio__xcount *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Fold the "yyyymmdd" values of the date slot into years, in place. */
static void fold_years(folio__xcounts *c)
{
	size_t kept = 0;
	for (size_t i = 0; i < c->count; i++) {
		folio__xcount *item = &c->items[i];
		if (strlen(item->value) > 4)
			item->value[4] = '\0';
		if (kept > 0 &&
		    strcmp(c->items[kept - 1].value, item->value) == 0) {
			c->items[kept - 1].count += item->count;
			free(item->value);
			continue;
		}
		c->items[kept++] = *item;
	}
	c->count = kept;
}

/* Take the shim's counts into r's facets, ordered for people. */
static int take_facets(folio_results *r, folio__xcounts *counts,
		       const folio_search_options *o)
{
	r->facets = calloc(o->nfacets, sizeof *r->facets);
	if (r->facets == NULL)
		return folio__error_oom();
	r->nfacets = o->nfacets;
	for (size_t i = 0; i < o->nfacets; i++) {
		folio__facet *f = &r->facets[i];
		f->name = folio__strdup(o->facets[i]);
		if (f->name == NULL)
			return FOLIO_ENOMEM;
		f->counts = counts[i];
		counts[i].items = NULL;
		counts[i].count = 0;
		if (f->counts.count == 0)
			continue; /* qsort must not see a NULL array */
		/* The shim lists values in byte order before it sorts by
		 * count, so equal years are neighbours once sorted back. */
		if (is_year_facet(r->db, f->name)) {
			qsort(f->counts.items, f->counts.count,
			      sizeof *f->counts.items, by_value);
			fold_years(&f->counts);
		}
		qsort(f->counts.items, f->counts.count,
		      sizeof *f->counts.items, by_count);
	}
	return 0;
}

int folio_db_search(folio_results **out, folio_db *db,
		    const folio_query *query, const folio_search_options *opts)
{
	int rc = 0;
	folio_results *r = NULL;
	folio__xhit *hits = NULL;
	size_t nhits = 0;
	folio__xcounts *counts = NULL;
	to_run run = {NULL, NULL, NULL, 0, {NULL, NULL}};
	unsigned *slots = NULL;
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
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
	if (opts && (opts->version < 1 ||
		     opts->version > FOLIO_SEARCH_OPTIONS_VERSION)) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_search_options "
				      "version %u",
				      opts->version);
		goto out;
	}
	/* An older struct ends before the later fields: read no further. */
	if (opts)
		memcpy(&o, opts, options_size(opts->version));
	size_t limit = o.limit ? o.limit : DEFAULT_LIMIT;
	if (limit > MAX_LIMIT) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "a page of %zu hits is too many: ask for "
				      "at most %d and page with the offset",
				      limit, MAX_LIMIT);
		goto out;
	}
	if (o.sort != FOLIO_SORT_RELEVANCE && o.sort != FOLIO_SORT_DATE) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unknown sort order %d: use "
				      "FOLIO_SORT_RELEVANCE or FOLIO_SORT_DATE",
				      (int)o.sort);
		goto out;
	}
	if (o.nfacets > 0 && o.facets == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "%zu facets asked for, but the facets "
				      "array is NULL",
				      o.nfacets);
		goto out;
	}
	if (o.nfacets > 0) {
		slots = calloc(o.nfacets, sizeof *slots);
		if (slots == NULL) {
			rc = folio__error_oom();
			goto out;
		}
	}
	if ((rc = facet_slots(slots, db, &o)) < 0 ||
	    (rc = dated_query(&run, db, query, &o)) < 0)
		goto out;
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	r->db = db;
	folio__xsearch xs = {
		.q = run.q,
		.offset = o.offset,
		.limit = limit,
		.k1 = FOLIO__BM25_K1,
		.b = FOLIO__BM25_B,
		.sort_slot = o.sort == FOLIO_SORT_DATE ? FOLIO__VALUE_DATE : -1,
		.reverse = o.reverse != 0,
		.count_slots = slots,
		.ncount_slots = o.nfacets,
		/* Only format 2 keeps heads (an index with a body store
		 * has small data, which is read as fast). */
		.head_slot = o.with_bodies || db->body_store
				     ? -1
				     : FOLIO__VALUE_HEAD,
	};
	/* Only a ranking best first has first hits to score again. */
	if (run.plain != NULL && o.sort == FOLIO_SORT_RELEVANCE &&
	    !o.reverse) {
		xs.q = run.plain;
		rc = folio__search_rescored(&hits, &nhits, &r->nfull,
					    &r->estimate, &counts, db->xdb,
					    &xs, run.bonus, run.window);
	} else if ((rc = folio__xdb_search(&hits, &nhits, &r->estimate,
					 &counts, db->xdb, &xs)) == 0)
		r->nfull = nhits;
	if (rc < 0)
		goto out;
	if (nhits > 0) {
		r->docs = calloc(nhits, sizeof *r->docs);
		r->scores = calloc(nhits, sizeof *r->scores);
		r->docids = calloc(nhits, sizeof *r->docids);
		if (!r->docs || !r->scores || !r->docids) {
			rc = folio__error_oom();
			goto out;
		}
	}
	for (size_t i = 0; rc == 0 && i < nhits; i++) {
		rc = folio__doc_deserialize_take(&r->docs[i], hits[i].data,
						 hits[i].data_len, hits[i].store,
						 folio__xdata_free);
		hits[i].store = NULL; /* taken, whatever happened */
		if (rc == 0 && (hits[i].head || r->docs[i]->body_stored)) {
			/* The body is left in the index until asked for. */
			r->docs[i]->body_xdb = db->xdb;
			r->docs[i]->body_docid = hits[i].docid;
			r->docs[i]->body_unread = 1;
			/* Unless the page is to be read whole now. */
			if (o.with_bodies)
				rc = folio__doc_load_body(r->docs[i]);
		}
		if (rc == 0) {
			r->scores[i] = hits[i].score;
			r->docids[i] = hits[i].docid;
			r->count++;
		}
	}
	if (rc == 0 && o.nfacets > 0)
		rc = take_facets(r, counts, &o);
	/* The estimate is never below what a non-empty page proves. */
	if (rc == 0 && r->count > 0 && r->estimate < o.offset + r->count)
		r->estimate = o.offset + r->count;
out:
	folio__xhits_free(hits, nhits);
	folio__xcounts_free(counts, o.nfacets);
	folio__xq_free(run.own[0]);
	folio__xq_free(run.own[1]);
	free(slots);
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

/* ---- Facets ------------------------------------------------------- */

size_t folio_results_facet_count(const folio_results *r)
{
	return r ? r->nfacets : 0;
}

const char *folio_results_facet_name(const folio_results *r, size_t i)
{
	return r && i < r->nfacets ? r->facets[i].name : NULL;
}

size_t folio_results_facet_size(const folio_results *r, size_t i)
{
	return r && i < r->nfacets ? r->facets[i].counts.count : 0;
}

int folio_results_facet_value(const folio_results *r, size_t i, size_t k,
			      const char **value_out, uint64_t *count_out)
{
	if (r == NULL || i >= r->nfacets || k >= r->facets[i].counts.count)
		return folio__error_set(FOLIO_EINVALID,
					"no value %zu of facet %zu in these "
					"results",
					k, i);
	if (value_out)
		*value_out = r->facets[i].counts.items[k].value;
	if (count_out)
		*count_out = r->facets[i].counts.items[k].count;
	return 0;
}
