/*
 * snippet.c - highlighted excerpts of a text for a query.
 *
 * The text is analysed once with the analyzer of the query's index, and
 * each token the query matches (folio__query_match) is marked: the
 * highlights are the words as written, at the byte offsets the analyzer
 * reported.  Nothing guesses where a word was.
 *
 * Then a window of about max_chars characters is slid over the matched
 * tokens to find the stretch with the most distinct query words (ties:
 * more matches, then the earliest), widened with some context, cut only
 * between words, and copied out with whitespace folded and bad UTF-8
 * replaced, so that a snippet is always valid UTF-8.
 *
 * Cost: one analysis, two growing arrays (all tokens, matched tokens)
 * and one output buffer; nothing is allocated per token.
 *
 * Analysing a whole document to show 200 characters of it costs far more
 * than finding the document did, so where it is safe the analysis is cut
 * down to the parts that can matter (see "Analysing only what is shown"
 * below): the result is the same snippet, at a cost that grows with the
 * number of matches rather than with the size of the document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "folio-private.h"

#define DEFAULT_MAX_CHARS 200
#define DEFAULT_ELLIPSIS "\u2026"
/* At most this share of the window goes to context before the first
 * match (1/4), so that the matches stay the heart of the snippet. */
#define CONTEXT_SHARE 4
/* Punctuation stuck to the last word ("Korea," or "said.”") is kept if
 * it is at most this many bytes long. */
#define TRAILING_PUNCT_MAX 8

struct folio_snippet {
	char *text; /* NUL-terminated, valid UTF-8 */
	size_t len;
	size_t *spans; /* start, end pairs: byte offsets into text */
	size_t nspans;
};

/* A token of the text.  The analyzer takes at most INT32_MAX bytes at
 * once, so 32 bits hold any offset and keep the array small. */
typedef struct word {
	uint32_t start, end;   /* byte offsets in the text */
	uint32_t cstart, cend; /* the same in characters, whitespace runs
	                          counted as one, as they will be printed */
	int32_t key;           /* the query word it matches, or -1 */
} word;

/* What the analyzer's callback fills in. */
typedef struct scan {
	const folio_query *query;
	const char *text;
	size_t len;
	word *words;
	size_t nwords, cap;
	uint32_t *matches; /* indexes into words of the matched tokens */
	size_t nmatches, mcap;
	size_t pos;      /* bytes counted into chars so far */
	uint32_t chars;  /* characters up to pos */
	int in_space;
	/* A matched ALT token ("email" for "e-mail", a pair of CJK
	 * characters) highlights the words it covers: up to cover_until. */
	uint32_t last_position, cover_until;
	int32_t cover_key;
	size_t base;     /* offset in text of the part being analysed */
	int at_start;    /* words[0] is the first word of the text */
	int at_end;      /* words[nwords - 1] is the last one */
	/* The needles of the fast way (NULL in the whole analysis): only
	 * words that hold one are stemmed. */
	const struct needle *needles;
	size_t nneedles;
	/* The analyses of the stretches around needles, kept to be
	 * replayed where the same stretch comes again (NULL when not
	 * looking for matches); recording: what scan_token sees goes
	 * there too. */
	struct memo *memo;
	int recording;
} scan;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* is_space, without branches. */
static inline uint32_t space_byte(unsigned char c)
{
	return (c == ' ') | ((unsigned)(c - '\t') <= '\r' - '\t');
}

#if defined(__SSE2__)
/* The bytes of v that are whitespace (is_space), as a vector mask. */
static inline __m128i space_mask(__m128i v)
{
	__m128i off = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
	__m128i ctrl = _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8(4)), off);
	return _mm_or_si128(ctrl, _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
}

/* The sixteen bytes at p that count as characters (count_chars), as a
 * vector mask; p[-1] is read too. */
static inline __m128i char_mask(const unsigned char *p)
{
	__m128i now = _mm_loadu_si128((const __m128i *)p);
	__m128i before = _mm_loadu_si128((const __m128i *)(p - 1));
	__m128i space = space_mask(now);
	/* 0x80 to 0xBF: below -64 as signed bytes */
	__m128i cont = _mm_cmplt_epi8(now, _mm_set1_epi8(-64));
	__m128i letters =
		_mm_andnot_si128(_mm_or_si128(space, cont), _mm_set1_epi8(-1));
	__m128i blanks = _mm_andnot_si128(space_mask(before), space);
	return _mm_or_si128(letters, blanks);
}

/* The bytes of v that are joiners (joiner: '-', '.' or ','). */
static inline __m128i joiner_mask(__m128i v)
{
	return _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
		_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
}

/* The sum of the sixteen byte lanes of v. */
static inline uint32_t lane_sum(__m128i v)
{
	__m128i sum = _mm_sad_epu8(v, _mm_setzero_si128());
	return (uint32_t)(_mm_cvtsi128_si32(sum) +
			  _mm_cvtsi128_si32(_mm_srli_si128(sum, 8)));
}
#endif

/* Count the characters of text[sc->pos..to) as they will be printed. */
static void count_chars(scan *sc, size_t to)
{
	const unsigned char *t = (const unsigned char *)sc->text;
	uint32_t chars = sc->chars;
	int in_space = sc->in_space;
	size_t i = sc->pos;

	if (i >= to)
		return;
	/* The first byte against the state, then each byte against the
	 * one before it: no state carried from byte to byte, so that the
	 * loop runs over sixteen bytes at a time where SSE2 is there (it
	 * runs over all the text before the last match): a character is a
	 * byte that is neither whitespace nor a UTF-8 continuation byte,
	 * or whitespace after something else. */
	chars += space_byte(t[i]) ? !in_space : (t[i] & 0xC0) != 0x80;
	i++;
#if defined(__SSE2__)
	/* Each byte that counts is -1 in its lane of the sum (letters and
	 * blank runs are apart: one mask), added up across the lanes every
	 * 255 steps at most, before a lane can overflow.  Without POPCNT
	 * (not in plain x86-64), counting the bits of two masks per step
	 * was two calls into libgcc. */
	while (i + 16 <= to) {
		__m128i sum = _mm_setzero_si128();
		for (int steps = 0; steps < 255 && i + 16 <= to;
		     steps++, i += 16)
			sum = _mm_sub_epi8(sum, char_mask(t + i));
		chars += lane_sum(sum);
	}
	/* The last bytes (fewer than sixteen) by the sixteen that end at
	 * to, less the lanes before i, which are counted already: most
	 * calls count a short gap, and the byte loop below was half the
	 * cost of counting (callgrind, `primary` on the kernel
	 * documentation: 0.29M instructions for a page, 0.18M with this).
	 * The load of the byte before the sixteen needs to > 16. */
	if (i < to && to > 16) {
		/* lanes 16 - (to - i) and up are new */
		__m128i lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					     11, 12, 13, 14, 15);
		__m128i fresh = _mm_cmpgt_epi8(
			lane, _mm_set1_epi8((char)(15 - (to - i))));
		chars += lane_sum(_mm_and_si128(
			_mm_and_si128(char_mask(t + to - 16), fresh),
			_mm_set1_epi8(1)));
		i = to;
	}
#endif
	for (; i < to; i++)
		chars += space_byte(t[i]) ? !space_byte(t[i - 1])
					  : (t[i] & 0xC0) != 0x80;
	sc->chars = chars;
	sc->in_space = space_byte(t[to - 1]);
	sc->pos = to;
}

/*
 * count_chars, for the gap before a stretch where matches are looked
 * for: counting stops once the gap is known to be more than limit
 * characters, and the count then jumps to byte to.  Only whether
 * matches lie within max_chars of each other is asked of those counts
 * (best_matches), and a gap over limit = max_chars already says no.
 * The gap is counted GAP_BLOCK bytes at a time by count_chars (sixteen
 * bytes a step with SSE2), and the limit checked between blocks.
 */
#define GAP_BLOCK 64

static void skip_gap(scan *sc, size_t to, size_t limit)
{
	uint32_t before = sc->chars;

	while (sc->pos < to) {
		count_chars(sc, to - sc->pos > GAP_BLOCK ? sc->pos + GAP_BLOCK
							 : to);
		if (sc->chars - before > limit && sc->pos < to) {
			sc->in_space =
				space_byte((unsigned char)sc->text[to - 1]);
			sc->pos = to;
		}
	}
}

/* Make room for one more element in an array that grows by doubling. */
static int grow(void **items, size_t *cap, size_t count, size_t size)
{
	size_t n = *cap ? *cap * 2 : 256;
	void *p;

	if (count < *cap)
		return 0;
	p = realloc(*items, n * size);
	if (p == NULL)
		return folio__error_oom();
	*items = p;
	*cap = n;
	return 0;
}

/* Highlight word i for the query word key, unless it already is. */
static int mark(scan *sc, size_t i, int32_t key)
{
	int rc = 0;

	if (sc->words[i].key >= 0)
		return 0;
	sc->words[i].key = key;
	rc = grow((void **)&sc->matches, &sc->mcap, sc->nmatches,
		  sizeof *sc->matches);
	if (rc == 0)
		sc->matches[sc->nmatches++] = (uint32_t)i;
	return rc;
}

/* The query word token matches, or -1. */
static int32_t token_key(const scan *sc, const folio_token *token)
{
	/* A word that holds no needle matches no query word. */
	return token->flags & FOLIO__TOKEN_UNSTEMMED
		       ? -1
		       : folio__query_match(sc->query, token);
}

/* An ALT token is not a word of the snippet: when the query matches it
 * (key), the words it covers are highlighted, from the one at its
 * position (already seen: the analyzer gives a position's word first). */
static int scan_alt(scan *sc, uint32_t position, uint32_t span, int32_t key)
{
	int rc = 0;

	if (key < 0)
		return 0;
	if (sc->nwords > 0 && sc->last_position == position)
		rc = mark(sc, sc->nwords - 1, key);
	if (position + span > sc->cover_until) {
		sc->cover_until = position + span;
		sc->cover_key = key;
	}
	return rc;
}

/* The word text[start..end) at position, matching query word key (or
 * -1). */
static int scan_word(scan *sc, size_t start, size_t end, uint32_t position,
		     int32_t key)
{
	word *w;
	int rc = grow((void **)&sc->words, &sc->cap, sc->nwords, sizeof *w);

	if (rc < 0)
		return rc;
	w = &sc->words[sc->nwords];
	count_chars(sc, start);
	w->start = (uint32_t)start;
	w->cstart = sc->chars;
	count_chars(sc, end);
	w->end = (uint32_t)end;
	w->cend = sc->chars;
	w->key = -1;
	sc->last_position = position;
	sc->nwords++;
	if (key < 0 && position < sc->cover_until)
		key = sc->cover_key;
	return key >= 0 ? mark(sc, sc->nwords - 1, key) : 0;
}

static void memo_record(scan *sc, const folio_token *token, int32_t key);

static int scan_token(const folio_token *token, void *payload)
{
	scan *sc = payload;
	int32_t key = token_key(sc, token);

	if (sc->recording)
		memo_record(sc, token, key);
	if (token->flags & FOLIO_TOKEN_ALT)
		return scan_alt(sc, token->position, token->span, key);
	return scan_word(sc, sc->base + token->start, sc->base + token->end,
			 token->position, key);
}

/*
 * The memo of the analyses of the stretches around needles.  A word
 * that holds a needle without matching ("directory" for "direction")
 * may come hundreds of times in a long document, and each time its
 * stretch went to the analyzer.  What the analyzer makes of a stretch
 * depends on its bytes alone, so the tokens of each short stretch are
 * kept, as scan_token took them (offsets from the stretch's start, and
 * the query word matched), and replayed where the same bytes come
 * again: the same words and matches, without the analysis.
 */
#define MEMO_SLOTS 256     /* a power of two; at most 3/4 used */
#define MEMO_MAX_BYTES 64  /* longer stretches seldom come twice */

typedef struct memo_event {
	uint32_t start, end; /* bytes from the stretch's start */
	uint32_t position, span;
	int32_t key;
	int alt;
} memo_event;

typedef struct memo_entry {
	size_t from, len; /* the stretch, in the text */
	size_t first, count; /* its events */
} memo_entry;

typedef struct memo {
	/* Which slots hold an entry: the slots themselves are left as
	 * malloc gave them, not zeroed for every snippet. */
	uint64_t filled[MEMO_SLOTS / 64];
	memo_entry slots[MEMO_SLOTS];
	size_t used;
	memo_event *events;
	size_t nevents, cap;
	int failed; /* an event could not be kept: keep no more */
} memo;

static void memo_record(scan *sc, const folio_token *token, int32_t key)
{
	memo *m = sc->memo;

	if (m->failed)
		return;
	if (grow((void **)&m->events, &m->cap, m->nevents,
		 sizeof *m->events) < 0) {
		/* Only the memo is short of memory, not the snippet. */
		folio_error_clear();
		m->failed = 1;
		return;
	}
	m->events[m->nevents++] = (memo_event){
		(uint32_t)token->start, (uint32_t)token->end, token->position,
		token->span, key, (token->flags & FOLIO_TOKEN_ALT) != 0};
}

/* The slot of text[from..from+len) in m: *i gets its index, and the
 * return is 1 if it holds that stretch, 0 if it is the free slot where
 * it would go. */
static int memo_slot(const memo *m, const char *text, size_t from,
		     size_t len, size_t *i)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t k;

	for (k = 0; k < len; k++)
		h = (h ^ (unsigned char)text[from + k]) * 16777619u;
	for (k = h & (MEMO_SLOTS - 1);; k = (k + 1) & (MEMO_SLOTS - 1)) {
		const memo_entry *e = &m->slots[k];
		*i = k;
		if (!(m->filled[k / 64] & (UINT64_C(1) << (k % 64))))
			return 0;
		if (e->len == len &&
		    memcmp(text + e->from, text + from, len) == 0)
			return 1;
	}
}

/* An empty memo, or NULL without room for one (every stretch is then
 * analysed). */
static memo *memo_new(void)
{
	memo *m = malloc(sizeof *m);

	if (m != NULL) {
		memset(m->filled, 0, sizeof m->filled);
		m->used = m->nevents = m->cap = 0;
		m->events = NULL;
		m->failed = 0;
	}
	return m;
}

static void memo_free(memo *m)
{
	if (m != NULL)
		free(m->events);
	free(m);
}

/* Replay the analysis e of the same bytes at text[from..]. */
static int memo_replay(scan *sc, const memo_entry *e, size_t from)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < e->count; i++) {
		const memo_event *ev = &sc->memo->events[e->first + i];
		rc = ev->alt ? scan_alt(sc, ev->position, ev->span, ev->key)
			     : scan_word(sc, from + ev->start, from + ev->end,
					 ev->position, ev->key);
	}
	return rc;
}

/*
 * The matched tokens m[a..b] with the most distinct query words within
 * max_chars characters (ties: more matches, then the earliest): a
 * sliding window over the matches, counting each query word in counts.
 * For each right end the window reaches as far left as it may, so that
 * it holds the most it can; a tie never replaces an earlier window.
 */
static void best_matches(const scan *sc, size_t max_chars, uint32_t *counts,
			 size_t *first, size_t *last)
{
	const word *w = sc->words;
	const uint32_t *m = sc->matches;
	size_t a = 0, distinct = 0, best_distinct = 0, best_total = 0;

	*first = *last = 0;
	for (size_t b = 0; b < sc->nmatches; b++) {
		if (counts[w[m[b]].key]++ == 0)
			distinct++;
		while (a < b && w[m[b]].cend - w[m[a]].cstart > max_chars) {
			if (--counts[w[m[a]].key] == 0)
				distinct--;
			a++;
		}
		if (distinct > best_distinct ||
		    (distinct == best_distinct && b - a + 1 > best_total)) {
			best_distinct = distinct;
			best_total = b - a + 1;
			*first = a;
			*last = b;
		}
	}
}

/* 1 if text[from..to) holds anything but whitespace. */
static int has_text(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!is_space(text[i]))
			return 1;
	return 0;
}

/* The part of the text a snippet shows, as bytes and tokens. */
typedef struct window {
	size_t start, end;  /* bytes of the text */
	size_t first, last; /* tokens in it (when there are tokens) */
	int cut_start, cut_end;
} window;

/*
 * Choose the window around words s..e (the best matches, or the first
 * token): a little
 * context before them, then words after them as far as max_chars goes,
 * then words before them if the text ended first.  It starts and ends
 * at words, or at the ends of the text when those fit too.
 */
static void choose_window(const scan *sc, size_t max_chars, size_t s,
			  size_t e, window *win)
{
	const word *w = sc->words;
	size_t lead = 0, span, g;

	span = w[e].cend - w[s].cstart;
	if (span < max_chars)
		lead = max_chars - span;
	if (lead > max_chars / CONTEXT_SHARE)
		lead = max_chars / CONTEXT_SHARE;
	g = s;
	while (s > 0 && w[g].cstart - w[s - 1].cstart <= lead)
		s--;
	while (e + 1 < sc->nwords && w[e + 1].cend - w[s].cstart <= max_chars)
		e++;
	while (s > 0 && w[e].cend - w[s - 1].cstart <= max_chars)
		s--;

	win->first = s;
	win->last = e;
	win->start = w[s].start;
	if (sc->at_start && s == 0 && w[e].cend <= max_chars)
		win->start = 0;
	win->end = w[e].end;
	if (sc->at_end && e + 1 == sc->nwords &&
	    sc->chars - w[s].cstart <= max_chars) {
		win->end = sc->len;
	} else {
		/* Keep punctuation stuck to the last word, up to a space. */
		size_t stop = e + 1 < sc->nwords ? w[e + 1].start : sc->len;
		for (g = win->end; g < stop && !is_space(sc->text[g]) &&
				   g - win->end <= TRAILING_PUNCT_MAX;
		     g++)
			;
		if (g < stop && is_space(sc->text[g]))
			win->end = g;
	}
	win->cut_start = s > 0 || has_text(sc->text, 0, win->start);
	win->cut_end = e + 1 < sc->nwords ||
		       has_text(sc->text, win->end, sc->len);
}

/* A text without a single word: its first max_chars characters. */
static void wordless_window(const scan *sc, size_t max_chars, window *win)
{
	size_t i = 0, chars = 0, n;

	while (i < sc->len && chars < max_chars) {
		n = folio__utf8_seq_len(sc->text, sc->len, i);
		i += n ? n : 1;
		chars++;
	}
	win->start = 0;
	win->end = i;
	win->cut_start = 0;
	win->cut_end = has_text(sc->text, i, sc->len);
}

/* Where the snippet's text is being written. */
typedef struct writer {
	folio__buf out;
	int started; /* something printed: a space may come next */
	int pending; /* whitespace seen since the last character */
} writer;

/*
 * Copy text[from..to) out with each whitespace run as one space (none
 * at the start or end) and each byte that is not part of well-formed
 * UTF-8 as U+FFFD, so the snippet is valid UTF-8 whatever the input.
 */
static int put_text(writer *wr, const char *text, size_t from, size_t to)
{
	int rc = 0;
	size_t i = from, run, n;

	while (rc == 0 && i < to) {
		if (is_space(text[i])) {
			wr->pending = wr->started;
			i++;
			continue;
		}
		if (wr->pending) {
			rc = folio__buf_putc(&wr->out, ' ');
			wr->pending = 0;
			if (rc < 0)
				break;
		}
		wr->started = 1;
		for (run = i; run < to && !is_space(text[run]) &&
			      (n = folio__utf8_seq_len(text, to, run)) > 0;
		     run += n)
			;
		rc = folio__buf_put(&wr->out, text + i, run - i);
		i = run;
		if (rc == 0 && i < to && !is_space(text[i])) {
			rc = folio__buf_puts(&wr->out, "\xEF\xBF\xBD");
			i++;
		}
	}
	return rc;
}

/* Write the window out, noting the span of each matched token. */
static int write_window(const scan *sc, const window *win,
			const char *ellipsis, folio_snippet *snip)
{
	writer wr = {FOLIO__BUF_INIT, 0, 0};
	size_t pos = win->start, cap = 0;
	int rc = 0;

	if (win->cut_start)
		rc = folio__buf_puts(&wr.out, ellipsis);
	for (size_t i = win->first; rc == 0 && sc->nwords > 0 &&
				    i <= win->last;
	     i++) {
		const word *w = &sc->words[i];
		size_t from;
		rc = put_text(&wr, sc->text, pos, w->start);
		if (rc == 0 && wr.pending)
			rc = folio__buf_putc(&wr.out, ' ');
		wr.pending = 0;
		from = wr.out.len;
		if (rc == 0)
			rc = put_text(&wr, sc->text, w->start, w->end);
		pos = w->end;
		if (rc < 0 || w->key < 0)
			continue;
		/* cap counts pairs: spans grows two size_t at a time. */
		rc = grow((void **)&snip->spans, &cap, snip->nspans,
			  2 * sizeof *snip->spans);
		if (rc == 0) {
			snip->spans[2 * snip->nspans] = from;
			snip->spans[2 * snip->nspans + 1] = wr.out.len;
			snip->nspans++;
		}
	}
	if (rc == 0)
		rc = put_text(&wr, sc->text, pos, win->end);
	if (rc == 0 && win->cut_end)
		rc = folio__buf_puts(&wr.out, ellipsis);
	if (rc == 0) {
		snip->len = wr.out.len;
		snip->text = folio__buf_detach(&wr.out);
		if (snip->text == NULL)
			rc = FOLIO_ENOMEM;
	}
	folio__buf_free(&wr.out);
	return rc;
}

/* ================================================================== */
/* Analysing only what is shown                                        */
/* ================================================================== */

/*
 * A snippet needs every matched token of the text (to choose the best
 * window) and every token of the window, nothing else.  So, where it is
 * safe, the text is first searched byte by byte for "needles": strings
 * that every token the query matches must contain as written, in ASCII
 * letters of any case.  Only the whitespace-delimited stretches around
 * the needles are analysed to find the matches (a word never spans
 * whitespace, so a stretch analyses as it would in the whole text), and
 * then only the stretch around the chosen matches, to cut the window.
 * A needle that is found but is no match ("primar" in "primarily") costs
 * a little analysis and changes nothing.
 *
 * It is safe when the needles are sure to be there:
 *  - the index stems in English (Snowball's stem is then the word, less
 *    a changed last letter, but for dying, lying and tying) or not at
 *    all; other stemmers and a query word with a character that is not
 *    ASCII (or an apostrophe, which folding may reach from U+2019) take
 *    the whole analysis;
 *  - a whitespace-delimited stretch that holds a character folding
 *    turns into ASCII or drops (fullwidth forms, ligatures, the Kelvin
 *    sign, soft hyphens and the like: see folds_away), or, where
 *    accents are folded, a letter with an accent, is analysed whether
 *    or not a needle is in it; fullwidth punctuation counts only next
 *    to an ASCII letter or digit (folds_at), so the commas of a Chinese
 *    paragraph do not send it all to ICU;
 *  - the needle search skips the '-', '.' and ',' that the analyzer
 *    joins words across ("email" is found in "e-mail", "usa" in
 *    "U.S.A.", "28500" in "28,500");
 *  - Han ideographs and hiragana are words of one character each, and
 *    CJK commas and stops no words, to the analyzer as here
 *    (cjk_alone): Chinese and Japanese text around an English word is
 *    cut into them without the analyzer, and so without loading ICU.
 * The suite checks that both ways give the same snippets, among them
 * for every character up to U+1FFFF that the analyzer, between two
 * ASCII letters, turns into ASCII or takes away.
 */

/* Stretches closer than this many bytes are analysed together.  None
 * are but those that touch: analysing the words between two stretches
 * cost more than a second call to the analyzer (callgrind over the
 * benchmark's queries with snippets: 7% fewer instructions than with
 * 64 bytes on the 30 MB corpus, 4% on 528 MB). */
#define MERGE_GAP 0
/* Characters of context analysed on each side of the chosen matches,
 * beyond max_chars, so that choosing the window never runs out. */
#define CONTEXT_MARGIN 16

typedef struct needle {
	const char *s;
	size_t len;
} needle;

/*
 * 1 if the UTF-8 sequence at p (n bytes) may be a character that
 * NFKC_Casefold turns into ASCII or removes: the word "prim\u00ADary"
 * folds to "primary" although "prim" is not in its bytes.
 */
static int folds_away(const unsigned char *p, size_t n)
{
	unsigned c1 = n > 1 ? p[1] : 0, c2 = n > 2 ? p[2] : 0;
	unsigned c3 = n > 3 ? p[3] : 0;

	switch (p[0]) {
	case 0xC2: /* ª ² ³ ¹ º ¼ ½ ¾, soft hyphen */
		return c1 == 0xAA || c1 == 0xAD || c1 == 0xB2 || c1 == 0xB3 ||
		       c1 == 0xB9 || c1 == 0xBA || (c1 >= 0xBC && c1 <= 0xBE);
	case 0xC3: /* ß */
		return c1 == 0x9F;
	case 0xC4: /* İ, Ĳ ĳ */
		return c1 == 0xB0 || c1 == 0xB2 || c1 == 0xB3;
	case 0xC5: /* ſ */
		return c1 == 0xBF;
	case 0xC7: /* Ǆ ... ǌ, Ǳ ǲ ǳ */
		return (c1 >= 0x84 && c1 <= 0x8C) || (c1 >= 0xB1 && c1 <= 0xB3);
	case 0xCA: /* modifier letters ʰ ... ʸ */
		return c1 >= 0xB0 && c1 <= 0xB8;
	case 0xCB: /* modifier letters ˡ ˢ ˣ */
		return c1 >= 0xA1 && c1 <= 0xA3;
	case 0xCD: /* combining grapheme joiner */
		return c1 == 0x8F;
	case 0xE1: /* Mongolian selectors, phonetic letters, ẖ ... ẚ, ẞ */
		return (c1 == 0xA0 && c2 >= 0x8B && c2 <= 0x8F) ||
		       (c1 >= 0xB4 && c1 <= 0xB6) ||
		       (c1 == 0xBA && c2 >= 0x96 && c2 <= 0x9E);
	case 0xE2: /* zero-width and format characters, one-dot leaders,
		      super- and subscripts, letterlike and number forms,
		      enclosed alphanumerics, ⱼ ⱽ */
		return (c1 == 0x80 && ((c2 >= 0x8B && c2 <= 0x8F) ||
				       (c2 >= 0xA4 && c2 <= 0xA6))) ||
		       (c1 == 0x81 && c2 >= 0xA0) || c1 == 0x82 ||
		       (c1 >= 0x84 && c1 <= 0x86) ||
		       (c1 >= 0x91 && c1 <= 0x93) ||
		       (c1 == 0xB1 && (c2 == 0xBC || c2 == 0xBD));
	case 0xE3: /* CJK compatibility: ㎏ */
		return c1 >= 0x88 && c1 <= 0x8F;
	case 0xEA: /* modifier capital letters ꟲ ... ꟹ */
		return c1 == 0x9F && c2 >= 0xB2 && c2 <= 0xB9;
	case 0xEF: /* ligatures, variation selectors, small and fullwidth
		      forms, the byte order mark */
		return (c1 == 0xAC && c2 <= 0x86) || c1 == 0xB8 ||
		       c1 == 0xB9 || c1 >= 0xBB;
	case 0xF0: /* modifier letters (Latin Extended-F), mathematical
		      alphanumerics, enclosed and squared letters, segmented
		      digits */
		return (c1 == 0x90 && c2 == 0x9E) || c1 == 0x9D ||
		       (c1 == 0x9F && (c2 == 0x84 || c2 == 0x85 ||
				       c2 == 0x86 ||
				       (c2 == 0xAF && c3 >= 0xB0)));
	case 0xF3: /* tags, variation selectors supplement */
		return c1 == 0xA0;
	default:
		return 0;
	}
}

/* 1 if the sequence at p (n bytes) may be a Latin or Greek letter with
 * an accent, which the analyzer takes off unless the index keeps them:
 * "zurich" is not in the bytes of "Zürich". */
static int has_accent(const unsigned char *p, size_t n)
{
	return (p[0] >= 0xC3 && p[0] <= 0xCF) ||
	       (p[0] == 0xE1 && n > 1 && p[1] >= 0xB8 && p[1] <= 0xBF);
}

/* 1 if the n bytes at p are fullwidth punctuation or a symbol (U+FF01
 * to U+FF65, less the fullwidth digits and letters): the commas and
 * brackets of Chinese and Japanese text. */
static int fullwidth_punct(const unsigned char *p, size_t n)
{
	if (n < 3 || p[0] != 0xEF || (p[1] != 0xBC && p[1] != 0xBD))
		return 0;
	unsigned c = (unsigned)(p[1] - 0xBC) * 64 + (p[2] - 0x80); /* - FF00 */
	return c >= 0x01 && c <= 0x65 && !(c >= 0x10 && c <= 0x19) &&
	       !(c >= 0x21 && c <= 0x3A) && !(c >= 0x41 && c <= 0x5A);
}

static int ascii_alnum(unsigned char c)
{
	unsigned char l = (unsigned char)(c | 0x20);
	return (c >= '0' && c <= '9') || (l >= 'a' && l <= 'z');
}

/* 1 if text[i] starts a character that may change a word's bytes on
 * its way to a term (folds_away, or has_accent where accents go).
 * Fullwidth punctuation folds into ASCII punctuation, which can only
 * change a term inside a word ("28，500" is 28500), so it counts only
 * next to an ASCII letter or digit: the fullwidth commas between the
 * ideographs of Chinese text do not send it to the whole analysis. */
static int folds_at(const char *text, size_t len, size_t i, int unaccent)
{
	const unsigned char *t = (const unsigned char *)text + i;

	if (t[0] < 0xC2)
		return 0;
	if (fullwidth_punct(t, len - i))
		return (i > 0 && ascii_alnum(t[-1])) ||
		       (len - i > 3 && ascii_alnum(t[3]));
	return folds_away(t, len - i) || (unaccent && has_accent(t, len - i));
}

static int ascii_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\'')
			return 0;
	return len > 0;
}

/*
 * The needles of the query into *out (malloc'ed, *count of them), or 0
 * and *out NULL when the fast way is not safe for it.
 */
static int make_needles(needle **out, size_t *count, const folio_query *q)
{
	static const char *const irregular[][2] = {
		{"die", "dy"}, {"lie", "ly"}, {"tie", "ty"}};
	const char *language = q->db->language ? q->db->language : "";
	int english = strcmp(language, "english") == 0;
	size_t cap = q->stems.count * 2 + q->words.count + q->prefixes.count;
	needle *n = NULL;
	size_t k = 0;
	int rc = 0;

	*out = NULL;
	*count = 0;
	if ((!english && strcmp(language, "none") != 0) || cap == 0)
		goto out;
	n = malloc(cap * sizeof *n);
	if (n == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t i = 0; i < q->stems.count; i++) {
		const char *s = q->stems.items[i];
		size_t len = strlen(s);
		/* Snowball's English stemmer may change the last letter
		 * (happy: happi), never one before it. */
		n[k++] = (needle){s, english && len > 1 ? len - 1 : len};
		for (size_t j = 0; english && j < 3; j++)
			if (strcmp(s, irregular[j][0]) == 0)
				n[k++] = (needle){irregular[j][1], 2};
	}
	for (size_t i = 0; i < q->words.count; i++)
		n[k++] = (needle){q->words.items[i],
				  strlen(q->words.items[i])};
	for (size_t i = 0; i < q->prefixes.count; i++)
		n[k++] = (needle){q->prefixes.items[i],
				  strlen(q->prefixes.items[i])};
	for (size_t i = 0; i < k; i++)
		if (!ascii_safe(n[i].s, n[i].len))
			goto out;
	*out = n;
	*count = k;
	n = NULL;
out:
	free(n);
	return rc;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* 1 if c may stand inside a word the analyzer joins into one term:
 * "e-mail" is also "email", "U.S.A." is "usa", "28,500" is "28500". */
static int joiner(unsigned char c)
{
	return c == '-' || c == '.' || c == ',';
}

/* 1 if one of the needles is at text[i] (ASCII case ignored, joiners
 * in the text skipped). */
static int needle_at(const needle *n, size_t count, const char *text,
		     size_t len, size_t i)
{
	unsigned char c = lower((unsigned char)text[i]);

	for (size_t k = 0; k < count; k++) {
		size_t j = 0, at = i;
		if ((unsigned char)n[k].s[0] != c)
			continue;
		while (j < n[k].len && at < len) {
			unsigned char t = lower((unsigned char)text[at]);
			if (t == (unsigned char)n[k].s[j]) {
				j++;
				at++;
			} else if (j > 0 && joiner(t)) {
				at++;
			} else {
				break;
			}
		}
		if (j == n[k].len)
			return 1;
	}
	return 0;
}

/*
 * 1 if a word (its folded term) may stem to one of the query's stems:
 * if it holds one of the needles.  The stems of the others are never
 * compared, and stemming every word of a snippet's context was most of
 * what a snippet cost.
 */
static int holds_needle(const char *term, size_t len, void *payload)
{
	const scan *sc = payload;

	for (size_t k = 0; k < sc->nneedles; k++) {
		const needle *n = &sc->needles[k];
		const char *p = term, *end = term + len;
		while (n->len <= (size_t)(end - p) &&
		       (p = memchr(p, n->s[0], (size_t)(end - p) - n->len + 1)))
			if (memcmp(p++, n->s, n->len) == 0)
				return 1;
	}
	return 0;
}

/* The code point of the three-byte UTF-8 sequence at t[i], or 0 if
 * there is none. */
static uint32_t three_byte_cp(const unsigned char *t, size_t len, size_t i)
{
	if (t[i] < 0xE0 || t[i] > 0xEF || i + 2 >= len ||
	    (t[i + 1] & 0xC0) != 0x80 || (t[i + 2] & 0xC0) != 0x80)
		return 0;
	return ((uint32_t)(t[i] & 0x0F) << 12) |
	       ((uint32_t)(t[i + 1] & 0x3F) << 6) | (t[i + 2] & 0x3F);
}

/* 1 for the combining marks among U+3000..U+9FFF (ideographic tone
 * marks, kana voiced sound marks): they join the character before. */
static int cjk_mark(uint32_t cp)
{
	return (cp >= 0x302A && cp <= 0x302F) || cp == 0x3099 || cp == 0x309A;
}

/* 0 if the character at t[j] surely does not join the one before it
 * into a word: ASCII, or Chinese and Japanese (U+3000 to U+9FFF) but
 * for the combining marks among them, or a fullwidth form. */
static int may_join_before(const unsigned char *t, size_t len, size_t j)
{
	uint32_t cp;

	if (j >= len || t[j] < 0x80)
		return 0;
	cp = three_byte_cp(t, len, j);
	if (cp >= 0x3000 && cp <= 0x9FFF)
		return cjk_mark(cp);
	return !(cp >= 0xFF00 && cp <= 0xFF7F);
}

/*
 * 0 if the character that starts at t[j] (dir 1), or ends there (dir
 * -1), is surely no letter or digit: ASCII other than letters and
 * digits, Chinese and Japanese (U+3000 to U+9FFF), fullwidth
 * punctuation.  A comma between two characters that may be digits may
 * make one number of them ("28，500", "２８，５００").
 */
static int may_be_alnum(const unsigned char *t, size_t len, size_t j,
			int dir)
{
	uint32_t cp;

	if (t[j] < 0x80)
		return ascii_alnum(t[j]);
	if (dir < 0)
		while (j > 0 && (t[j] & 0xC0) == 0x80)
			j--;
	cp = three_byte_cp(t, len, j);
	/* A mark belongs to the character before it ("８゙" is a digit to
	 * the word rules): it may be a letter or digit. */
	if (cp >= 0x3000 && cp <= 0x9FFF)
		return cjk_mark(cp);
	/* fullwidth punctuation: U+FF01..FF65 but digits and letters */
	return !(cp >= 0xFF01 && cp <= 0xFF65) ||
	       (cp >= 0xFF10 && cp <= 0xFF19) ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) ||
	       (cp >= 0xFF41 && cp <= 0xFF5A);
}

/*
 * The length of the character at t[i] (3 bytes) if the fast way may
 * take it without the analyzer, else 0; *word says whether it is a word
 * of its own.  The analyzer makes each Han ideograph and each hiragana
 * a word of its own (the dictionary's words and the pairs come as ALT
 * tokens, which an ASCII query never matches), and the commas, stops
 * and brackets of Chinese and Japanese no word at all; the word rules
 * break before and after each of them, unless the character after it
 * joins it (a mark, a selector).  A fullwidth comma, colon or
 * semicolon between two characters that may be letters or digits may
 * be inside a word or number ("28，500"): the analyzer decides.
 * Chinese text around an English word then needs no ICU, whose loading
 * costs a process more than its search.
 */
static size_t cjk_alone(const unsigned char *t, size_t len, size_t i,
			int *word)
{
	uint32_t cp = three_byte_cp(t, len, i);

	*word = (cp >= 0x4E00 && cp <= 0x9FFF) ||
		(cp >= 0x3400 && cp <= 0x4DBF) ||
		(cp >= 0x3041 && cp <= 0x3096);
	if (!*word && !(cp >= 0x3001 && cp <= 0x3003) &&
	    !(cp >= 0x3008 && cp <= 0x3011) && cp != 0xFF01 &&
	    cp != 0xFF08 && cp != 0xFF09 && cp != 0xFF0C && cp != 0xFF1A &&
	    cp != 0xFF1B && cp != 0xFF1F)
		return 0;
	if ((cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B) && i > 0 &&
	    i + 3 < len && may_be_alnum(t, len, i - 1, -1) &&
	    may_be_alnum(t, len, i + 3, 1))
		return 0;
	return may_join_before(t, len, i + 3) ? 0 : 3;
}

/* 1 if a character that cjk_alone takes ends at t[i] (before i). */
static int cjk_alone_before(const unsigned char *t, size_t len, size_t i)
{
	int word;
	return i >= 3 && cjk_alone(t, len, i - 3, &word) == 3;
}

/* Analyse text[from..to) into sc, appending to its words; from the
 * memo when the same bytes were analysed before. */
static int analyse_part(scan *sc, size_t from, size_t to)
{
	memo *m = sc->memo;
	size_t first = 0, slot = 0;
	int rc, keep = 0;

	if (from >= to)
		return 0;
	sc->base = from;
	/* Positions start again from 0 in each part. */
	sc->cover_until = 0;
	sc->last_position = UINT32_MAX;
	if (m != NULL && to - from <= MEMO_MAX_BYTES) {
		if (memo_slot(m, sc->text, from, to - from, &slot))
			return memo_replay(sc, &m->slots[slot], from);
		keep = !m->failed && m->used < MEMO_SLOTS / 4 * 3;
		first = m->nevents;
	}
	sc->recording = keep;
	rc = folio__analyze_stem_some(folio_db_analyzer(sc->query->db),
				      sc->text + from, to - from, scan_token,
				      sc, holds_needle, sc);
	sc->recording = 0;
	if (rc == 0 && keep && !m->failed) {
		m->slots[slot] =
			(memo_entry){from, to - from, first, m->nevents - first};
		m->filled[slot / 64] |= UINT64_C(1) << (slot % 64);
		m->used++;
	}
	return rc;
}

/*
 * analyse_part, for the fast way: the characters cjk_alone takes are
 * words (or nothing) of their own, as the analyzer would make them,
 * and only the text between them goes to the analyzer.
 */
static int analyse_split(scan *sc, size_t from, size_t to)
{
	const unsigned char *t = (const unsigned char *)sc->text;
	size_t i = from, piece = from, n;
	int rc = 0, word;

	while (rc == 0 && i < to) {
		if (t[i] < 0xE3 || (n = cjk_alone(t, sc->len, i, &word)) == 0 ||
		    i + n > to) {
			i++;
			continue;
		}
		rc = analyse_part(sc, piece, i);
		if (rc == 0 && word) {
			folio_token tok = {0};
			tok.term = tok.stem = sc->text + i;
			tok.term_len = tok.stem_len = n;
			tok.start = i;
			tok.end = i + n;
			tok.span = 1;
			tok.flags = FOLIO_TOKEN_NGRAM | FOLIO_TOKEN_CJK |
				    FOLIO__TOKEN_UNSTEMMED;
			sc->base = 0;
			sc->cover_until = 0;
			rc = scan_token(&tok, sc);
		}
		i += n;
		piece = i;
	}
	if (rc == 0)
		rc = analyse_part(sc, piece, to);
	return rc;
}

/*
 * Where the needle search stops to look: the first three letters of a
 * needle (either case; joiners may stand between them, as needle_at
 * skips them), or a byte that starts a character folding may change.
 * Most of a text is stepped over sixteen bytes at a time; a first
 * letter alone would stop at most words of English text (one of every
 * few bytes is an 'e' or a 'd').
 */
#define MAX_STARTS 16

typedef struct stops {
	unsigned char starts[256]; /* a needle's first letter, or >= 0xC2 */
	/* A needle's first three letters, | 0x20 */
	unsigned char first[MAX_STARTS], second[MAX_STARTS], third[MAX_STARTS];
	int any_second[MAX_STARTS]; /* a needle of one letter */
	int any_third[MAX_STARTS];  /* a needle of at most two */
	size_t nstarts;
	int simple; /* too many starts: stop at each first letter */
} stops;

static void make_stops(stops *st, const needle *n, size_t count)
{
	memset(st, 0, sizeof *st);
	for (size_t k = 0; k < count; k++) {
		unsigned char c = (unsigned char)n[k].s[0];
		unsigned char c2 = n[k].len > 1 ? (unsigned char)n[k].s[1] : 0;
		unsigned char c3 = n[k].len > 2 ? (unsigned char)n[k].s[2] : 0;
		size_t p = 0;
		st->starts[c] = 1;
		if (c >= 'a' && c <= 'z')
			st->starts[c - 32] = 1;
		/* An entry that stops wherever this needle may start
		 * serves it: one with its first letters, or fewer. */
		while (p < st->nstarts &&
		       !(st->first[p] == (c | 0x20) &&
			 (st->any_second[p] ||
			  (n[k].len > 1 && st->second[p] == (c2 | 0x20) &&
			   (st->any_third[p] ||
			    (n[k].len > 2 && st->third[p] == (c3 | 0x20)))))))
			p++;
		if (p < st->nstarts)
			continue;
		if (st->nstarts == MAX_STARTS) {
			st->simple = 1;
			continue;
		}
		st->first[p] = (unsigned char)(c | 0x20);
		st->second[p] = (unsigned char)(c2 | 0x20);
		st->third[p] = (unsigned char)(c3 | 0x20);
		st->any_second[p] = n[k].len < 2;
		st->any_third[p] = n[k].len < 3;
		st->nstarts++;
	}
	memset(st->starts + 0xC2, 1, 256 - 0xC2);
}

/*
 * The first byte at or after i where a needle or a folding character
 * may start (len if none): every such byte is found, and some others
 * (bytes that match only with bit 0x20 ignored) that the caller's
 * checks then pass over.
 */
static size_t next_stop(const stops *st, const char *text, size_t len,
			size_t i)
{
	const unsigned char *t = (const unsigned char *)text;

#if defined(__SSE2__)
	/* Sixteen bytes at a time and the two bytes after each. */
	const __m128i case_bit = _mm_set1_epi8(0x20);
	__m128i first[MAX_STARTS], second[MAX_STARTS], third[MAX_STARTS];
	for (size_t p = 0; p < st->nstarts; p++) {
		first[p] = _mm_set1_epi8((char)st->first[p]);
		second[p] = _mm_set1_epi8((char)st->second[p]);
		third[p] = _mm_set1_epi8((char)st->third[p]);
	}
	while (!st->simple && i + 18 <= len) {
		__m128i a = _mm_loadu_si128((const __m128i *)(t + i));
		__m128i la = _mm_or_si128(a, case_bit);
		/* First, cheaply, whether the sixteen bytes hold a first
		 * letter or a byte over 0x7F at all: most hold neither
		 * (callgrind, `primary` on the kernel documentation: 0.45M
		 * instructions for the needle search of a page, 0.31M with
		 * this; a test of the letters after it here cost more). */
		__m128i maybe = a;
		for (size_t p = 0; p < st->nstarts; p++)
			maybe = _mm_or_si128(maybe,
					     _mm_cmpeq_epi8(la, first[p]));
		if (_mm_movemask_epi8(maybe) == 0) {
			i += 16;
			continue;
		}
		__m128i b = _mm_loadu_si128((const __m128i *)(t + i + 1));
		__m128i c = _mm_loadu_si128((const __m128i *)(t + i + 2));
		__m128i lb = _mm_or_si128(b, case_bit);
		__m128i lc = _mm_or_si128(c, case_bit);
		/* 0xC2 to 0xFF: below zero and above -63 as signed bytes */
		__m128i hit = _mm_and_si128(
			_mm_cmplt_epi8(a, _mm_setzero_si128()),
			_mm_cmpgt_epi8(a, _mm_set1_epi8(-63)));
		/* A needle starts here if its first letter is here, then a
		 * joiner or its second letter, and after the second letter
		 * a joiner or its third (needle_at skips joiners).  Two
		 * letters alone stopped too often: "te" for "test" in
		 * "system", "to" for "tool" in "to" (callgrind, a page of
		 * `tools testing` on the 528 MB corpus: 1.67M instructions
		 * in the search and its stops, 1.51M with the third
		 * letter). */
		__m128i join_b = joiner_mask(b), join_c = joiner_mask(c);
		for (size_t p = 0; p < st->nstarts; p++) {
			__m128i m = _mm_cmpeq_epi8(la, first[p]);
			__m128i then = _mm_cmpeq_epi8(lb, second[p]);
			if (!st->any_third[p])
				then = _mm_and_si128(
					then,
					_mm_or_si128(join_c,
						     _mm_cmpeq_epi8(lc, third[p])));
			if (!st->any_second[p])
				m = _mm_and_si128(m, _mm_or_si128(join_b, then));
			hit = _mm_or_si128(hit, m);
		}
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask != 0)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
#endif
	while (i < len && !st->starts[t[i]])
		i++;
	return i;
}

/*
 * 1 for the ASCII punctuation that a word never spans and the analyzer
 * carries nothing across: each is a word break on both sides under
 * every rule (Word_Break Other), and none is a character the analyzer
 * reads around a word ('-' of compounds, '+' and '#' of "C++" and "C#",
 * '.' of ".NET", ',' of "28,500", the apostrophe, '_' and '@', which
 * are not Other).  A stretch is cut there as at whitespace, provided an
 * ASCII character follows the cut (a combining mark would join the
 * character before it).  Paths and code are long stretches without
 * whitespace: "tools/testing/selftests/..." was analysed whole for each
 * needle in it (callgrind, a page of `tools testing` on the 528 MB
 * corpus: 1.36M instructions for the stretches, 0.31M with the cuts).
 */
static int cuts_words(unsigned char c)
{
	switch (c) {
	case '/': case '\\': case '(': case ')': case '[': case ']':
	case '{': case '}': case '<': case '>': case '=': case '"':
	case '|':
		return 1;
	default:
		return 0;
	}
}

/*
 * Find the matched tokens: analyse the whitespace-delimited stretches
 * that hold a needle or a character that folding may change (where a
 * match may hide from the needles: "prim\u00ADary", "Z\u00FCrich"),
 * stretches closer than MERGE_GAP together.
 */
static int find_matches(scan *sc, const needle *n, size_t count,
			int unaccent, size_t max_chars)
{
	const char *t = sc->text;
	const unsigned char *ut = (const unsigned char *)t;
	size_t i = 0, from = 0, to = 0;
	int have = 0, rc = 0, word;
	stops st;

	sc->memo = memo_new();
	make_stops(&st, n, count);
	while (rc == 0 && i < sc->len) {
		size_t s, e;
		i = next_stop(&st, t, sc->len, i);
		if (i >= sc->len)
			break;
		if (!needle_at(n, count, t, sc->len, i) &&
		    ((ut[i] >= 0xE3 && cjk_alone(ut, sc->len, i, &word)) ||
		     !folds_at(t, sc->len, i, unaccent))) {
			i++;
			continue;
		}
		/* The stretch ends at whitespace, at Chinese or Japanese
		 * that cjk_alone takes, or at a separator (cuts_words). */
		for (s = i; s > 0 && !is_space(t[s - 1]) &&
			    !(cuts_words(ut[s - 1]) && ut[s] < 0x80) &&
			    !cjk_alone_before(ut, sc->len, s);
		     s--)
			;
		for (e = i; e < sc->len && !is_space(t[e]) &&
			    !cuts_words(ut[e]) &&
			    (ut[e] < 0xE3 || !cjk_alone(ut, sc->len, e, &word));
		     e++)
			;
		if (have && s <= to + MERGE_GAP) {
			to = e;
		} else {
			if (have)
				rc = analyse_split(sc, from, to);
			skip_gap(sc, s, max_chars);
			from = s;
			to = e;
			have = 1;
		}
		i = e > i ? e : i + 1;
	}
	if (rc == 0 && have)
		rc = analyse_split(sc, from, to);
	memo_free(sc->memo);
	sc->memo = NULL;
	return rc;
}

/* Back from byte i over at least chars printed characters, then to the
 * start of the word there. */
static size_t back_chars(const char *t, size_t i, size_t chars)
{
	while (i > 0 && chars > 0) {
		i--;
		if (is_space(t[i])) {
			while (i > 0 && is_space(t[i - 1]))
				i--;
		} else if (((unsigned char)t[i] & 0xC0) == 0x80) {
			continue;
		}
		chars--;
	}
	while (i > 0 && !is_space(t[i - 1]))
		i--;
	return i;
}

/* Forward from byte i over at least chars characters, then to the end
 * of the word there. */
static size_t forward_chars(const char *t, size_t len, size_t i,
			    size_t chars)
{
	while (i < len && chars > 0) {
		if (is_space(t[i])) {
			while (i < len && is_space(t[i]))
				i++;
		} else {
			i++;
			while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80)
				i++;
		}
		chars--;
	}
	while (i < len && !is_space(t[i]))
		i++;
	return i;
}

/*
 * Analyse text[from..to) (from is 0 or follows whitespace) and choose
 * the window around the words of want_start..want_end in it.  Returns
 * 1 with *win set, 0 if the stretch holds no word, or an error.
 */
static int window_from(scan *sc, size_t from, size_t to, size_t want_start,
		       size_t want_end, size_t max_chars, window *win)
{
	size_t s, e;
	int rc;

	/* Only differences of characters matter, but for one test:
	 * whether the window reaches back to the start of the text
	 * (choose_window).  from is 0 or follows whitespace, so the count
	 * may start there at 1 for that run: exact whenever the text
	 * before from is blank. */
	sc->nwords = sc->nmatches = 0;
	sc->pos = from;
	sc->chars = from > 0;
	sc->in_space = from > 0;
	rc = analyse_split(sc, from, to);
	if (rc < 0)
		return rc;
	if (sc->nwords == 0) {
		/* Nothing to anchor on: leave it to the whole analysis. */
		sc->nmatches = 0;
		return 0;
	}
	sc->at_start = from == 0 ||
		       !has_text(sc->text, 0, sc->words[0].start);
	sc->at_end = to >= sc->len;
	if (sc->at_end)
		count_chars(sc, sc->len);
	for (s = 0; s + 1 < sc->nwords && sc->words[s].start < want_start;
	     s++)
		;
	for (e = s; e + 1 < sc->nwords && sc->words[e].end < want_end; e++)
		;
	choose_window(sc, max_chars, s, e, win);
	return 1;
}

/* Where the window's analysis starts when it may take max_chars of
 * context before the matches. */
static size_t far_start(const scan *sc, size_t want_start, size_t max_chars)
{
	return back_chars(sc->text, want_start, max_chars + CONTEXT_MARGIN);
}

/*
 * The window, analysing only what it needs.  Returns 1 with *win set
 * (and sc holding the analysed stretch), 0 if the fast way does not
 * apply (sc is then left empty for the whole analysis), or an error.
 */
static int fast_window(scan *sc, size_t max_chars, uint32_t *counts,
		       window *win)
{
	needle *n = NULL;
	size_t count = 0, first = 0, last = 0, near = 0, from, to;
	uint32_t want_start = 0, want_end = 0;
	int rc;

	rc = make_needles(&n, &count, sc->query);
	if (rc < 0 || n == NULL)
		goto out;
	sc->needles = n;
	sc->nneedles = count;
	rc = find_matches(sc, n, count,
			  !folio_analyzer_keeps_accents(
				  folio_db_analyzer(sc->query->db)),
			  max_chars);
	if (rc < 0)
		goto out;
	if (sc->nmatches > 0) {
		best_matches(sc, max_chars, counts, &first, &last);
		want_start = sc->words[sc->matches[first]].start;
		want_end = sc->words[sc->matches[last]].end;
		near = back_chars(sc->text, want_start,
				  max_chars / CONTEXT_SHARE + CONTEXT_MARGIN);
	}
	/* The window ends at most max_chars after its first word, which is
	 * the first match's or one before it; the matches lie within
	 * max_chars of each other (best_matches). */
	to = forward_chars(sc->text, sc->len, want_start,
			   max_chars + CONTEXT_MARGIN);
	/* The window takes at most max_chars / CONTEXT_SHARE characters
	 * of context before the matches, unless the words after them run
	 * out: first analyse only that much; if the window then reaches
	 * back to the first word analysed, it may want more. */
	from = to < sc->len ? near : far_start(sc, want_start, max_chars);
	rc = window_from(sc, from, to, want_start, want_end, max_chars, win);
	if (rc == 1 && win->first == 0 && from > 0) {
		size_t far = far_start(sc, want_start, max_chars);
		if (far < from)
			rc = window_from(sc, far, to, want_start, want_end,
					 max_chars, win);
	}
out:
	sc->needles = NULL;
	sc->nneedles = 0;
	free(n);
	return rc;
}

/* The window, analysing the whole text. */
static int whole_window(scan *sc, size_t max_chars, uint32_t *counts,
			window *win)
{
	size_t s = 0, e = 0;
	int rc;

	memset(counts, 0, sizeof *counts * (sc->query->stems.count +
					    sc->query->words.count +
					    sc->query->prefixes.count));
	sc->nwords = sc->nmatches = 0;
	sc->pos = sc->base = 0;
	sc->cover_until = 0;
	sc->last_position = UINT32_MAX;
	sc->chars = 0;
	sc->in_space = 0;
	sc->at_start = sc->at_end = 1;
	rc = folio_analyze(folio_db_analyzer(sc->query->db), sc->text,
			   sc->len, scan_token, sc);
	if (rc < 0)
		return rc;
	count_chars(sc, sc->len);
	if (sc->nwords == 0) {
		wordless_window(sc, max_chars, win);
		return 0;
	}
	if (sc->nmatches > 0) {
		best_matches(sc, max_chars, counts, &s, &e);
		s = sc->matches[s];
		e = sc->matches[e];
	}
	choose_window(sc, max_chars, s, e, win);
	return 0;
}

int folio_snippet_options_init(folio_snippet_options *opts,
			       unsigned int version)
{
	folio_snippet_options init = FOLIO_SNIPPET_OPTIONS_INIT;

	if (opts == NULL || version != FOLIO_SNIPPET_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_snippet_options "
					"version %u",
					version);
	*opts = init;
	return 0;
}

static int snippet_new(folio_snippet **out, const folio_query *query,
		       const char *text, size_t len,
		       const folio_snippet_options *opts, int fast)
{
	folio_snippet *snip = NULL;
	scan sc;
	window win;
	uint32_t *counts = NULL;
	size_t max_chars = DEFAULT_MAX_CHARS, nkeys;
	const char *ellipsis = DEFAULT_ELLIPSIS;
	int rc = 0;

	memset(&sc, 0, sizeof sc);
	memset(&win, 0, sizeof win);
	if (out != NULL)
		*out = NULL;
	if (out == NULL || query == NULL || (text == NULL && len > 0)) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_snippet_new needs an out "
				      "pointer, a query and a text");
		goto out;
	}
	if (opts != NULL && opts->version != FOLIO_SNIPPET_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_snippet_options "
				      "version %u; initialise the options "
				      "with FOLIO_SNIPPET_OPTIONS_INIT",
				      opts->version);
		goto out;
	}
	if (opts != NULL && opts->max_chars > 0)
		max_chars = opts->max_chars;
	if (opts != NULL && opts->ellipsis != NULL)
		ellipsis = opts->ellipsis;

	snip = calloc(1, sizeof *snip);
	nkeys = query->stems.count + query->words.count +
		query->prefixes.count;
	counts = calloc(nkeys ? nkeys : 1, sizeof *counts);
	if (snip == NULL || counts == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	sc.query = query;
	sc.text = text ? text : "";
	sc.len = len;
	rc = fast ? fast_window(&sc, max_chars, counts, &win) : 0;
	if (rc < 0)
		goto out;
	if (rc == 0)
		rc = whole_window(&sc, max_chars, counts, &win);
	if (rc < 0)
		goto out;
	rc = write_window(&sc, &win, ellipsis, snip);
	if (rc < 0)
		goto out;
	*out = snip;
	snip = NULL;
out:
	free(sc.words);
	free(sc.matches);
	free(counts);
	folio_snippet_free(snip);
	return rc;
}

int folio_snippet_new(folio_snippet **out, const folio_query *query,
		      const char *text, size_t len,
		      const folio_snippet_options *opts)
{
	return snippet_new(out, query, text, len, opts, 1);
}

int folio__snippet_new_whole(folio_snippet **out, const folio_query *query,
			     const char *text, size_t len,
			     const folio_snippet_options *opts)
{
	return snippet_new(out, query, text, len, opts, 0);
}

int folio_results_snippet(folio_snippet **out, const folio_results *results,
			  size_t i, const folio_query *query,
			  const folio_snippet_options *opts)
{
	const char *body;
	size_t len = 0;

	if (out != NULL)
		*out = NULL;
	if (results == NULL || i >= results->count)
		return folio__error_set(FOLIO_EINVALID,
					"folio_results_snippet: no hit %zu in "
					"the results (there are %zu)",
					i, results ? results->count : 0);
	/*
	 * A body not read yet, in the body store, is unpacked into the
	 * results' scratch buffer and left unread: the snippets of a page
	 * then write into the memory of its longest body, not into new
	 * memory for each.  New memory costs a page fault every 4 KB
	 * (11 us each on a machine measured: 0.2 ms for the ten bodies of
	 * a page, a twentieth of a whole `folio search`).  Should the
	 * store have no body for the hit, the usual way says why.
	 */
	const folio_doc *doc = results->docs[i];
	if (doc->body_unread && doc->body_stored) {
		folio__buf *scratch = &((folio_results *)results)->scratch;
		int rc = folio__body_store_get(scratch, doc->body_xdb, doc->id);
		if (rc == 0)
			return folio_snippet_new(out, query, scratch->ptr,
						 scratch->len, opts);
		if (rc != FOLIO_ENOTFOUND)
			return rc;
	}
	/* A body that cannot be read is an error, not an empty snippet. */
	int rc = folio__doc_load_body(doc);
	if (rc < 0)
		return rc;
	body = folio_doc_body(doc, &len);
	return folio_snippet_new(out, query, body, len, opts);
}

void folio_snippet_free(folio_snippet *snippet)
{
	if (snippet == NULL)
		return;
	free(snippet->text);
	free(snippet->spans);
	free(snippet);
}

const char *folio_snippet_text(const folio_snippet *snippet,
			       size_t *len_out)
{
	if (len_out != NULL)
		*len_out = snippet ? snippet->len : 0;
	return snippet ? snippet->text : "";
}

size_t folio_snippet_span_count(const folio_snippet *snippet)
{
	return snippet ? snippet->nspans : 0;
}

int folio_snippet_span(const folio_snippet *snippet, size_t i,
		       size_t *start_out, size_t *end_out)
{
	if (snippet == NULL || i >= snippet->nspans)
		return folio__error_set(FOLIO_EINVALID,
					"folio_snippet_span: no span %zu (the "
					"snippet has %zu)",
					i, snippet ? snippet->nspans : 0);
	if (start_out != NULL)
		*start_out = snippet->spans[2 * i];
	if (end_out != NULL)
		*end_out = snippet->spans[2 * i + 1];
	return 0;
}
