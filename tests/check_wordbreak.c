/*
 * check_wordbreak.c - the word boundaries wordbreak.c gives plain text
 * are ICU's, and an analysis that uses them gives the tokens an analysis by
 * ICU alone gives.
 *
 * ICU is the reference: the installed ICU, the one folio is built with,
 * so that a new ICU that breaks ASCII differently fails here rather
 * than giving an index terms that its queries do not give.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "fixture.h"
#include "folio-private.h"

/* ------------------------------------------------------------------ */
/* Segments                                                            */
/* ------------------------------------------------------------------ */

typedef struct segments {
	size_t end[256];
	int32_t status[256];
	size_t n;
} segments;

/*
 * These run hundreds of thousands of times: they call Check only on a
 * failure, since each ck_assert that passes writes a record.
 */
static UBreakIterator *icu_words(void)
{
	static UBreakIterator *words;
	UErrorCode status = U_ZERO_ERROR;

	if (words == NULL)
		words = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
	if (U_FAILURE(status))
		ck_abort_msg("ubrk_open: %s", u_errorName(status));
	return words;
}

static void icu_segments(const char *s, size_t len, segments *out)
{
	static UText text = UTEXT_INITIALIZER;
	UErrorCode status = U_ZERO_ERROR;
	UBreakIterator *words = icu_words();
	int32_t end;

	utext_openUTF8(&text, s, (int64_t)len, &status);
	ubrk_setUText(words, &text, &status);
	if (U_FAILURE(status))
		ck_abort_msg("ubrk_setUText: %s", u_errorName(status));
	out->n = 0;
	ubrk_first(words);
	while ((end = ubrk_next(words)) != UBRK_DONE && out->n < 256) {
		out->end[out->n] = (size_t)end;
		out->status[out->n++] = ubrk_getRuleStatus(words);
	}
}

static void plain_segments(const char *s, size_t len, segments *out)
{
	out->n = 0;
	for (size_t start = 0; start < len && out->n < 256;) {
		start = folio__plain_segment_end(s, len, start,
						 &out->status[out->n]);
		out->end[out->n++] = start;
	}
}

/* Print s with its control characters escaped, for a failure. */
static const char *shown(const char *s, size_t len)
{
	static char buf[1024];
	size_t k = 0;

	for (size_t i = 0; i < len && k + 5 < sizeof buf; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			buf[k++] = (char)c;
		else
			k += (size_t)snprintf(buf + k, sizeof buf - k,
					      "\\x%02x", c);
	}
	buf[k] = '\0';
	return buf;
}

static void check_same_segments(const char *s, size_t len)
{
	segments icu, ours;

	icu_segments(s, len, &icu);
	plain_segments(s, len, &ours);
	if (icu.n != ours.n)
		ck_abort_msg("\"%s\": ICU gives %zu segments, wordbreak.c %zu",
			     shown(s, len), icu.n, ours.n);
	for (size_t i = 0; i < icu.n; i++)
		if (icu.end[i] != ours.end[i] ||
		    icu.status[i] != ours.status[i])
			ck_abort_msg("\"%s\": segment %zu: ICU ends it at %zu "
				     "with status %d, wordbreak.c at %zu "
				     "with %d",
				     shown(s, len), i, icu.end[i],
				     (int)icu.status[i], ours.end[i],
				     (int)ours.status[i]);
}

/* The plain characters: all of ASCII, NUL and DEL too, and those of
 * wordbreak.c's table, in UTF-8. */
typedef struct plain {
	char s[4];
	size_t len;
} plain;

static size_t plain_chars(plain *out, size_t cap)
{
	size_t n = 0;

	for (int c = 0; c < 128 && n < cap; c++)
		out[n++] = (plain){{(char)c}, 1};
	for (size_t i = 0; folio__plain_char(i) != 0 && n < cap; i++) {
		uint32_t c = folio__plain_char(i);
		plain *p = &out[n++];
		if (c < 0x800) {
			p->s[0] = (char)(0xC0 | (c >> 6));
			p->s[1] = (char)(0x80 | (c & 0x3F));
			p->len = 2;
		} else {
			p->s[0] = (char)(0xE0 | (c >> 12));
			p->s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
			p->s[2] = (char)(0x80 | (c & 0x3F));
			p->len = 3;
		}
	}
	return n;
}

/* Each character of the table is one whose Word_Break class in ICU's
 * data is one the rules of wordbreak.c handle: Other, or MidNumLet
 * (the single quotes), and not a letter, digit, space or mark. */
START_TEST(test_plain_chars__are_other_or_mid_num_let_in_icu)
{
	size_t n = 0;

	for (size_t i = 0; folio__plain_char(i) != 0; i++, n++) {
		UChar32 c = (UChar32)folio__plain_char(i);
		int32_t wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
		ck_assert_msg(wb == U_WB_OTHER || wb == U_WB_MIDNUMLET,
			      "U+%04X has Word_Break %d", (unsigned)c,
			      (int)wb);
		if (i > 0)
			ck_assert_uint_lt(folio__plain_char(i - 1),
					  folio__plain_char(i));
	}
	ck_assert_uint_gt(n, 10);
}
END_TEST

/* Every string of one and two plain characters. */
START_TEST(test_segments__every_pair_of_plain_characters_as_icu)
{
	plain chars[256];
	size_t n = plain_chars(chars, 256);
	char s[8];

	for (size_t a = 0; a < n; a++) {
		memcpy(s, chars[a].s, chars[a].len);
		check_same_segments(s, chars[a].len);
		for (size_t b = 0; b < n; b++) {
			memcpy(s + chars[a].len, chars[b].s, chars[b].len);
			check_same_segments(s, chars[a].len + chars[b].len);
		}
	}
}
END_TEST

/*
 * Characters of every class the rules tell apart, two of some, and
 * every string of them three and four long: every context the rules look
 * at (a character, the one before, the one after and the one after
 * that).
 */
static const char *const classes[] = {
	"a", "Z", "@", "0", "9", " ", ".", "'", ",", ";", ":", "_", "\t",
	"\n", "\r", "\v", "-", "#", "\xe2\x80\x99" /* ’ */,
	"\xe2\x80\x98" /* ‘ */, "\xe2\x80\x9c" /* “ */,
	"\xc2\xa0" /* no-break space */, "\xe2\x80\x94" /* — */};

START_TEST(test_segments__every_context_of_four_as_icu)
{
	size_t n = sizeof classes / sizeof *classes;
	char s[16];

	for (size_t len = 3; len <= 4; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= n;
		for (size_t k = 0; k < total; k++) {
			size_t v = k, at = 0;
			for (size_t i = 0; i < len; i++, v /= n) {
				const char *c = classes[v % n];
				memcpy(s + at, c, strlen(c));
				at += strlen(c);
			}
			check_same_segments(s, at);
		}
	}
}
END_TEST

/* Longer runs: random strings, letters and digits the likeliest. */
START_TEST(test_segments__random_text_as_icu)
{
	static const char *const pool[] = {
		"a", "b", "c", "x", "y", "z", "A", "B", "C", "@", "0", "1",
		"2", "3", "7", "9", ".", ".", "'", "'", ",", ",", ";", ":",
		"_", "_", " ", " ", "\t", "\n", "\r", "-", "#", "$", "/",
		"(", "\"", "\xe2\x80\x99", "\xe2\x80\x98", "\xe2\x80\x94",
		"\xe2\x80\x9c", "\xc2\xa0", "\xc2\xa9", "\xe2\x94\x80"};
	char s[256];
	unsigned seed = 20261123;

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, count = 1 + (size_t)(rand_r(&seed) % 60);
		for (size_t i = 0; i < count; i++) {
			const char *c = pool[(size_t)rand_r(&seed) %
					     (sizeof pool / sizeof *pool)];
			memcpy(s + len, c, strlen(c));
			len += strlen(c);
		}
		check_same_segments(s, len);
	}
}
END_TEST

/* A plain span ends where a character the table lacks begins. */
START_TEST(test_plain_span__stops_at_the_first_character_not_plain)
{
	static const char text[] = "it\xe2\x80\x99s \xe2\x80\x94 caf\xc3\xa9";

	ck_assert_uint_eq(folio__plain_span(text, strlen(text), 0), 14);
	ck_assert_uint_eq(folio__plain_span(text, strlen(text), 14), 14);
	/* A sequence cut short is not plain. */
	ck_assert_uint_eq(folio__plain_span("a\xe2\x80", 3, 0), 1);
	ck_assert_uint_eq(folio__plain_span("abc", 3, 0), 3);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Fixed breaks                                                        */
/* ------------------------------------------------------------------ */

/* A break that is fixed is one of ICU's, whatever follows it. */
START_TEST(test_fixed_break__is_a_break_of_icu_in_any_text)
{
	static const char *const texts[] = {
		"a b", "a\tb", "a\nb", "word \xcc\x81x", "a  b",
		"x\n\xcc\x81", "1 ,2", "a \xe2\x80\x99s", "e\t\xe2\x80\x8d",
		"\xe6\x97\xa5 \xe6\x9c\xac", "a\r\nb", "a \xc2\xa0 b"};

	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		const char *s = texts[t];
		size_t len = strlen(s);
		segments icu;
		icu_segments(s, len, &icu);
		for (size_t at = 1; at < len; at++) {
			int found = 0;
			if (!folio__break_is_fixed(s, len, at))
				continue;
			for (size_t i = 0; i < icu.n; i++)
				found |= icu.end[i] == at;
			ck_assert_msg(found, "\"%s\": fixed break at %zu is "
				      "no break of ICU", s, at);
		}
	}
	/* Where a rule may join across: two spaces, a space and a
	 * combining mark, CR LF. */
	ck_assert(!folio__break_is_fixed("a  b", 4, 2));
	ck_assert(!folio__break_is_fixed(" \xcc\x81", 3, 1));
	ck_assert(!folio__break_is_fixed("a\r\nb", 4, 2));
	ck_assert(!folio__break_is_fixed("ab", 2, 1));
	ck_assert(folio__break_is_fixed("a b", 3, 2));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

typedef struct tokens {
	folio__buf out;
} tokens;

static int collect(const folio_token *t, void *payload)
{
	tokens *k = payload;
	char line[1200];
	int n = snprintf(line, sizeof line, "%.*s|%.*s|%zu-%zu|%u+%u|%u\n",
			 (int)t->term_len, t->term, (int)t->stem_len, t->stem,
			 t->start, t->end, t->position, t->span, t->flags);

	return folio__buf_put(&k->out, line, (size_t)n);
}

static char *analysis(folio_analyzer *a, const char *s, size_t len)
{
	tokens k = {FOLIO__BUF_INIT};

	ck_assert_int_eq(folio_analyze(a, s, len, collect, &k), 0);
	return folio__buf_detach(&k.out);
}

/* Pieces of text that meet at every kind of edge: words the ASCII
 * rules see whole, words that need ICU, and what joins or splits. */
static const char *const pieces[] = {
	"the", "Scheduler", "e-mail", "U.S.A.", "28,500", "3.5", "C++",
	".NET", "C#", "LG", "U+", "john@hannam.ac.kr", "don't",
	"snake_case", "a.b.c", "1.2.3", "http://example.com/a_b?c=d",
	"caf\xc3\xa9", "na\xc3\xafve", "Z\xc3\xbcrich", "e\xcc\x81t\xc3\xa9",
	"don\xe2\x80\x99t", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4\xeb\xa5\xbc",
	"LG\xec\x9c\xa0\xed\x94\x8c\xeb\x9f\xac\xec\x8a\xa4",
	"\xef\xbc\xa1\xef\xbc\xa2", "\xef\xac\x81le", "\xc2\xa0",
	"\xcc\x81", "\xe2\x80\x8b", "\xe2\x80\x8d", "\xf0\x9f\x91\x8d",
	"\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2", "\xce\xb1\xce\xb2",
	"x\xc2\xb2", "1\xc2\xbd", "-", "--", ".", ",", "'", "_", "(", ")",
	"\"", ":", "#", "\xe2\x80\x9cquoted\xe2\x80\x9d", "\xe2\x80\x94",
	"\xe2\x80\x93", "\xc2\xa9 2005", "\xe2\x86\x92",
	"\xe2\x94\x80\xe2\x94\x80", "it\xe2\x80\x98s", "e\xe2\x80\x90mail",
	"\xe2\x80\xa2 item"};
static const char *const gaps[] = {" ", "  ", "\n", "\t", "\r\n", "",
				   "-", " - ", ".", ", ", "\n\n", "'",
				   "\xe2\x80\x94", "\xc2\xa0", "\xe2\x80\x99"};

static int is_ascii_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

START_TEST(test_tokens__as_icu_alone_gives_them_on_mixed_text)
{
	folio_analyzer *fast = NULL, *icu = NULL;
	unsigned seed = 42;
	char text[2048];

	ck_assert_int_eq(folio_analyzer_new(&fast, NULL), 0);
	ck_assert_int_eq(folio_analyzer_new(&icu, NULL), 0);
	folio__analyzer_icu_only(icu, 1);
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		int words = 1 + rand_r(&seed) % 40;
		/* Mostly ASCII, as most text is, non-ASCII in some. */
		int ascii_share = rand_r(&seed) % 4 == 0 ? 1 : 8;
		for (int w = 0; w < words; w++) {
			size_t np = sizeof pieces / sizeof *pieces, p;
			const char *g =
				gaps[(size_t)rand_r(&seed) %
				     (sizeof gaps / sizeof *gaps)];
			/* A piece that is not ASCII is drawn again,
			 * but for one time in ascii_share. */
			do
				p = (size_t)rand_r(&seed) % np;
			while (!is_ascii_text(pieces[p]) &&
			       rand_r(&seed) % ascii_share != 0);
			if (len + strlen(pieces[p]) + strlen(g) >= sizeof text)
				break;
			memcpy(text + len, pieces[p], strlen(pieces[p]));
			len += strlen(pieces[p]);
			memcpy(text + len, g, strlen(g));
			len += strlen(g);
		}
		char *want = analysis(icu, text, len);
		char *got = analysis(fast, text, len);
		ck_assert_msg(strcmp(want, got) == 0,
			      "\"%.*s\":\nICU alone:\n%s\nwith wordbreak.c:\n%s",
			      (int)len, text, want, got);
		free(want);
		free(got);
	}
	folio_analyzer_free(fast);
	folio_analyzer_free(icu);
}
END_TEST

/* A text that is all ASCII never opens ICU's break iterator; one that
 * is not still analyses after it (the iterator opened on demand). */
START_TEST(test_tokens__ascii_then_other_text_with_one_analyzer)
{
	folio_analyzer *a = NULL;
	char *t;

	ck_assert_int_eq(folio_analyzer_new(&a, NULL), 0);
	t = analysis(a, "plain words", 11);
	ck_assert_str_eq(t, "plain|plain|0-5|0+1|0\nwords|word|6-11|1+1|0\n");
	free(t);
	t = analysis(a, "caf\xc3\xa9 ok", 8);
	ck_assert_str_eq(t, "cafe|cafe|0-5|0+1|0\nok|ok|6-8|1+1|0\n");
	free(t);
	folio_analyzer_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("wordbreak");
	const TTest *const segment_tests[] = {
		test_plain_chars__are_other_or_mid_num_let_in_icu,
		test_segments__every_pair_of_plain_characters_as_icu,
		test_segments__every_context_of_four_as_icu,
		test_segments__random_text_as_icu,
		test_fixed_break__is_a_break_of_icu_in_any_text,
		test_plain_span__stops_at_the_first_character_not_plain,
	};
	const TTest *const token_tests[] = {
		test_tokens__as_icu_alone_gives_them_on_mixed_text,
		test_tokens__ascii_then_other_text_with_one_analyzer,
	};

	FIXTURE_ADD_TCASE(s, "segments", segment_tests);
	FIXTURE_ADD_TCASE(s, "tokens", token_tests);
	return fixture_run(s);
}
