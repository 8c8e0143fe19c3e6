/*
 * analyze.c - the analyzer: UTF-8 text to tokens.
 *
 * ICU's word break rules cut the text into segments; each segment that is
 * a word (letters, numbers, kana, ideographs) is folded with NFKC case
 * folding into its term and stemmed with Snowball (through the Xapian
 * shim).  Tokens carry byte offsets into the caller's text, which is
 * never copied: the break iterator walks it through a UTF-8 UText.
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
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uvernum.h>

#include "folio-private.h"

/* Stems longer than this are left unstemmed by folio__xstem_apply. */
#define STEM_CAP 256
/* A folded term is kept only if it has at most FOLIO__MAX_TERM_BYTES
 * bytes, so at most that many UTF-16 units, each at most 3 bytes. */
#define TERM_CAP (3 * FOLIO__MAX_TERM_BYTES + 1)
/* First size of the UTF-16 buffers, in units: most words fit. */
#define UNITS_INIT 64
/* ICU's break iterators count positions in int32_t. */
#define TEXT_MAX INT32_MAX

struct folio_analyzer {
	folio__xstem *stemmer;
	int stemming;              /* 0 for "none": the stem is the term */
	int busy;                  /* inside folio_analyze() */
	UBreakIterator *words;     /* ICU word break rules, root locale */
	UText text;                /* the caller's text, reopened per call */
	const UNormalizer2 *fold;  /* NFKC_Casefold, owned by ICU */
	UChar *units;              /* a word in UTF-16 */
	int32_t units_cap;
	UChar *folded;             /* ... after folding */
	int32_t folded_cap;
	char term[TERM_CAP];       /* ... back in UTF-8 */
	char stem[STEM_CAP];
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
				doing, u_errorName(status));
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
	UErrorCode status = U_ZERO_ERROR;
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

	rc = folio__xstem_new(&a->stemmer, language);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no stemmer for the language '%s'; "
				      "choose one of: none %s",
				      language, folio_languages());
	if (rc < 0)
		goto out;
	a->stemming = strcmp(folio__xstem_language(a->stemmer), "none") != 0;

	a->fold = unorm2_getNFKCCasefoldInstance(&status);
	if (U_FAILURE(status)) {
		rc = icu_error(status, "load Unicode case folding");
		goto out;
	}
	a->words = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
	if (U_FAILURE(status)) {
		rc = icu_error(status, "load Unicode word break rules");
		goto out;
	}
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
	ubrk_close(analyzer->words);
	utext_close(&analyzer->text);
	folio__xstem_free(analyzer->stemmer);
	free(analyzer->units);
	free(analyzer->folded);
	free(analyzer);
}

const char *folio_analyzer_language(const folio_analyzer *analyzer)
{
	if (analyzer == NULL)
		return "";
	return folio__xstem_language(analyzer->stemmer);
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

/*
 * Fold a word that is not pure ASCII: to UTF-16, NFKC_Casefold, curly
 * apostrophes to "'", back to UTF-8 in a->term.  *term_len is left 0 when
 * the folded word is too long to be a term.  Returns 0 or a FOLIO_E*
 * code.
 */
static int fold_unicode(folio_analyzer *a, const char *word, size_t n,
			const char **term, size_t *term_len)
{
	int rc = 0;
	UErrorCode status = U_ZERO_ERROR;
	int32_t units = 0, folded, len = 0;

	/* UTF-16 never takes more units than UTF-8 takes bytes, even with
	 * bad bytes replaced by U+FFFD: a->units cannot overflow. */
	rc = reserve(&a->units, &a->units_cap, n);
	if (rc < 0)
		goto out;
	u_strFromUTF8WithSub(a->units, a->units_cap, &units, word,
			     (int32_t)n, 0xFFFD, NULL, &status);
	if (U_FAILURE(status)) {
		rc = icu_error(status, "convert a word to UTF-16");
		goto out;
	}

	folded = unorm2_normalize(a->fold, a->units, units, a->folded,
				  a->folded_cap, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR) {
		status = U_ZERO_ERROR;
		rc = reserve(&a->folded, &a->folded_cap, (size_t)folded);
		if (rc < 0)
			goto out;
		folded = unorm2_normalize(a->fold, a->units, units,
					  a->folded, a->folded_cap, &status);
	}
	if (U_FAILURE(status)) {
		rc = icu_error(status, "fold the case of a word");
		goto out;
	}
	/* Each unit makes at least one byte of UTF-8. */
	if (folded > FOLIO__MAX_TERM_BYTES)
		goto out;

	/* "Huawei’s" is typed "Huawei's": make them one term. */
	for (int32_t i = 0; i < folded; i++)
		if (a->folded[i] == 0x2019 || a->folded[i] == 0x02BC)
			a->folded[i] = '\'';

	u_strToUTF8WithSub(a->term, sizeof a->term, &len, a->folded, folded,
			   0xFFFD, NULL, &status);
	if (U_FAILURE(status)) {
		rc = icu_error(status, "convert a word to UTF-8");
		goto out;
	}
	if (len <= FOLIO__MAX_TERM_BYTES) {
		*term = a->term;
		*term_len = (size_t)len;
	}
out:
	return rc;
}

/*
 * Fold the word (n bytes of the input) into its term.  NFKC_Casefold
 * only lower-cases ASCII, so an ASCII word skips ICU altogether, and one
 * already in lower case (most words of most text) is not even copied:
 * *term then points into the input.  *term_len is left 0 for a word too
 * long to be a term.  Returns 0 or a FOLIO_E* code.
 */
static int fold_word(folio_analyzer *a, const char *word, size_t n,
		     const char **term, size_t *term_len)
{
	int rc = 0, upper = 0;
	size_t i;

	*term_len = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)word[i];
		if (c >= 0x80) {
			rc = fold_unicode(a, word, n, term, term_len);
			goto out;
		}
		upper |= c >= 'A' && c <= 'Z';
	}
	if (n > FOLIO__MAX_TERM_BYTES)
		goto out;
	*term = word;
	*term_len = n;
	if (upper) {
		for (i = 0; i < n; i++) {
			char c = word[i];
			a->term[i] = c >= 'A' && c <= 'Z'
					     ? (char)(c - 'A' + 'a')
					     : c;
		}
		*term = a->term;
	}
out:
	return rc;
}

/*
 * Walk the words of text (len bytes, 0 < len <= TEXT_MAX) and call cb
 * for each.  Returns 0, a FOLIO_E* code, or what cb returned to stop.
 */
static int walk(folio_analyzer *a, const char *text, size_t len,
		folio_token_cb cb, void *payload)
{
	int rc = 0;
	UErrorCode status = U_ZERO_ERROR;
	folio_token token;
	uint32_t position = 0;
	int32_t start, end;

	/* No copy: the UText reads the caller's bytes, and its native
	 * indexes, which the iterator reports, are byte offsets. */
	utext_openUTF8(&a->text, text, (int64_t)len, &status);
	ubrk_setUText(a->words, &a->text, &status);
	if (U_FAILURE(status)) {
		rc = icu_error(status, "start word breaking");
		goto out;
	}

	for (start = ubrk_first(a->words), end = ubrk_next(a->words);
	     end != UBRK_DONE; start = end, end = ubrk_next(a->words)) {
		const char *term = NULL;
		size_t term_len = 0;

		if (ubrk_getRuleStatus(a->words) < UBRK_WORD_NONE_LIMIT)
			continue;
		/* ICU reports boundaries within the text, in order; make
		 * sure, since a bad offset would reach the caller. */
		if (start < 0 || end <= start || (size_t)end > len)
			continue;

		rc = fold_word(a, text + start, (size_t)(end - start), &term,
			       &term_len);
		if (rc < 0)
			goto out;
		if (term_len == 0)
			continue;

		token.term = term;
		token.term_len = term_len;
		token.stem = term;
		token.stem_len = term_len;
		if (a->stemming) {
			rc = folio__xstem_apply(a->stemmer, term, term_len,
						a->stem, sizeof a->stem,
						&token.stem_len);
			if (rc < 0)
				goto out;
			token.stem = a->stem;
		}
		token.start = (size_t)start;
		token.end = (size_t)end;
		token.position = position++;

		rc = cb(&token, payload);
		if (rc != 0)
			goto out;
	}
out:
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
	rc = walk(analyzer, text, len, cb, payload);
	analyzer->busy = 0;
out:
	return rc;
}
