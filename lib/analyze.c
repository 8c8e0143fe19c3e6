/*
 * analyze.c - the analyzer: UTF-8 text to tokens.
 *
 * Unicode's word break rules cut the text into segments: ICU's break
 * iterator, or for plain text (ASCII, curly quotes, dashes and the like)
 * the same rules written out in wordbreak.c, which cost a fraction of
 * it, so that ICU is loaded only for text that needs it.  Each segment
 * that is a word is folded with NFKC case folding (accents removed from
 * Latin and Greek letters unless the analyzer keeps them) into its term,
 * and stemmed with Snowball (through the Xapian shim).  On top of ICU:
 *
 *  - Chinese and Japanese: a token per character, an ALT token per pair
 *    of adjacent characters, and an ALT token per dictionary word.  A run
 *    of characters typed as a query becomes a phrase of its pairs, which
 *    matches exactly where the run occurs, known word or not.
 *  - Korean: the stem of a word is the word without a trailing particle.
 *  - A word mixing scripts is split where the script changes.
 *  - Compounds ("e-mail", "hannam.ac.kr"), acronyms ("U.S.A."), grouped
 *    numbers ("28,500"), symbol words ("C++", ".NET") and apostrophes get
 *    the forms people type for them (see folio.h).
 *
 * Tokens carry byte offsets into the caller's text, which is never
 * copied: the break iterator walks it through a UTF-8 UText.  Tokens that
 * need their neighbours (compounds, runs of CJK characters) wait in a
 * small queue, which is sorted by position and flushed when they are
 * complete; a plain word goes straight to the callback.
 *
 * An analyzer opens its ICU objects once and reuses them, and its buffers
 * only grow, so analysing costs no allocation per token.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/uvernum.h>

#include "folio-private.h"
#include "lazy-libs.h"

/* Stems longer than this are left unstemmed by folio__xstem_apply. */
#define STEM_CAP 256
/* A folded term is kept only if it has at most FOLIO__MAX_TERM_BYTES
 * bytes, so at most that many UTF-16 units, each at most 3 bytes. */
#define TERM_CAP (3 * FOLIO__MAX_TERM_BYTES + 1)
/* First size of the UTF-16 buffers, in units: most words fit. */
#define UNITS_INIT 64
/* ICU's break iterators count positions in int32_t. */
#define TEXT_MAX INT32_MAX
/* A hyphenated compound longer than this many words ("a-b-c-...") is
 * not joined into one more term: no one types it joined. */
#define CHAIN_MAX 8

/* The stem cache: the stems of recent words, so that the common words
 * of a text (most of its words) are stemmed once.  Direct-mapped by a
 * hash of the term; words longer than STEM_CACHE_WORD bytes skip it.
 * It starts at STEM_CACHE_FIRST entries and grows to STEM_CACHE_SIZE
 * (see stem_slot). */
#define STEM_CACHE_FIRST 64  /* entries: a power of two; one page */
#define STEM_CACHE_SIZE 4096 /* entries: a power of two */
/* Misses before the cache grows: the snippets of a page of hits stay
 * under it, an index run passes it in its first documents.  The first
 * cache is small because it is zeroed when made: a search process that
 * stems a few words paid four fresh pages for 256 entries. */
#define STEM_CACHE_GROW_AFTER 2048
#define STEM_CACHE_WORD 30

typedef struct stem_entry {
	unsigned char term_len, stem_len; /* term_len 0: empty */
	char term[STEM_CACHE_WORD];
	char stem[STEM_CACHE_WORD];
} stem_entry;

/* A token waiting in the queue; its strings live in the arena. */
typedef struct pending {
	size_t term, term_len; /* offsets into the arena */
	size_t stem, stem_len;
	size_t start, end;
	uint32_t position, span;
	unsigned int flags;
} pending;


struct folio_analyzer {
	folio__xstem *stemmer;
	int stemming;              /* 0 for "none": the stem is the term */
	int keep_accents;
	int busy;                  /* inside folio_analyze() */
	/* During folio__analyze_stem_some(): which words to stem. */
	folio__stem_wanted_cb stem_wanted;
	void *stem_wanted_payload;
	UBreakIterator *words;     /* ICU word break rules, root locale,
	                              opened for the first text that is
	                              not plain */
	int icu_only;              /* ICU breaks plain text too (tests) */
	UText text;                /* the caller's text, reopened per call */
	const UNormalizer2 *fold;  /* NFKC_Casefold, owned by ICU */
	const UNormalizer2 *nfd;   /* to take accents off their letters */
	const UNormalizer2 *nfc;
	UChar *units;              /* a word in UTF-16 */
	int32_t units_cap;
	UChar *folded;             /* ... after folding */
	int32_t folded_cap;
	char term[TERM_CAP];       /* ... back in UTF-8 */
	char stem[STEM_CAP];
	char bare[TERM_CAP];       /* a term without its accents */
	stem_entry *stems;         /* the stem cache, made on first use */
	size_t nstems;             /* its entries */
	size_t stem_misses;        /* lookups that missed since it was made */

	/* The state of one walk. */
	const char *input;
	size_t input_len;
	folio_token_cb cb;
	void *payload;
	uint32_t position;         /* of the next base token */
	pending *queue;
	size_t nqueue, queue_cap;
	folio__buf arena;
	folio__buf joined;         /* the hyphenated compound so far */
	uint32_t chain_words;      /* words in it (0: none open) */
	size_t chain_start, chain_end;
	uint32_t chain_position;
	int after_hyphen;          /* a lone hyphen follows the last word */
	/* The last CJK character, for the pair it makes with the next. */
	char cjk_prev[8];
	size_t cjk_prev_len, cjk_prev_start, cjk_prev_end;
	uint32_t cjk_prev_position;
	int cjk_open;
};

/*
 * Turn a failed ICU status into a folio error code with a message saying
 * what folio was doing.  Running out of memory is the one failure a
 * caller can act on, so it keeps its own code.
 */
static int icu_error(UErrorCode status, const char *doing)
{
	if (status == U_MEMORY_ALLOCATION_ERROR)
		return folio__error_oom();
	return folio__error_set(FOLIO_ERROR,
				"cannot %s: ICU error %s; check that the ICU "
				"data library folio was built with is "
				"installed",
				doing, folio__icu.error_name(status));
}

/*
 * Load ICU's common library, the first time a text that is not ASCII
 * needs it (lib/lazy-libs.c): an ASCII text never does.
 */
static int icu_ready(void)
{
	const char *why = NULL;
	int rc = folio__icu_load(&why);

	if (rc == 1)
		rc = folio__error_set(FOLIO_ERROR, "%s", why);
	return rc;
}

/*
 * Make *buf hold at least need UTF-16 units.  It grows by doubling so
 * that a run of ever longer words costs few reallocations; the old
 * contents are not kept.  Returns 0 or FOLIO_ENOMEM.
 */
static int reserve(UChar **buf, int32_t *cap, size_t need)
{
	int rc = 0;
	size_t size = *cap > 0 ? (size_t)*cap : UNITS_INIT;
	UChar *p;

	if (need <= (size_t)*cap && *buf != NULL)
		goto out;
	if (need > TEXT_MAX) {
		rc = folio__error_oom();
		goto out;
	}
	while (size < need)
		size = size > TEXT_MAX / 2 ? TEXT_MAX : size * 2;
	p = malloc(size * sizeof *p);
	if (p == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	free(*buf);
	*buf = p;
	*cap = (int32_t)size;
out:
	return rc;
}

int folio_analyzer_options_init(folio_analyzer_options *opts,
				unsigned int version)
{
	folio_analyzer_options init = FOLIO_ANALYZER_OPTIONS_INIT;

	if (opts == NULL || version != FOLIO_ANALYZER_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_analyzer_options "
					"version %u",
					version);
	*opts = init;
	return 0;
}

int folio_analyzer_new(folio_analyzer **out,
		       const folio_analyzer_options *opts)
{
	int rc = 0;
	folio_analyzer *a = NULL;
	const char *language = "english";

	if (out == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_analyzer_new: out is NULL");
		goto out;
	}
	*out = NULL;
	if (opts != NULL && opts->version != FOLIO_ANALYZER_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_analyzer_options "
				      "version %u; initialise the options "
				      "with FOLIO_ANALYZER_OPTIONS_INIT",
				      opts->version);
		goto out;
	}
	if (opts != NULL && opts->language != NULL)
		language = opts->language;

	a = calloc(1, sizeof *a);
	if (a == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	a->text = (UText)UTEXT_INITIALIZER;
	a->keep_accents = opts != NULL && opts->keep_accents;

	rc = folio__xstem_new(&a->stemmer, language);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no stemmer for the language '%s'; "
				      "choose one of: none %s",
				      language, folio_languages());
	if (rc < 0)
		goto out;
	a->stemming = strcmp(folio__xstem_language(a->stemmer), "none") != 0;

	rc = reserve(&a->units, &a->units_cap, UNITS_INIT);
	if (rc == 0)
		rc = reserve(&a->folded, &a->folded_cap, UNITS_INIT);
	if (rc < 0)
		goto out;

	*out = a;
	a = NULL;
out:
	folio_analyzer_free(a);
	return rc;
}

void folio_analyzer_free(folio_analyzer *analyzer)
{
	if (analyzer == NULL)
		return;
	/* ICU's objects exist only if a text needed ICU, which loaded it. */
	if (analyzer->words != NULL) {
		folio__icu.brk_close(analyzer->words);
		folio__icu.text_close(&analyzer->text);
	}
	folio__xstem_free(analyzer->stemmer);
	free(analyzer->units);
	free(analyzer->folded);
	free(analyzer->queue);
	free(analyzer->stems);
	folio__buf_free(&analyzer->arena);
	folio__buf_free(&analyzer->joined);
	free(analyzer);
}

const char *folio_analyzer_language(const folio_analyzer *analyzer)
{
	if (analyzer == NULL)
		return "";
	return folio__xstem_language(analyzer->stemmer);
}

int folio_analyzer_keeps_accents(const folio_analyzer *analyzer)
{
	return analyzer != NULL && analyzer->keep_accents;
}

const char *folio_languages(void)
{
	return folio__xstem_languages();
}

const char *folio__unicode_version(void)
{
	return U_UNICODE_VERSION;
}

const char *folio__icu_version(void)
{
	return U_ICU_VERSION;
}

/* ================================================================== */
/* Folding                                                             */
/* ================================================================== */

/*
 * Load the normalizers, the first time a word that is not ASCII needs
 * them: ICU builds them from its data on first use, a cost that a
 * process which only ever sees ASCII (most queries, many snippets)
 * need not pay.
 */
static int load_normalizers(folio_analyzer *a)
{
	UErrorCode status = U_ZERO_ERROR;

	int rc;

	if (a->nfc != NULL)
		return 0;
	rc = icu_ready();
	if (rc < 0)
		return rc;
	a->fold = folio__icu.nfkc_casefold(&status);
	if (U_SUCCESS(status))
		a->nfd = folio__icu.nfd(&status);
	if (U_SUCCESS(status))
		a->nfc = folio__icu.nfc(&status);
	if (U_FAILURE(status)) {
		a->nfc = NULL;
		return icu_error(status, "load Unicode normalization");
	}
	return 0;
}

/* Normalise src (n units) with norm into a->folded; *out_n its length. */
static int normalize(folio_analyzer *a, const UNormalizer2 *norm,
		     const UChar *src, int32_t n, int32_t *out_n)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t len = folio__icu.normalize(norm, src, n, a->folded,
					   a->folded_cap, &status);
	int rc = 0;

	if (status == U_BUFFER_OVERFLOW_ERROR) {
		status = U_ZERO_ERROR;
		rc = reserve(&a->folded, &a->folded_cap, (size_t)len);
		if (rc < 0)
			return rc;
		len = folio__icu.normalize(norm, src, n, a->folded,
					   a->folded_cap, &status);
	}
	if (U_FAILURE(status))
		return icu_error(status, "normalise a word");
	*out_n = len;
	return 0;
}

/* Convert n bytes of UTF-8 to UTF-16 in a->units; *units its length. */
static int to_units(folio_analyzer *a, const char *s, size_t n,
		    int32_t *units)
{
	UErrorCode status = U_ZERO_ERROR;
	/* UTF-16 never takes more units than UTF-8 takes bytes, even with
	 * bad bytes replaced by U+FFFD: a->units cannot overflow. */
	int rc = reserve(&a->units, &a->units_cap, n);

	if (rc < 0)
		return rc;
	folio__icu.str_from_utf8_sub(a->units, a->units_cap, units, s,
				     (int32_t)n, 0xFFFD, NULL, &status);
	if (U_FAILURE(status))
		return icu_error(status, "convert a word to UTF-16");
	return 0;
}

/* a->folded[0..n) to UTF-8 in out (cap bytes); *len 0 if too long. */
static int to_utf8(folio_analyzer *a, int32_t n, char *out, size_t cap,
		   size_t *len)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t got = 0;

	*len = 0;
	folio__icu.str_to_utf8_sub(out, (int32_t)cap, &got, a->folded, n,
				   0xFFFD, NULL, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR ||
	    status == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	if (U_FAILURE(status))
		return icu_error(status, "convert a word to UTF-8");
	if (got <= FOLIO__MAX_TERM_BYTES)
		*len = (size_t)got;
	return 0;
}

/*
 * Fold a word that is not pure ASCII: to UTF-16, NFKC_Casefold, curly
 * apostrophes to "'", back to UTF-8 in a->term.  *term_len is left 0 when
 * the folded word is too long to be a term.
 */
static int fold_unicode(folio_analyzer *a, const char *word, size_t n,
			size_t *term_len)
{
	int32_t units = 0, folded = 0;
	int rc = load_normalizers(a);

	*term_len = 0;
	if (rc == 0)
		rc = to_units(a, word, n, &units);
	if (rc == 0)
		rc = normalize(a, a->fold, a->units, units, &folded);
	if (rc < 0 || folded > FOLIO__MAX_TERM_BYTES)
		return rc;
	/* "Huawei’s" is typed "Huawei's": make them one term. */
	for (int32_t i = 0; i < folded; i++)
		if (a->folded[i] == 0x2019 || a->folded[i] == 0x02BC)
			a->folded[i] = '\'';
	return to_utf8(a, folded, a->term, sizeof a->term, term_len);
}

/*
 * The term s (len bytes, folded) without the accents of its Latin and
 * Greek letters, in out (cap bytes): NFD, drop the accents that follow
 * such a letter, NFC.  Other scripts keep their marks (Japanese voicing
 * marks, Cyrillic й, Indic vowel signs are letters, not accents).
 * *out_len is the length, or 0 when nothing changes (out unused).
 */
static int strip_accents(folio_analyzer *a, const char *s, size_t len,
			 char *out, size_t cap, size_t *out_len)
{
	int32_t units = 0, n = 0, kept = 0;
	int rc = 0, changed = 0;
	UChar32 base = 0;
	size_t i;

	*out_len = 0;
	for (i = 0; i < len && (unsigned char)s[i] < 0xC3; i++)
		;
	if (i == len) /* ASCII, or no letter that has accents */
		return 0;
	rc = load_normalizers(a);
	if (rc == 0)
		rc = to_units(a, s, len, &units);
	if (rc == 0)
		rc = normalize(a, a->nfd, a->units, units, &n);
	/* The letters go back into units, which NFD no longer needs. */
	if (rc == 0)
		rc = reserve(&a->units, &a->units_cap, (size_t)n + 2);
	if (rc < 0)
		return rc;
	for (int32_t k = 0; k < n;) {
		UChar32 c;
		U16_NEXT(a->folded, k, n, c);
		if (folio__is_accent(c) && folio__accents_go(base)) {
			changed = 1;
			continue;
		}
		if (!folio__is_accent(c)) {
			base = c;
			if (folio__unstroke(c) != c) {
				c = folio__unstroke(c);
				changed = 1;
			}
		}
		U16_APPEND_UNSAFE(a->units, kept, c);
	}
	if (!changed)
		return 0;
	rc = normalize(a, a->nfc, a->units, kept, &n);
	if (rc == 0)
		rc = to_utf8(a, n, out, cap, out_len);
	return rc;
}

/* ================================================================== */
/* The queue of tokens that wait for their neighbours                  */
/* ================================================================== */

/* Order of tokens: by position, the base token first, then by span. */
static int before(const pending *x, const pending *y)
{
	if (x->position != y->position)
		return x->position < y->position;
	if ((x->flags & FOLIO_TOKEN_ALT) != (y->flags & FOLIO_TOKEN_ALT))
		return !(x->flags & FOLIO_TOKEN_ALT);
	return x->span < y->span;
}

static int flush(folio_analyzer *a)
{
	int rc = 0;
	size_t i, j;

	/* Insertion sort: the queue is short and nearly in order. */
	for (i = 1; i < a->nqueue; i++) {
		pending p = a->queue[i];
		for (j = i; j > 0 && before(&p, &a->queue[j - 1]); j--)
			a->queue[j] = a->queue[j - 1];
		a->queue[j] = p;
	}
	for (i = 0; rc == 0 && i < a->nqueue; i++) {
		const pending *p = &a->queue[i];
		folio_token t;
		t.term = a->arena.ptr + p->term;
		t.term_len = p->term_len;
		t.stem = a->arena.ptr + p->stem;
		t.stem_len = p->stem_len;
		t.start = p->start;
		t.end = p->end;
		t.position = p->position;
		t.span = p->span;
		t.flags = p->flags;
		rc = a->cb(&t, a->payload);
	}
	a->nqueue = 0;
	folio__buf_clear(&a->arena);
	return rc;
}

static int enqueue(folio_analyzer *a, const folio_token *t)
{
	pending *p;
	int rc = 0;

	if (a->nqueue == a->queue_cap) {
		size_t cap = a->queue_cap ? a->queue_cap * 2 : 32;
		p = realloc(a->queue, cap * sizeof *p);
		if (p == NULL)
			return folio__error_oom();
		a->queue = p;
		a->queue_cap = cap;
	}
	p = &a->queue[a->nqueue];
	p->term = a->arena.len;
	p->term_len = t->term_len;
	rc = folio__buf_put(&a->arena, t->term, t->term_len);
	p->stem = a->arena.len;
	p->stem_len = t->stem_len;
	if (rc == 0)
		rc = folio__buf_put(&a->arena, t->stem, t->stem_len);
	if (rc < 0)
		return rc;
	p->start = t->start;
	p->end = t->end;
	p->position = t->position;
	p->span = t->span;
	p->flags = t->flags;
	a->nqueue++;
	return 0;
}

/* Hand a token on: straight to the callback when nothing waits and
 * nothing may still be added before it, else through the queue. */
static int put(folio_analyzer *a, const folio_token *t, int wait)
{
	if (!wait && a->nqueue == 0)
		return a->cb(t, a->payload);
	return enqueue(a, t);
}

/* ================================================================== */
/* Words                                                               */
/* ================================================================== */

/*
 * The cache entry for hash h, or NULL when there is no cache.  Each page
 * of the cache costs a page fault the first time it is touched, which a
 * short run (a query, the snippets of a page) does not win back: the
 * cache starts small, and grows to its full size (emptied) once the
 * misses show that the text has more words than it holds.
 */
static stem_entry *stem_slot(folio_analyzer *a, uint32_t h)
{
	if (a->stems == NULL ||
	    (a->nstems < STEM_CACHE_SIZE &&
	     a->stem_misses > STEM_CACHE_GROW_AFTER)) {
		size_t n = a->stems ? STEM_CACHE_SIZE : STEM_CACHE_FIRST;
		stem_entry *bigger = calloc(n, sizeof *bigger);
		/* Without memory the old one serves (asked again later). */
		if (bigger != NULL) {
			free(a->stems);
			a->stems = bigger;
			a->nstems = n;
		}
		a->stem_misses = 0;
	}
	return a->stems ? &a->stems[h & (a->nstems - 1)] : NULL;
}

/* Stem term (len bytes) into a->stem with Snowball, through the cache:
 * *stem_len gets the stem's length. */
static int snowball(folio_analyzer *a, const char *term, size_t len,
		    size_t *stem_len)
{
	stem_entry *e = NULL;
	uint32_t h = 2166136261u;
	int rc;

	if (len < STEM_CACHE_WORD) {
		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)term[i]) * 16777619u;
		e = stem_slot(a, h);
		if (e && e->term_len == len &&
		    memcmp(e->term, term, len) == 0) {
			memcpy(a->stem, e->stem, e->stem_len);
			a->stem[e->stem_len] = '\0';
			*stem_len = e->stem_len;
			return 0;
		}
		a->stem_misses++;
	}
	rc = folio__xstem_apply(a->stemmer, term, len, a->stem, sizeof a->stem,
				stem_len);
	if (rc == 0 && e != NULL && *stem_len < STEM_CACHE_WORD) {
		memcpy(e->term, term, len);
		e->term_len = (unsigned char)len;
		memcpy(e->stem, a->stem, *stem_len);
		e->stem_len = (unsigned char)*stem_len;
	}
	return rc;
}

/*
 * Take the accents off the term unless they are kept, and stem it into
 * a->stem (Korean: the particle taken off; a symbol word or a number:
 * itself).  On return t->term and t->stem point at the forms to index.
 */
static int finish_word(folio_analyzer *a, folio_token *t, folio__script_class sc,
		       int plain)
{
	int rc = 0;
	size_t n = 0;

	/* Accents come off before stemming: "resume" typed without them
	 * must stem as "résumé" does. */
	if (!a->keep_accents) {
		rc = strip_accents(a, t->term, t->term_len, a->bare,
				   sizeof a->bare, &n);
		if (rc == 0 && n > 0) {
			t->term = a->bare;
			t->term_len = n;
		}
	}
	t->stem = t->term;
	t->stem_len = t->term_len;
	if (a->stem_wanted != NULL &&
	    !a->stem_wanted(t->term, t->term_len, a->stem_wanted_payload)) {
		t->flags |= FOLIO__TOKEN_UNSTEMMED;
		return rc;
	}
	if (rc == 0 && a->stemming && sc == FOLIO__S_HANGUL) {
		t->stem_len = folio__korean_stem(t->term, t->term_len);
	} else if (rc == 0 && a->stemming && plain) {
		rc = snowball(a, t->term, t->term_len, &t->stem_len);
		t->stem = a->stem;
	}
	return rc;
}

/* 1 if the term is digits in groups of three joined by commas. */
static int grouped_number(const char *s, size_t n)
{
	size_t i = 0, group = 0, commas = 0;

	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			group++;
		} else if (s[i] == ',' && group > 0 &&
			   (commas == 0 ? group <= 3 : group == 3)) {
			group = 0;
			commas++;
		} else {
			return 0;
		}
	}
	return commas > 0 && group == 3;
}

/*
 * Emit one base word: the folded term (len bytes) for text[start, end).
 * Also its ALT forms: the part after an elision ("l'avion": "avion") or
 * before a possessive ("huawei's": "huawei").  Joins it to a hyphenated
 * compound when one is open.
 */
static int emit_word(folio_analyzer *a, const char *term, size_t len,
		     size_t start, size_t end, folio__script_class sc, int symbol,
		     int wait)
{
	folio_token t = {0};
	char digits[FOLIO__MAX_TERM_BYTES + 1];
	const char *quote;
	int rc = 0;

	if (len == 0 || len > FOLIO__MAX_TERM_BYTES)
		return 0;
	if (grouped_number(term, len)) { /* "28,500" is typed "28500" */
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if (term[i] != ',')
				digits[k++] = term[i];
		term = digits;
		len = k;
	}
	t.term = term;
	t.term_len = len;
	t.start = start;
	t.end = end;
	t.position = a->position++;
	t.span = 1;
	rc = finish_word(a, &t, sc, !symbol);
	if (rc == 0)
		rc = put(a, &t, wait);

	/* A compound of words joined by hyphens: "e-mail" is also "email". */
	if (rc == 0 && sc != FOLIO__S_CJK && !symbol) {
		if (a->chain_words == 0 || !a->after_hyphen ||
		    a->chain_words >= CHAIN_MAX) {
			folio__buf_clear(&a->joined);
			a->chain_words = 0;
			a->chain_start = start;
			a->chain_position = t.position;
		}
		rc = folio__buf_put(&a->joined, term, len);
		a->chain_words++;
		a->chain_end = end;
	}

	quote = memchr(term, '\'', len);
	if (rc == 0 && quote != NULL) {
		size_t head = (size_t)(quote - term);
		folio_token alt = t;
		alt.flags = FOLIO_TOKEN_ALT;
		if (head >= 1 && head <= 2 && len - head > 3) {
			alt.term = quote + 1; /* elision: l'avion */
			alt.term_len = len - head - 1;
			alt.start = start + head + 1;
		} else if (head > 0 && len - head == 2 && quote[1] == 's') {
			alt.term = term; /* possessive: huawei's */
			alt.term_len = head;
			alt.end = start + head;
		} else {
			return rc;
		}
		rc = finish_word(a, &alt, sc, 1);
		if (rc == 0)
			rc = enqueue(a, &alt);
	}
	return rc;
}

/* Close the open hyphenated compound: an ALT token of the joined words
 * if there were at least two. */
static int end_chain(folio_analyzer *a)
{
	folio_token t = {0};
	int rc = 0;

	if (a->chain_words >= 2 && a->joined.len <= FOLIO__MAX_TERM_BYTES) {
		t.term = a->joined.ptr;
		t.term_len = a->joined.len;
		t.start = a->chain_start;
		t.end = a->chain_end;
		t.position = a->chain_position;
		t.span = a->chain_words;
		t.flags = FOLIO_TOKEN_ALT;
		rc = finish_word(a, &t, FOLIO__S_OTHER, 1);
		if (rc == 0)
			rc = enqueue(a, &t);
	}
	a->chain_words = 0;
	folio__buf_clear(&a->joined);
	return rc;
}

/* ================================================================== */
/* Chinese and Japanese                                                */
/* ================================================================== */

/* End the run of CJK characters: the next one starts a new run. */
static void end_cjk(folio_analyzer *a)
{
	a->cjk_open = 0;
}

/*
 * One CJK character (its folded form term, len bytes) at text[start,
 * end): a base token, and the pair it makes with the character before
 * it when the two touch.
 */
static int emit_cjk_char(folio_analyzer *a, const char *term, size_t len,
			 size_t start, size_t end)
{
	folio_token t = {0};
	char pair[16];
	int rc;

	if (len == 0 || len > 8)
		return 0;
	t.term = t.stem = term;
	t.term_len = t.stem_len = len;
	t.start = start;
	t.end = end;
	t.position = a->position++;
	t.span = 1;
	t.flags = FOLIO_TOKEN_NGRAM | FOLIO_TOKEN_CJK;
	rc = enqueue(a, &t);
	if (rc == 0 && a->cjk_open && a->cjk_prev_end == start) {
		memcpy(pair, a->cjk_prev, a->cjk_prev_len);
		memcpy(pair + a->cjk_prev_len, term, len);
		t.term = t.stem = pair;
		t.term_len = t.stem_len = a->cjk_prev_len + len;
		t.start = a->cjk_prev_start;
		t.position = a->cjk_prev_position;
		t.span = 2;
		t.flags = FOLIO_TOKEN_ALT | FOLIO_TOKEN_NGRAM | FOLIO_TOKEN_CJK;
		rc = enqueue(a, &t);
	}
	memcpy(a->cjk_prev, term, len);
	a->cjk_prev_len = len;
	a->cjk_prev_start = start;
	a->cjk_prev_end = end;
	a->cjk_prev_position = a->position - 1;
	a->cjk_open = 1;
	return rc;
}

/*
 * A run of CJK characters, text[start, end), which ICU's dictionary
 * segmentation gave as one word (dictionary is 1) or which came inside
 * another word.  Each character is folded on its own (full-width and
 * compatibility forms), and a word of two or more characters is also an
 * ALT token (a stem, so that it ranks; not an n-gram).
 */
static int emit_cjk(folio_analyzer *a, size_t start, size_t end,
		    int dictionary)
{
	const char *s = a->input;
	uint32_t first = a->position, chars = 0;
	int rc = 0;
	int32_t i = (int32_t)start;

	while (rc == 0 && i < (int32_t)end) {
		int32_t at = i;
		UChar32 c;
		size_t n = 0;
		U8_NEXT((const uint8_t *)s, i, (int32_t)end, c);
		if (c < 0)
			continue;
		if (folio__folded_cjk(c)) {
			/* Already in folded form: no ICU call. */
			rc = emit_cjk_char(a, s + at, (size_t)(i - at),
					   (size_t)at, (size_t)i);
		} else {
			rc = fold_unicode(a, s + at, (size_t)(i - at), &n);
			if (rc == 0 && n > 0)
				rc = emit_cjk_char(a, a->term, n, (size_t)at,
						   (size_t)i);
		}
		chars++;
	}
	if (rc == 0 && dictionary && chars >= 2 &&
	    end - start <= FOLIO__MAX_TERM_BYTES) {
		folio_token t = {0};
		size_t n = 0;
		rc = fold_unicode(a, s + start, end - start, &n);
		t.term = t.stem = a->term;
		t.term_len = t.stem_len = n;
		t.start = start;
		t.end = end;
		t.position = first;
		t.span = chars;
		t.flags = FOLIO_TOKEN_ALT | FOLIO_TOKEN_CJK;
		if (rc == 0 && n > 0)
			rc = enqueue(a, &t);
	}
	return rc;
}

/* ================================================================== */
/* Segments                                                            */
/* ================================================================== */

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int has_letter(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			return 1;
	return 0;
}

/* 1 if a hyphen (ASCII, U+2010 or U+2011) alone is at text[i, *next). */
static int hyphen_at(const char *s, size_t len, size_t i, size_t *next)
{
	if (i < len && s[i] == '-') {
		*next = i + 1;
		return 1;
	}
	if (i + 3 <= len && (unsigned char)s[i] == 0xE2 &&
	    (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x90 ||
	     (unsigned char)s[i + 2] == 0x91)) {
		*next = i + 3;
		return 1;
	}
	return 0;
}

/* Lower-case ASCII s (n bytes) into a->term.  A word longer than
 * FOLIO__MAX_TERM_BYTES is never a term (emit_word skips it): only as
 * much of it as a->term holds is copied, and nobody reads further. */
static const char *ascii_lower(folio_analyzer *a, const char *s, size_t n)
{
	if (n > sizeof a->term - 1)
		n = sizeof a->term - 1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		a->term[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	return a->term;
}

/* 1 if c joins the parts of a compound word: any ASCII symbol that ICU
 * keeps inside a word ('.', '_', '@', ...) except the apostrophe. */
static int is_joiner(char c)
{
	return !is_alnum(c) && c != '\'' && (unsigned char)c < 0x80;
}

static int only_dots(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_joiner(s[i]) && s[i] != '.')
			return 0;
	return 1;
}

/*
 * A word made of parts joined by dots, underscores or '@' ("hannam.ac.kr",
 * "folio_db_open", "U.S.A"): an acronym of single letters is one word
 * without its dots; other compounds are their parts plus an ALT token
 * of the whole.  Numbers ("3.5", "1.4.22") stay whole.
 */
static int emit_dotted(folio_analyzer *a, size_t start, size_t end)
{
	const char *s = a->input + start;
	size_t n = end - start, i, k = 0, parts = 0, longest = 0, run = 0;
	char acronym[FOLIO__MAX_TERM_BYTES + 1];
	uint32_t first = a->position;
	folio_token t = {0};
	int rc = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || is_joiner(s[i])) {
			parts += run > 0;
			longest = run > longest ? run : longest;
			run = 0;
		} else {
			run++;
		}
	}
	if (!has_letter(s, n) || parts < 2)
		return emit_word(a, ascii_lower(a, s, n), n, start, end,
				 FOLIO__S_OTHER, 0, 1);
	if (longest == 1 && only_dots(s, n)) {
		/* k past FOLIO__MAX_TERM_BYTES: too long, not a term */
		for (i = 0; i < n && k < sizeof acronym; i++)
			if (s[i] != '.')
				acronym[k++] = s[i];
		memcpy(acronym, ascii_lower(a, acronym, k), k);
		return emit_word(a, acronym, k, start, end, FOLIO__S_OTHER, 0, 1);
	}
	for (i = 0; rc == 0 && i < n;) {
		size_t j = i;
		while (j < n && !is_joiner(s[j]))
			j++;
		if (j > i)
			rc = emit_word(a, ascii_lower(a, s + i, j - i), j - i,
				       start + i, start + j, FOLIO__S_OTHER, 0, 1);
		i = j + 1;
	}
	a->chain_words = 0; /* the parts are not a hyphenated compound */
	t.term = ascii_lower(a, s, n);
	t.term_len = n;
	t.start = start;
	t.end = end;
	t.position = first;
	t.span = a->position - first;
	t.flags = FOLIO_TOKEN_ALT;
	if (rc == 0 && n <= FOLIO__MAX_TERM_BYTES)
		rc = finish_word(a, &t, FOLIO__S_OTHER, 0);
	if (rc == 0 && n <= FOLIO__MAX_TERM_BYTES)
		rc = enqueue(a, &t);
	return rc;
}

/*
 * An ASCII word segment text[start, end).  Symbol words: "C++", "C#",
 * "U+" (a letter word followed by "+", "++" or "#" and then no letter
 * or digit) and ".NET" (a dot before a letter word, at the start of a
 * word); each also gives an ALT token of its letters.
 */
static int ascii_segment(folio_analyzer *a, size_t start, size_t end,
			 int wait)
{
	const char *s = a->input;
	size_t len = a->input_len, n = end - start, sym_start = start,
	       sym_end = end, k = end;
	folio_token alt = {0};
	int rc;

	for (size_t i = start; i < end; i++)
		if (is_joiner(s[i]))
			return emit_dotted(a, start, end);
	if (has_letter(s + start, n)) {
		if (k < len && s[k] == '#')
			k++;
		else
			while (k < len && k < end + 2 && s[k] == '+')
				k++;
		if (k > end && (k == len || !is_alnum(s[k])))
			sym_end = k;
		if (start >= 1 && s[start - 1] == '.' &&
		    (start == 1 || !(is_alnum(s[start - 2]) ||
				     s[start - 2] == '.')))
			sym_start = start - 1;
	}
	if (sym_start == start && sym_end == end)
		return emit_word(a, ascii_lower(a, s + start, n), n, start,
				 end, FOLIO__S_OTHER, 0, wait);

	rc = emit_word(a, ascii_lower(a, s + sym_start, sym_end - sym_start),
		       sym_end - sym_start, sym_start, sym_end, FOLIO__S_OTHER, 1, 1);
	alt.term = ascii_lower(a, s + start, n);
	alt.term_len = n;
	alt.start = start;
	alt.end = end;
	alt.position = a->position - 1;
	alt.span = 1;
	alt.flags = FOLIO_TOKEN_ALT;
	if (rc == 0 && n <= FOLIO__MAX_TERM_BYTES)
		rc = finish_word(a, &alt, FOLIO__S_OTHER, 1);
	if (rc == 0 && n <= FOLIO__MAX_TERM_BYTES)
		rc = enqueue(a, &alt);
	return rc;
}

/*
 * A word segment with characters beyond ASCII: split where the script
 * class changes (CJK, Hangul, other), so that "LG유플러스" is "lg" and
 * "유플러스", and each part goes its way.
 */
static int unicode_segment(folio_analyzer *a, size_t start, size_t end,
			   int32_t status)
{
	const char *s = a->input;
	int32_t i = (int32_t)start;
	/* A plain stretch gives a word with a curly apostrophe without
	 * having loaded ICU, whose scripts and folding it needs now. */
	int rc = icu_ready();
	int dictionary = status >= UBRK_WORD_KANA &&
			 status < UBRK_WORD_IDEO_LIMIT;

	while (rc == 0 && i < (int32_t)end) {
		int32_t part = i, next;
		UChar32 c;
		folio__script_class sc;
		int script;
		U8_NEXT((const uint8_t *)s, i, (int32_t)end, c);
		sc = c < 0 ? FOLIO__S_OTHER : folio__class_of(c);
		script = folio__script_of(c);
		next = i;
		while (next < (int32_t)end) {
			int32_t at = next;
			int other;
			U8_NEXT((const uint8_t *)s, next, (int32_t)end, c);
			other = folio__script_of(c);
			if ((c < 0 ? FOLIO__S_OTHER : folio__class_of(c)) != sc ||
			    (sc == FOLIO__S_OTHER && other != FOLIO__SCRIPT_JOINS &&
			     script != FOLIO__SCRIPT_JOINS && other != script)) {
				next = at;
				break;
			}
			if (script == FOLIO__SCRIPT_JOINS)
				script = other;
		}
		i = next;
		if (sc == FOLIO__S_CJK) {
			rc = emit_cjk(a, (size_t)part, (size_t)next,
				      dictionary && part == (int32_t)start &&
					      next == (int32_t)end);
		} else {
			size_t n = 0;
			end_cjk(a);
			rc = fold_unicode(a, s + part, (size_t)(next - part),
					  &n);
			if (rc == 0)
				rc = emit_word(a, a->term, n, (size_t)part,
					       (size_t)next, sc, 0, 1);
		}
	}
	return rc;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * Take the segment input[start, end), of the rule status kind, that the
 * word break rules gave: a word, or the space or punctuation between
 * words, which closes what was open.
 */
static int take_segment(folio_analyzer *a, size_t start, size_t end,
			int32_t kind, int ascii)
{
	size_t next = 0, len = a->input_len;
	int hyphen_follows, rc = 0;

	if (kind < UBRK_WORD_NONE_LIMIT) {
		/* A lone hyphen between two words keeps their compound
		 * open; anything else closes it. */
		if (a->chain_words > 0 && !a->after_hyphen &&
		    hyphen_at(a->input, len, start, &next) && next == end) {
			a->after_hyphen = 1;
			return 0;
		}
		end_cjk(a);
		rc = end_chain(a);
		a->after_hyphen = 0;
		if (rc == 0 && a->nqueue > 0)
			rc = flush(a);
		return rc;
	}
	if (!a->after_hyphen && a->chain_words > 0)
		rc = end_chain(a);
	hyphen_follows = hyphen_at(a->input, len, end, &next);
	if (rc == 0 && ascii) {
		end_cjk(a);
		rc = ascii_segment(a, start, end,
				   hyphen_follows || a->nqueue > 0);
	} else if (rc == 0) {
		rc = unicode_segment(a, start, end, kind);
	}
	a->after_hyphen = 0;
	if (rc == 0 && !hyphen_follows && a->chain_words == 0 &&
	    a->nqueue > 0)
		rc = flush(a);
	if (rc == 0 && !hyphen_follows && a->chain_words == 1)
		a->chain_words = 0; /* a word alone: no compound */
	return rc;
}

/* The segments of input[from, to), plain text, by wordbreak.c's rules. */
static int walk_plain(folio_analyzer *a, size_t from, size_t to)
{
	int rc = 0;

	for (size_t start = from, end; rc == 0 && start < to; start = end) {
		int32_t kind;
		/* Between words, with no compound open and nothing queued,
		 * a segment that is no word only closes a CJK run: step over
		 * the run of them at once (an underline of 600 '=' is 600
		 * segments). */
		if (a->chain_words == 0 && a->nqueue == 0 &&
		    !a->after_hyphen) {
			end = folio__plain_skip_alone(a->input, to, start);
			if (end > start) {
				end_cjk(a);
				continue;
			}
		}
		end = folio__plain_segment_end(a->input, to, start, &kind);
		rc = take_segment(a, start, end, kind,
				  is_ascii(a->input + start, end - start));
	}
	return rc;
}

/* The segments of input[from, to) by ICU's break iterator, which is
 * opened the first time a text needs it. */
static int walk_icu(folio_analyzer *a, size_t from, size_t to)
{
	int rc = 0;
	UErrorCode status = U_ZERO_ERROR;
	int32_t start, end;

	if (a->words == NULL) {
		rc = icu_ready();
		if (rc < 0)
			return rc;
		a->words = folio__icu.brk_open(UBRK_WORD, "", NULL, 0,
					       &status);
		if (U_FAILURE(status)) {
			a->words = NULL;
			return icu_error(status,
					 "load Unicode word break rules");
		}
	}
	/* No copy: the UText reads the caller's bytes, and its native
	 * indexes, which the iterator reports, are byte offsets. */
	folio__icu.text_open_utf8(&a->text, a->input + from,
				  (int64_t)(to - from), &status);
	folio__icu.brk_set_utext(a->words, &a->text, &status);
	if (U_FAILURE(status))
		return icu_error(status, "start word breaking");

	for (start = folio__icu.brk_first(a->words),
	    end = folio__icu.brk_next(a->words);
	     rc == 0 && end != UBRK_DONE;
	     start = end, end = folio__icu.brk_next(a->words)) {
		size_t s = from + (size_t)start, e = from + (size_t)end;
		/* ICU reports boundaries within the text, in order; make
		 * sure, since a bad offset would reach the caller. */
		if (start < 0 || end <= start || e > to)
			continue;
		rc = take_segment(a, s, e, folio__icu.brk_rule_status(a->words),
				  is_ascii(a->input + s, e - s));
	}
	return rc;
}

/* Text that is not plain this close to the end of ICU's stretch joins
 * it: one walk costs less than starting two. */
#define ICU_JOIN_GAP 256

/*
 * The end of the stretch that ICU walks, which holds the character at
 * input[at] that is not plain: the first fixed break after it that is
 * not within ICU_JOIN_GAP bytes of more such text.
 */
static size_t icu_stretch_end(const folio_analyzer *a, size_t at)
{
	const char *s = a->input;
	size_t len = a->input_len, stop = at + 1, near;

	for (;;) {
		while (stop < len && !folio__break_is_fixed(s, len, stop))
			stop++;
		near = folio__plain_span(s, len, stop);
		if (near >= len || near - stop >= ICU_JOIN_GAP)
			return stop;
		stop = near + 1;
	}
}

/*
 * Walk the words of text (len bytes, 0 < len <= TEXT_MAX) and call cb
 * for each.  The text is cut at breaks no rule can move: plain
 * stretches (ASCII, and the punctuation wordbreak.c knows) are
 * segmented by wordbreak.c, the others by ICU, with the same result as
 * ICU on the whole text at a fraction of the cost.  Returns 0, a
 * FOLIO_E* code, or what cb returned to stop.
 */
static int walk(folio_analyzer *a)
{
	const char *s = a->input;
	size_t len = a->input_len, pos = 0;
	int rc = 0;

	while (rc == 0 && pos < len) {
		size_t cut, other = a->icu_only ? pos
						: folio__plain_span(s, len, pos);
		if (other == len) {
			rc = walk_plain(a, pos, len);
			break;
		}
		for (cut = other;
		     cut > pos && !folio__break_is_fixed(s, len, cut); cut--)
			;
		if (cut > pos)
			rc = walk_plain(a, pos, cut);
		pos = a->icu_only ? len : icu_stretch_end(a, other);
		if (rc == 0)
			rc = walk_icu(a, cut, pos);
	}
	end_cjk(a);
	if (rc == 0)
		rc = end_chain(a);
	if (rc == 0 && a->nqueue > 0)
		rc = flush(a);
	return rc;
}

void folio__analyzer_icu_only(folio_analyzer *analyzer, int on)
{
	analyzer->icu_only = on;
}

int folio__analyze_stem_some(folio_analyzer *analyzer, const char *text,
			     size_t len, folio_token_cb cb, void *payload,
			     folio__stem_wanted_cb wanted,
			     void *wanted_payload)
{
	int rc;

	if (analyzer == NULL || analyzer->busy)
		return folio_analyze(analyzer, text, len, cb, payload);
	analyzer->stem_wanted = wanted;
	analyzer->stem_wanted_payload = wanted_payload;
	rc = folio_analyze(analyzer, text, len, cb, payload);
	analyzer->stem_wanted = NULL;
	analyzer->stem_wanted_payload = NULL;
	return rc;
}

int folio_analyze(folio_analyzer *analyzer, const char *text, size_t len,
		  folio_token_cb cb, void *payload)
{
	int rc = 0;

	if (analyzer == NULL || cb == NULL || (text == NULL && len > 0)) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_analyze: %s is NULL",
				      analyzer == NULL ? "the analyzer"
				      : cb == NULL     ? "the callback"
						       : "the text");
		goto out;
	}
	/* The analyzer's iterator and buffers serve one walk at a time. */
	if (analyzer->busy) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_analyze: the analyzer is already "
				      "in use; a callback must not analyse "
				      "with the analyzer that called it");
		goto out;
	}
	if (len > TEXT_MAX) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_analyze: %zu bytes of text is "
				      "more than can be analysed at once "
				      "(2 GiB); split the text",
				      len);
		goto out;
	}
	if (len == 0)
		goto out;

	analyzer->busy = 1;
	analyzer->input = text;
	analyzer->input_len = len;
	analyzer->cb = cb;
	analyzer->payload = payload;
	analyzer->position = 0;
	analyzer->nqueue = 0;
	folio__buf_clear(&analyzer->arena);
	folio__buf_clear(&analyzer->joined);
	analyzer->chain_words = 0;
	analyzer->after_hyphen = 0;
	analyzer->cjk_open = 0;
	rc = walk(analyzer);
	analyzer->busy = 0;
out:
	return rc;
}
