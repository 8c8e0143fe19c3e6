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

/* Documents, and distinct terms (counted by walking the lexicon, so
 * pass terms NULL when only the documents are wanted). */
int folio__xdb_stats(folio__xdb *db, uint64_t *documents,
		     uint64_t *terms) FOLIO__NOEXCEPT;

/* The mean of a value slot holding decimal numbers, over the documents
 * that have it (0 if none). */
int folio__xdb_value_mean(folio__xdb *db, unsigned slot,
			  double *mean) FOLIO__NOEXCEPT;

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

/* Xapian's description of the query (malloc'ed). */
int folio__xq_describe(char **out, const folio__xq *q) FOLIO__NOEXCEPT;

void folio__xq_free(folio__xq *q) FOLIO__NOEXCEPT;

/* ---- Search ------------------------------------------------------- */

typedef struct folio__xhit {
	double score;
	uint32_t docid;
	char *data; /* the stored data, malloc'ed, NUL added after data_len */
	size_t data_len;
} folio__xhit;

/*
 * Run q with BM25 (k1, b) and return hits offset .. offset+limit-1 as a
 * malloc'ed array (each data malloc'ed), plus the estimated total.
 * Free with folio__xhits_free.  FOLIO_EQUERY if a wildcard expands past
 * its limit; FOLIO_EMODIFIED if the database changed under a reader.
 */
int folio__xdb_search(folio__xhit **hits_out, size_t *count_out,
		      uint64_t *estimate_out, folio__xdb *db,
		      const folio__xq *q, size_t offset, size_t limit,
		      double k1, double b) FOLIO__NOEXCEPT;
void folio__xhits_free(folio__xhit *hits, size_t count) FOLIO__NOEXCEPT;

/* ---- Query language (query.c) ------------------------------------- */

/* Whether q matches at least one document of db (*out 1 or 0), without
 * ranking: how FOLIO_QUERY_AUTO learns that no document has every word.
 * FOLIO_EQUERY if a wildcard expands past its limit. */
int folio__xdb_has_match(folio__xdb *db, const folio__xq *q,
			 int *out) FOLIO__NOEXCEPT;

/* Documents whose value in slot is within [lo, hi] (strings compared
 * bytewise); lo or hi NULL for no bound on that side. */
int folio__xq_value_range(folio__xq **out, unsigned slot, const char *lo,
			  const char *hi) FOLIO__NOEXCEPT;

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

#ifdef __cplusplus
}
#endif

#endif /* FOLIO_XAPIAN_SHIM_H */
