/*
 * suggest.c - "did you mean": spelling suggestions from the index's own
 * vocabulary, with no cost at indexing time.
 *
 * The query text is analysed again with the index's analyzer; a word
 * that the index holds rarely or not at all is compared with the words
 * of the lexicon that begin with the same letter (one walk through
 * that part of it per first letter, through the shim, bounded by a
 * number of words) and replaced by the closest one, within one or two
 * edits, that is much more common.  Like Lucene's DirectSpellChecker
 * (minPrefix 1), the first letter is taken as typed right: walking the
 * whole lexicon cost a one-word search ten times the search itself.
 * Only the bytes of replaced words change, so operators, quotes and
 * fields stay as typed.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

#define DEFAULT_MAX_WORDS 2000000
/* Shorter words have too many neighbours one edit away to guess. */
#define MIN_CHARS 4
/* From this length on, two edits are allowed. */
#define TWO_EDITS_CHARS 5
#define MAX_CHARS 40
/* How many of a query's words are checked at most. */
#define MAX_WORDS 32
/* "Much more common": at least this many times as many documents. */
#define MORE_COMMON 10
/* Only a rare word is checked: one in at most RARE_MIN_DOCS documents,
 * or 1/RARE_SHARE of them in a large index.  A typo is seldom more
 * common, and a word as common as a page of hits is not worth the walk
 * (which costs a one-word search several times the search itself). */
#define RARE_MIN_DOCS 3
#define RARE_SHARE 200

typedef struct word {
	size_t start, end; /* byte span in the query text */
	uint32_t cps[MAX_CHARS];
	size_t ncps;
	char *term;        /* folded form, as indexed */
	uint64_t freq;     /* documents the query word matches */
	int max_edits;
	char *best;        /* the suggestion, or NULL */
	uint64_t best_freq;
	int best_edits;
} word;

typedef struct suggester {
	folio_db *db;
	const char *text;
	size_t len;
	word words[MAX_WORDS];
	size_t nwords;
	uint64_t documents;
	int stemming;
	int rc;
	folio__buf scratch;
	char first[5]; /* the first letter of the words being walked */
	size_t first_len;
} suggester;

int folio_suggest_options_init(folio_suggest_options *opts,
			       unsigned int version)
{
	if (opts == NULL || version != FOLIO_SUGGEST_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_suggest_options "
					"version %u",
					version);
	folio_suggest_options init = FOLIO_SUGGEST_OPTIONS_INIT;
	*opts = init;
	return 0;
}

void folio_suggestion_free(char *suggestion)
{
	free(suggestion);
}

/* Code points of s (len bytes) into cps (at most cap); how many, or
 * cap + 1 if there are more.  A bad byte counts as one character. */
static size_t decode(const char *s, size_t len, uint32_t *cps, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len; n++) {
		size_t k = folio__utf8_seq_len(s, len, i);
		const unsigned char *p = (const unsigned char *)s + i;
		uint32_t cp = k == 0 ? 0xFFFD : k == 1 ? p[0]
			    : k == 2 ? (p[0] & 0x1Fu) : k == 3 ? (p[0] & 0x0Fu)
							       : (p[0] & 0x07u);
		for (size_t j = 1; j < k; j++)
			cp = (cp << 6) | (p[j] & 0x3Fu);
		if (n >= cap)
			return cap + 1;
		cps[n] = cp;
		i += k ? k : 1;
	}
	return n;
}

/*
 * Edits between a and b (insertions, deletions, substitutions, swaps of
 * neighbours: the optimal string alignment distance), or max + 1 as soon
 * as it must exceed max.
 */
static int edits(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
		 int max)
{
	int rows[3][MAX_CHARS + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int best = cur[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb];
}

static int is_operator(const char *s, size_t n)
{
	return (n == 2 && memcmp(s, "OR", 2) == 0) ||
	       (n == 3 && (memcmp(s, "AND", 3) == 0 ||
			   memcmp(s, "NOT", 3) == 0));
}

/* 1 if the token is a word worth checking: not an operator, a field
 * name or value, a prefix*, or a number. */
static int checkable(const suggester *sg, const folio_token *t)
{
	const char *s = sg->text + t->start;
	size_t n = t->end - t->start;
	if (is_operator(s, n) || memchr(s, ':', n) ||
	    (t->end < sg->len &&
	     (sg->text[t->end] == ':' || sg->text[t->end] == '*')) ||
	    (t->start > 0 && sg->text[t->start - 1] == ':'))
		return 0;
	for (size_t i = 0; i < t->term_len; i++)
		if (t->term[i] >= '0' && t->term[i] <= '9')
			return 0;
	return 1;
}

/* How many documents the query word matches: through its stem when the
 * index has stems (as the parser looks it up), else the word itself. */
static int word_freq(suggester *sg, const folio_token *t, uint64_t *freq)
{
	folio__buf_clear(&sg->scratch);
	int rc = folio__buf_puts(&sg->scratch,
				 sg->stemming ? FOLIO__PREFIX_STEM : "");
	if (rc == 0)
		rc = sg->stemming
			     ? folio__buf_put(&sg->scratch, t->stem, t->stem_len)
			     : folio__buf_put(&sg->scratch, t->term, t->term_len);
	if (rc == 0)
		rc = folio__xdb_termfreq(sg->db->xdb, sg->scratch.ptr, freq);
	return rc;
}

static int collect(const folio_token *t, void *payload)
{
	suggester *sg = payload;
	word *w = &sg->words[sg->nwords];
	uint64_t freq = 0;
	int rc = 0;

	if (sg->nwords >= MAX_WORDS || !checkable(sg, t))
		goto out;
	w->ncps = decode(t->term, t->term_len, w->cps, MAX_CHARS);
	if (w->ncps < MIN_CHARS || w->ncps > MAX_CHARS)
		goto out;
	rc = word_freq(sg, t, &freq);
	/* A word in more than 1/MORE_COMMON of the documents cannot have
	 * a neighbour MORE_COMMON times as common either. */
	if (rc < 0 || freq * MORE_COMMON > sg->documents ||
	    (freq > RARE_MIN_DOCS && freq > sg->documents / RARE_SHARE))
		goto out;
	w->term = folio__strndup(t->term, t->term_len);
	if (w->term == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	w->start = t->start;
	w->end = t->end;
	w->freq = freq;
	w->max_edits = w->ncps >= TWO_EDITS_CHARS ? 2 : 1;
	w->best_edits = w->max_edits + 1;
	sg->nwords++;
out:
	return rc;
}

/* One word of the lexicon: is it a better suggestion for any word? */
static int consider(const char *term, size_t len, uint64_t freq,
		    void *payload)
{
	suggester *sg = payload;
	uint32_t cps[MAX_CHARS];
	size_t n = 0;
	int decoded = 0;

	for (size_t i = 0; i < sg->nwords; i++) {
		word *w = &sg->words[i];
		uint64_t need = w->freq ? w->freq * MORE_COMMON : 1;
		if (memcmp(w->term, sg->first, sg->first_len) != 0 ||
		    freq < need || (w->best && freq <= w->best_freq &&
				    w->best_edits == 1))
			continue;
		if (!decoded) {
			n = decode(term, len, cps, MAX_CHARS);
			decoded = 1;
		}
		if (n > MAX_CHARS ||
		    (n > w->ncps ? n - w->ncps : w->ncps - n) >
			    (size_t)w->max_edits)
			continue;
		int d = edits(w->cps, w->ncps, cps, n, w->max_edits);
		if (d == 0 || d > w->max_edits || d > w->best_edits ||
		    (d == w->best_edits && freq <= w->best_freq))
			continue;
		char *copy = folio__strndup(term, len);
		if (copy == NULL) {
			sg->rc = FOLIO_ENOMEM;
			return 1;
		}
		free(w->best);
		w->best = copy;
		w->best_freq = freq;
		w->best_edits = d;
	}
	return 0;
}

/* Bytes of the first letter of term (a bad byte counts as one). */
static size_t first_len(const char *term)
{
	size_t k = folio__utf8_seq_len(term, strlen(term), 0);

	return k ? k : 1;
}

/*
 * Walk the lexicon's words that begin as the checked words do, once per
 * first letter, comparing at most max_words words in all.
 */
static int walk_first_letters(suggester *sg, size_t max_words)
{
	size_t left = max_words;
	int rc = 0;

	for (size_t i = 0; rc == 0 && left > 0 && i < sg->nwords; i++) {
		size_t walked = 0;
		int seen = 0;

		const char *term = sg->words[i].term;

		sg->first_len = first_len(term);
		for (size_t k = 0; !seen && k < i; k++)
			seen = strncmp(sg->words[k].term, term,
				       sg->first_len) == 0;
		if (seen)
			continue;
		memcpy(sg->first, term, sg->first_len);
		sg->first[sg->first_len] = '\0';
		rc = folio__xdb_walk_words(sg->db->xdb, sg->first, left,
					   &walked, consider, sg);
		if (rc == 0)
			rc = sg->rc;
		left -= walked < left ? walked : left;
	}
	return rc;
}

/* The text with every word that has a suggestion replaced by it. */
static int rewrite(char **out, const suggester *sg)
{
	folio__buf b = FOLIO__BUF_INIT;
	size_t pos = 0;
	int rc = 0, changed = 0;

	*out = NULL;
	for (size_t i = 0; rc == 0 && i < sg->nwords; i++) {
		const word *w = &sg->words[i];
		if (w->best == NULL)
			continue;
		rc = folio__buf_put(&b, sg->text + pos, w->start - pos);
		if (rc == 0)
			rc = folio__buf_puts(&b, w->best);
		pos = w->end;
		changed = 1;
	}
	if (rc == 0 && changed)
		rc = folio__buf_put(&b, sg->text + pos, sg->len - pos);
	if (rc == 0 && changed)
		*out = folio__buf_detach(&b);
	folio__buf_free(&b);
	return rc;
}

int folio_db_suggest(char **out, folio_db *db, const char *text,
		     const folio_suggest_options *opts)
{
	suggester *sg = NULL;
	size_t max_words = DEFAULT_MAX_WORDS;
	int rc = 0;

	if (out)
		*out = NULL;
	if (out == NULL || db == NULL || text == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_suggest needs an out pointer, "
				      "an index and a text");
		goto out;
	}
	if (opts && opts->version != FOLIO_SUGGEST_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_suggest_options "
				      "version %u",
				      opts->version);
		goto out;
	}
	if (opts && opts->max_words)
		max_words = opts->max_words;
	sg = calloc(1, sizeof *sg);
	if (sg == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	sg->db = db;
	sg->text = text;
	sg->len = strlen(text);
	sg->stemming = strcmp(db->language, "none") != 0;
	rc = folio__xdb_stats(db->xdb, &sg->documents, NULL);
	if (rc == 0)
		rc = folio_analyze(db->analyzer, text, sg->len, collect, sg);
	if (rc < 0 || sg->nwords == 0)
		goto out;
	rc = walk_first_letters(sg, max_words);
	if (rc == 0)
		rc = rewrite(out, sg);
out:
	for (size_t i = 0; sg && i < sg->nwords; i++) {
		free(sg->words[i].term);
		free(sg->words[i].best);
	}
	if (sg)
		folio__buf_free(&sg->scratch);
	free(sg);
	return rc;
}
