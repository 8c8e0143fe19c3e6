/*
 * xapian-shim.h - Xapian behind plain C functions.
 *
 * lib/xapian-shim.cc is the only C++ in folio.  Every function declared
 * here is extern "C", catches every exception (catch (...) last) and turns
 * it into a FOLIO_E* code with a message set through folio__error_set().
 * Nothing here is exported from libfolio.
 *
 * Handles are opaque; each has a *_free that accepts NULL.
 */
#ifndef FOLIO_XAPIAN_SHIM_H
#define FOLIO_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
/* The shim's functions throw nothing, and say so to C++. */
#define FOLIO__NOEXCEPT noexcept
extern "C" {
#else
#define FOLIO__NOEXCEPT
#endif

typedef struct folio__xdb folio__xdb;     /* a database, read or write */
typedef struct folio__xdoc folio__xdoc;   /* a document being built */
typedef struct folio__xq folio__xq;       /* a query tree node */
typedef struct folio__xstem folio__xstem; /* a Snowball stemmer */

/* ---- Databases ---------------------------------------------------- */

/*
 * Open the Xapian database in directory path.  writable: for adding and
 * deleting (a transaction is begun, so nothing reaches disk until
 * folio__xdb_commit); create: make the directory if missing.
 * FOLIO_ENOTFOUND: no database; FOLIO_ELOCKED: another writer;
 * FOLIO_ECORRUPT: damaged; FOLIO_EIO: cannot create or read.
 */
int folio__xdb_open(folio__xdb **out, const char *path, int writable,
		    int create) FOLIO__NOEXCEPT;

/* Close; uncommitted changes of a writable database are discarded. */
void folio__xdb_free(folio__xdb *db) FOLIO__NOEXCEPT;

/* Commit pending changes atomically (and begin the next transaction). */
int folio__xdb_commit(folio__xdb *db) FOLIO__NOEXCEPT;

/* Reload a read-only database to its latest revision. */
int folio__xdb_reopen(folio__xdb *db) FOLIO__NOEXCEPT;

/* Add doc, replacing any document indexed by the unique term idterm. */
int folio__xdb_replace(folio__xdb *db, const char *idterm,
		       const folio__xdoc *doc) FOLIO__NOEXCEPT;

/* Delete the documents indexed by idterm; *deleted says if there were. */
int folio__xdb_delete(folio__xdb *db, const char *idterm,
		      int *deleted) FOLIO__NOEXCEPT;

/* The stored data of the document indexed by idterm (malloc'ed, NUL
 * added after len bytes).  FOLIO_ENOTFOUND if none. */
int folio__xdb_get_data(char **out, size_t *len_out, folio__xdb *db,
			const char *idterm) FOLIO__NOEXCEPT;

/* User metadata.  A missing key gives *out = NULL and returns 0. */
int folio__xdb_get_metadata(char **out, folio__xdb *db,
			    const char *key) FOLIO__NOEXCEPT;
int folio__xdb_set_metadata(folio__xdb *db, const char *key,
			    const char *value) FOLIO__NOEXCEPT;
/*
 * The same for values that are bytes (a document's packed body): *data
 * (writable, NUL added after *len_out bytes) lies in *store, for the
 * caller to free with folio__xdata_free; FOLIO_ENOTFOUND, with no
 * message set, if the key has no value.  Setting len 0 deletes the key.
 */
int folio__xdb_get_metadata_bytes(char **data, size_t *len_out, void **store,
				  folio__xdb *db,
				  const char *key) FOLIO__NOEXCEPT;
int folio__xdb_set_metadata_bytes(folio__xdb *db, const char *key,
				  const char *value,
				  size_t len) FOLIO__NOEXCEPT;

/* Documents, and distinct terms (counted by walking the lexicon, so
 * pass terms NULL when only the documents are wanted). */
int folio__xdb_stats(folio__xdb *db, uint64_t *documents,
		     uint64_t *terms) FOLIO__NOEXCEPT;

/* The mean of a value slot holding decimal numbers, over the documents
 * that have it (0 if none). */
int folio__xdb_value_mean(folio__xdb *db, unsigned slot,
			  double *mean) FOLIO__NOEXCEPT;

/* Whether the file of document lengths beside the index (folio.norms)
 * describes it as it is, so that searches read lengths from it: for a
 * writable db, as last committed. */
int folio__xdb_norms_current(folio__xdb *db, int *current) FOLIO__NOEXCEPT;

/* How many documents contain term (0 if none). */
int folio__xdb_termfreq(folio__xdb *db, const char *term,
			uint64_t *out) FOLIO__NOEXCEPT;

/* ---- Documents ---------------------------------------------------- */

int folio__xdoc_new(folio__xdoc **out) FOLIO__NOEXCEPT;
void folio__xdoc_free(folio__xdoc *doc) FOLIO__NOEXCEPT;
/* A term at a word position (for phrases), adding wdf_inc to its wdf. */
int folio__xdoc_add_posting(folio__xdoc *doc, const char *term, size_t len,
			    uint32_t position,
			    uint32_t wdf_inc) FOLIO__NOEXCEPT;
/* A term without position.  wdf_inc 0 makes a boolean (filter) term. */
int folio__xdoc_add_term(folio__xdoc *doc, const char *term, size_t len,
			 uint32_t wdf_inc) FOLIO__NOEXCEPT;
int folio__xdoc_set_data(folio__xdoc *doc, const char *data,
			 size_t len) FOLIO__NOEXCEPT;
int folio__xdoc_set_value(folio__xdoc *doc, unsigned slot, const char *v,
			  size_t len) FOLIO__NOEXCEPT;

/* ---- Stemmers ----------------------------------------------------- */

/* A stemmer for language (Snowball name or ISO code, "none" for none).
 * FOLIO_ENOTFOUND for an unknown language. */
int folio__xstem_new(folio__xstem **out, const char *language) FOLIO__NOEXCEPT;
void folio__xstem_free(folio__xstem *stem) FOLIO__NOEXCEPT;

/*
 * Stem word (len bytes) into out (cap bytes, NUL added).  *out_len gets
 * the stem's length.  If the stem does not fit, the word is copied
 * unstemmed (truncated to cap - 1 at a UTF-8 boundary).
 */
int folio__xstem_apply(folio__xstem *stem, const char *word, size_t len,
		       char *out, size_t cap, size_t *out_len) FOLIO__NOEXCEPT;

/* The canonical Snowball name of the stemmer's language ("english" for
 * "en"; "none" for none), valid while stem lives. */
const char *folio__xstem_language(const folio__xstem *stem) FOLIO__NOEXCEPT;

/* Space-separated list of the stemmer languages (static storage). */
const char *folio__xstem_languages(void) FOLIO__NOEXCEPT;

/* ---- Queries ------------------------------------------------------ */

typedef enum folio__xq_op {
	FOLIO__XQ_AND,       /* all */
	FOLIO__XQ_OR,        /* any */
	FOLIO__XQ_AND_NOT,   /* first, without any of the rest */
	FOLIO__XQ_FILTER,    /* first, restricted by the rest (no score) */
	FOLIO__XQ_PHRASE,    /* in order, within window (0: exact) */
	FOLIO__XQ_NEAR,      /* any order, within window */
	FOLIO__XQ_AND_MAYBE, /* first; the rest only add to the score */
	FOLIO__XQ_SYNONYM    /* any, scored as one term */
} folio__xq_op;

/* A single term; wqf is its within-query frequency (normally 1) and
 * position its place in the query (for phrases). */
int folio__xq_term(folio__xq **out, const char *term, size_t len, uint32_t wqf,
		   uint32_t position) FOLIO__NOEXCEPT;

/* Every term starting with prefix (len bytes).  Expanding past
 * max_expansion terms makes the search fail with FOLIO_EQUERY. */
int folio__xq_wildcard(folio__xq **out, const char *prefix, size_t len,
		       uint32_t max_expansion) FOLIO__NOEXCEPT;

/* Every document. */
int folio__xq_match_all(folio__xq **out) FOLIO__NOEXCEPT;

/* Match nothing (e.g. a word that analyses to no token). */
int folio__xq_match_nothing(folio__xq **out) FOLIO__NOEXCEPT;

/* Combine n subqueries with op (window for PHRASE and NEAR).  The
 * subqueries are not consumed: the caller still frees them. */
int folio__xq_combine(folio__xq **out, folio__xq_op op, folio__xq *const *subs,
		      size_t n, uint32_t window) FOLIO__NOEXCEPT;

/* Multiply the weight of sub by factor (>= 0). */
int folio__xq_scale(folio__xq **out, const folio__xq *sub,
		    double factor) FOLIO__NOEXCEPT;

/*
 * Ranking bonuses, which add to the score of documents that match
 * without matching any themselves.  ORing them (folio__xq_combine)
 * gives one, which folio__xbonus_open can score without Xapian's
 * matcher.
 *
 * The bonus for the words a and b found near each other: their weights
 * times factor where they are less than window positions apart, as
 * FOLIO__XQ_NEAR of the two terms scaled by factor scores.
 */
int folio__xq_near_pair(folio__xq **out, const char *a, const char *b,
			uint32_t window, double factor) FOLIO__NOEXCEPT;

/* The bonus for a document holding term (len bytes): its weight times
 * factor, as the term scaled by factor scores. */
int folio__xq_term_bonus(folio__xq **out, const char *term, size_t len,
			 double factor) FOLIO__NOEXCEPT;

/* Xapian's description of the query (malloc'ed). */
int folio__xq_describe(char **out, const folio__xq *q) FOLIO__NOEXCEPT;

void folio__xq_free(folio__xq *q) FOLIO__NOEXCEPT;

/* ---- Search ------------------------------------------------------- */

typedef struct folio__xhit {
	double score;
	uint32_t docid;
	/* The stored data, writable, NUL added after data_len; it lies in
	 * store (the string Xapian read it into: no copy), which is freed
	 * with folio__xdata_free unless taken (set to NULL). */
	char *data;
	size_t data_len;
	void *store;
	/* data is the hit's head (the value slot head_slot), not the whole
	 * stored data, which is then left unread. */
	int head;
} folio__xhit;

void folio__xhits_free(folio__xhit *hits, size_t count) FOLIO__NOEXCEPT;

/*
 * The ranking bonus q (an OR of folio__xq_near_pair and
 * folio__xq_term_bonus) of n documents, ids in ascending order, scored
 * with BM25 (k1, b) as Xapian scores q.  Opening reads only posting
 * lists, and gives in most[i] the most that ids[i] can get: its terms'
 * bonus and that of every pair whose words it has, as if it were as
 * short as they allow.  folio__xbonus_refine reads the document's
 * length (a search of Xapian's list of all documents, 2 us) for a
 * tighter most; folio__xbonus_score reads its position lists too, for
 * its bonus.  FOLIO_ENOTFOUND, with no message set, if q is not such a
 * bonus.
 */
typedef struct folio__xbonus folio__xbonus;
int folio__xbonus_open(folio__xbonus **out, folio__xdb *db,
		       const folio__xq *q, double k1, double b,
		       const uint32_t *ids, size_t n,
		       double *most) FOLIO__NOEXCEPT;
int folio__xbonus_refine(folio__xbonus *nb, size_t i,
			 double *most) FOLIO__NOEXCEPT;
int folio__xbonus_score(folio__xbonus *nb, size_t i,
			double *bonus) FOLIO__NOEXCEPT;
void folio__xbonus_free(folio__xbonus *nb) FOLIO__NOEXCEPT;
void folio__xdata_free(void *store) FOLIO__NOEXCEPT;

/*
 * The stored data of document docid, or of the document indexed by
 * idterm, as a hit's is given: *data (writable, NUL added after *len_out
 * bytes) lies in *store, for the caller to free with folio__xdata_free.
 * FOLIO_ENOTFOUND, with no message set, if there is no such document.
 */
int folio__xdb_get_data_docid(char **data, size_t *len_out, void **store,
			      folio__xdb *db, uint32_t docid) FOLIO__NOEXCEPT;
int folio__xdb_get_data_term(char **data, size_t *len_out, void **store,
			     folio__xdb *db,
			     const char *idterm) FOLIO__NOEXCEPT;

/* ---- Ingest: stamps of documents ---------------------------------- */

/* Called with a term and a value; non-zero stops the listing. */
typedef int (*folio__xvalue_cb)(const char *term, const char *value,
				void *payload);

/*
 * For every term starting with prefix (in term order), call cb with the
 * term and value slot of the first document indexed by it ("" if none).
 * Returns 0, a FOLIO_E* code, or what cb returned to stop.
 */
int folio__xdb_list_values(folio__xdb *db, const char *prefix, unsigned slot,
			   folio__xvalue_cb cb, void *payload) FOLIO__NOEXCEPT;

/* Set value slot of the document indexed by idterm; *found says if there
 * is one. */
int folio__xdb_set_doc_value(folio__xdb *db, const char *idterm,
			     unsigned slot, const char *value, size_t len,
			     int *found) FOLIO__NOEXCEPT;

/* ================================================================== */
/* Search features (rank): date filters, sorting, facets, similar      */
/* documents, explanations, the lexicon walk for suggestions           */
/* ================================================================== */

/* Documents whose value in slot lies in [lo, hi] (bytewise); lo or hi
 * NULL leaves that end open.  Documents without the value never match. */
int folio__xq_value_range(folio__xq **out, unsigned slot, const char *lo,
			  const char *hi) FOLIO__NOEXCEPT;

/* One value of a counted slot and how many matching documents have it. */
typedef struct folio__xcount {
	char *value; /* malloc'ed, NUL-terminated */
	uint64_t count;
} folio__xcount;

typedef struct folio__xcounts {
	folio__xcount *items; /* by count, descending, then by value */
	size_t count;
} folio__xcounts;

/* What folio__xdb_search is asked. */
typedef struct folio__xsearch {
	const folio__xq *q;
	size_t offset, limit;
	double k1, b;
	int sort_slot;      /* value slot to sort by (descending), or -1 */
	int reverse;        /* ascending values, or least relevant first */
	const unsigned *count_slots; /* slots whose values to count over */
	size_t ncount_slots;         /* every matching document */
	int no_data; /* hits without their stored data (data NULL) */
	/* A slot that holds what a hit shows, in the stored data's form,
	 * read instead of the data when a document has it; or -1. */
	int head_slot;
} folio__xsearch;

/*
 * Run s->q with BM25 (k1, b), sorted as asked, and return hits offset ..
 * offset+limit-1 as a malloc'ed array (free with folio__xhits_free), the
 * estimated total, and the value counts:
 * counts_out gets ncount_slots entries (free with folio__xcounts_free),
 * NULL if none.  FOLIO_EQUERY if a wildcard expands past its limit;
 * FOLIO_EMODIFIED if the database changed under a reader.
 */
int folio__xdb_search(folio__xhit **hits_out, size_t *count_out,
		      uint64_t *estimate_out, folio__xcounts **counts_out,
		      folio__xdb *db, const folio__xsearch *s) FOLIO__NOEXCEPT;
void folio__xcounts_free(folio__xcounts *counts, size_t n) FOLIO__NOEXCEPT;

/* Read what a page shows (as folio__xdb_search does with head_slot) of
 * those of the count hits that have no data. */
int folio__xdb_hits_fill(folio__xdb *db, folio__xhit *hits, size_t count,
			 int head_slot) FOLIO__NOEXCEPT;

/*
 * The max_terms terms that best characterise the document indexed by
 * idterm (Xapian's relevance feedback: an ESet from an RSet of that one
 * document), best first, as a malloc'ed array of malloc'ed strings.
 * stems: only Z<stem> terms; else only unprefixed words.  FOLIO_ENOTFOUND
 * if there is no such document.
 */
int folio__xdb_similar_terms(char ***out, size_t *n_out, folio__xdb *db,
			     const char *idterm, size_t max_terms,
			     int stems) FOLIO__NOEXCEPT;

/* Called for each word by folio__xdb_walk_words, with how many
 * documents hold it; return non-zero to stop the walk. */
typedef int (*folio__xterm_cb)(const char *term, size_t len, uint64_t freq,
			       void *payload);

#define FOLIO__XEXPLAIN_PLACES 5

/* One query term that a document matched. */
typedef struct folio__xmatch {
	char *term;     /* malloc'ed */
	double weight;  /* its BM25 weight in the document, on its own */
	uint32_t wdf;
	size_t npositions;
	uint32_t positions[FOLIO__XEXPLAIN_PLACES]; /* the first ones */
} folio__xmatch;

/* The terms of q that document docid holds, in query order (malloc'ed
 * array; free with folio__xmatches_free). */
int folio__xdb_explain(folio__xmatch **out, size_t *n_out, folio__xdb *db,
		       const folio__xq *q, uint32_t docid, double k1,
		       double b) FOLIO__NOEXCEPT;
void folio__xmatches_free(folio__xmatch *m, size_t n) FOLIO__NOEXCEPT;

/* ---- Query language (query.c) ------------------------------------- */

/* Whether q matches at least one document of db (*out 1 or 0), without
 * ranking: how FOLIO_QUERY_AUTO learns that no document has every word.
 * FOLIO_EQUERY if a wildcard expands past its limit. */
int folio__xdb_has_match(folio__xdb *db, const folio__xq *q,
			 int *out) FOLIO__NOEXCEPT;

/*
 * Pseudo-relevance feedback: run q (BM25 k1, b), take its best nrel hits
 * as relevant and return in *out (malloc'ed, one NUL after each term,
 * *count terms) the at most nterms best terms starting with prefix that
 * q does not have already.  No hits: *count is 0.
 */
int folio__xdb_expand(folio__xdb *db, const folio__xq *q, double k1,
		      double b, unsigned nrel, unsigned nterms,
		      const char *prefix, char **out,
		      size_t *count) FOLIO__NOEXCEPT;

/* ---- Query speed ------------------------------------------------- */

/* Walk the unprefixed terms (the words) of the lexicon that start with
 * prefix (a word's first letters, never an upper-case term prefix), in
 * order, at most max_terms of them; *walked gets how many were seen. */
int folio__xdb_walk_words(folio__xdb *db, const char *prefix,
			  size_t max_terms, size_t *walked, folio__xterm_cb cb,
			  void *payload) FOLIO__NOEXCEPT;

/* ================================================================== */
/* Indexing speed: shards built in parallel, merged by compaction      */
/* ================================================================== */

/*
 * Write to out_path (which must not hold a database) a new, compacted
 * database holding the documents of the n databases at paths, in that
 * order, their document ids renumbered to follow each other.  Metadata
 * present in several inputs keeps the first input's value.
 */
int folio__xdb_compact(const char *out_path, const char *const *paths,
		       size_t n) FOLIO__NOEXCEPT;

/*
 * Add to db every document of the database at src_path: terms with
 * their positions and wdf, data, and values, value slot s moved to
 * slot_map[s] when s < nmap; and the metadata whose keys start with
 * meta_prefix (what documents keep there, by id).
 */
int folio__xdb_append(folio__xdb *db, const char *src_path,
		      const unsigned *slot_map, size_t nmap,
		      const char *meta_prefix) FOLIO__NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* FOLIO_XAPIAN_SHIM_H */
