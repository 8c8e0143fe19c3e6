/*
 * check_snippet.c - snippets: highlights are the words as written, at
 * exact byte spans; the window is the one with the most distinct query
 * words; cuts fall between words, marked by the ellipsis; the output is
 * valid UTF-8 with whitespace folded, whatever the input.
 *
 * Every snippet a test makes goes through check_snippet(), which checks
 * what must always hold (valid UTF-8, spans in order inside the text, no
 * stray whitespace), and the highlights are compared by slicing the
 * snippet text at the spans, so a wrong offset fails the test.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* An index only to parse queries against (its analyzer and fields). */
static const char *const fields1[] = {"source=Reuters", NULL};
static const fixture_doc docs[] = {
	{"1", "Seoul weighs a Huawei ban",
	 "Washington is pressuring South Korea over Huawei equipment.",
	 fields1},
	{"2", "Weather", "Sunny skies over Seoul.", NULL},
};

static folio_db *db;
static char *dir;

static void setup(void)
{
	db = fixture_index(&dir, docs, sizeof docs / sizeof docs[0]);
}

static void teardown(void)
{
	fixture_close(&db, &dir);
}

/* ---- Helpers ------------------------------------------------------ */

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
static int valid_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4;
		else
			return 0;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		for (size_t k = 1; k < n; k++) {
			if (i + k >= len || s[i + k] < lo || s[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
		i += n;
	}
	return 1;
}

/* Characters (code points) of valid UTF-8. */
static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* What holds for every snippet. */
static void check_snippet(const folio_snippet *snip)
{
	size_t len = 0, prev_end = 0;
	const char *text = folio_snippet_text(snip, &len);

	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(strlen(text), len);
	ck_assert_msg(valid_utf8(text, len), "invalid UTF-8 in '%s'", text);
	ck_assert_ptr_null(strpbrk(text, "\t\n\r\v\f"));
	ck_assert_ptr_null(strstr(text, "  "));
	if (len > 0) {
		ck_assert(text[0] != ' ');
		ck_assert(text[len - 1] != ' ');
	}
	for (size_t i = 0; i < folio_snippet_span_count(snip); i++) {
		size_t start = 0, end = 0;
		ck_assert_folio_ok(folio_snippet_span(snip, i, &start, &end));
		ck_assert_uint_le(prev_end, start);
		ck_assert_uint_lt(start, end);
		ck_assert_uint_le(end, len);
		ck_assert(valid_utf8(text + start, end - start));
		prev_end = end;
	}
	ck_assert_int_eq(folio_snippet_span(
				 snip, folio_snippet_span_count(snip), NULL,
				 NULL),
			 FOLIO_EINVALID);
}

/* The snippet of text for query, with max_chars (0: default) and
 * ellipsis (NULL: default), checked. */
static folio_snippet *snippet(const char *query, const char *text,
			      size_t len, size_t max_chars,
			      const char *ellipsis)
{
	folio_query *q = NULL;
	folio_snippet *snip = NULL;
	folio_snippet_options opts = FOLIO_SNIPPET_OPTIONS_INIT;
	/* A heap copy of exactly len bytes, so ASan sees any overread. */
	char *copy = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	opts.max_chars = max_chars;
	opts.ellipsis = ellipsis;
	ck_assert_folio_ok(folio_query_parse(&q, db, query, NULL));
	ck_assert_folio_ok(folio_snippet_new(&snip, q, copy, len, &opts));
	ck_assert_ptr_nonnull(snip);
	check_snippet(snip);
	folio_query_free(q);
	free(copy);
	return snip;
}

/* The highlighted words, sliced out of the snippet text at the spans:
 * "[Huawei][Korea]". */
static char *highlights(const folio_snippet *snip)
{
	const char *text = folio_snippet_text(snip, NULL);
	size_t cap = strlen(text) + 3 * folio_snippet_span_count(snip) + 1;
	char *out = calloc(1, cap), *p = out;
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < folio_snippet_span_count(snip); i++) {
		size_t start, end;
		ck_assert_folio_ok(folio_snippet_span(snip, i, &start, &end));
		p += sprintf(p, "[%.*s]", (int)(end - start), text + start);
	}
	return out;
}

#define ck_assert_highlights(snip, expected)                              \
	do {                                                              \
		char *got_ = highlights(snip);                            \
		ck_assert_msg(strcmp(got_, (expected)) == 0,              \
			      "highlights %s, expected %s in '%s'", got_, \
			      (expected), folio_snippet_text(snip, NULL)); \
		free(got_);                                               \
	} while (0)

/* Snippet of a NUL-terminated text with the defaults. */
static folio_snippet *simple(const char *query, const char *text)
{
	return snippet(query, text, strlen(text), 0, NULL);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A long text: n words of filler "w<i>", with extra words placed at
 * some word numbers, e.g. {10, "Huawei"}. */
typedef struct placed {
	int at;
	const char *word;
} placed;

static char *filler(int n, const placed *extra, size_t nextra)
{
	char *s = malloc((size_t)n * 16 + 1024);
	size_t len = 0;
	ck_assert_ptr_nonnull(s);
	for (int i = 0; i < n; i++) {
		const char *w = NULL;
		for (size_t k = 0; k < nextra; k++)
			if (extra[k].at == i)
				w = extra[k].word;
		if (w)
			len += (size_t)sprintf(s + len, "%s%s", i ? " " : "",
					       w);
		else
			len += (size_t)sprintf(s + len, "%sw%d", i ? " " : "",
					       i);
	}
	s[len] = '\0';
	return s;
}

/* ---- Highlights --------------------------------------------------- */

START_TEST(test_snippet_highlights__are_the_words_at_exact_byte_spans)
{
	const char *text = "US pressure on Seoul over Huawei, and on South "
			   "Korea.";
	folio_snippet *snip = simple("huawei korea", text);
	size_t len, start, end;
	const char *out = folio_snippet_text(snip, &len);

	ck_assert_str_eq(out, text);
	ck_assert_uint_eq(folio_snippet_span_count(snip), 2);
	ck_assert_folio_ok(folio_snippet_span(snip, 0, &start, &end));
	ck_assert_uint_eq(start, (size_t)(strstr(text, "Huawei") - text));
	ck_assert_uint_eq(end, start + 6);
	ck_assert_folio_ok(folio_snippet_span(snip, 1, &start, &end));
	ck_assert_uint_eq(start, (size_t)(strstr(text, "Korea") - text));
	ck_assert_uint_eq(end, start + 5);
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__stems_match_inflected_forms)
{
	folio_snippet *snip = simple(
		"pressure",
		"Seoul was Pressured; the pressuring goes on. PRESSURE! "
		"A pressurized cabin, and press.");
	/* pressurized has the stem pressur too; press does not. */
	ck_assert_highlights(snip, "[Pressured][pressuring][PRESSURE]"
				   "[pressurized]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__every_match_not_only_the_first)
{
	folio_snippet *snip =
		simple("huawei", "Huawei, huawei and HUAWEI: Huawei's");
	ck_assert_highlights(snip, "[Huawei][huawei][HUAWEI][Huawei's]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__phrase_words_in_their_exact_form)
{
	folio_snippet *snip =
		simple("\"south korea\"", "South Korea and North Korea, "
					  "the south's Koreas.");
	/* "south's" holds the word "south" (its ALT form), so it is
	 * highlighted; "Koreas" is another form and is not. */
	ck_assert_highlights(snip, "[South][Korea][Korea][south's]");
	folio_snippet_free(snip);
	/* A quoted word matches that form only, not its stem. */
	snip = simple("\"pressuring\"", "pressure, pressuring, pressured");
	ck_assert_highlights(snip, "[pressuring]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__words_starting_with_a_prefix)
{
	folio_snippet *snip = simple(
		"huaw*", "Huawei and Huaweis, but not Hua or a huaw.");
	ck_assert_highlights(snip, "[Huawei][Huaweis][huaw]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__no_negated_words)
{
	const char *text = "Huawei in Korea, and China.";
	folio_snippet *snip = simple("huawei -korea", text);
	ck_assert_highlights(snip, "[Huawei]");
	folio_snippet_free(snip);
	snip = simple("huawei NOT (korea OR china)", text);
	ck_assert_highlights(snip, "[Huawei]");
	folio_snippet_free(snip);
	snip = simple("-huawei", text);
	ck_assert_highlights(snip, "");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__no_field_filters_or_title_words)
{
	/* source:reuters and title:seoul matched other parts of the
	 * document, not this text. */
	folio_snippet *snip = simple("korea source:reuters title:seoul",
				     "Reuters: Seoul and Korea.");
	ck_assert_highlights(snip, "[Korea]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_highlights__both_sides_of_an_or)
{
	folio_snippet *snip =
		simple("huawei OR (zte korea)", "ZTE, Korea and Huawei.");
	ck_assert_highlights(snip, "[ZTE][Korea][Huawei]");
	folio_snippet_free(snip);
}
END_TEST

/* ---- The window --------------------------------------------------- */

START_TEST(test_snippet_window__has_the_most_distinct_matched_words)
{
	/* Huawei many times early; Huawei and Korea together later. */
	placed extra[] = {{20, "Huawei"}, {22, "Huawei"}, {24, "Huawei"},
			  {26, "Huawei"}, {28, "Huawei"}, {300, "Korea"},
			  {303, "Huawei"}};
	char *text = filler(600, extra, sizeof extra / sizeof extra[0]);
	folio_snippet *snip = snippet("huawei korea", text, strlen(text), 80,
				      NULL);
	ck_assert_highlights(snip, "[Korea][Huawei]");
	ck_assert_ptr_nonnull(strstr(folio_snippet_text(snip, NULL),
				     "w301 w302"));
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__prefers_more_matches_on_a_tie)
{
	placed extra[] = {{50, "Korea"},  {52, "Huawei"}, {300, "Korea"},
			  {302, "Huawei"}, {304, "huawei"}};
	char *text = filler(600, extra, sizeof extra / sizeof extra[0]);
	folio_snippet *snip = snippet("huawei korea", text, strlen(text), 80,
				      NULL);
	ck_assert_highlights(snip, "[Korea][Huawei][huawei]");
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__is_the_earliest_of_equal_ones)
{
	placed extra[] = {{100, "Korea"}, {102, "Huawei"}, {400, "Korea"},
			  {402, "Huawei"}};
	char *text = filler(600, extra, sizeof extra / sizeof extra[0]);
	folio_snippet *snip = snippet("huawei korea", text, strlen(text), 80,
				      NULL);
	ck_assert_highlights(snip, "[Korea][Huawei]");
	ck_assert_ptr_nonnull(strstr(folio_snippet_text(snip, NULL), "w101"));
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__starts_a_little_before_the_first_match)
{
	placed extra[] = {{300, "Huawei"}};
	char *text = filler(600, extra, 1);
	folio_snippet *snip = snippet("huawei", text, strlen(text), 100, NULL);
	const char *out = folio_snippet_text(snip, NULL);
	size_t start;

	ck_assert_folio_ok(folio_snippet_span(snip, 0, &start, NULL));
	/* Some words of context, but the match in the first half. */
	ck_assert_uint_gt(start, strlen(ELLIPSIS) + 10);
	ck_assert_uint_lt(start, strlen(out) / 2);
	/* The context starts at a word: "…w29x ..." */
	ck_assert_msg(starts_with(out, ELLIPSIS "w2"), "'%s'", out);
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__is_about_max_chars_long)
{
	placed extra[] = {{300, "Huawei"}};
	char *text = filler(600, extra, 1);
	size_t sizes[] = {20, 50, 80, 200, 500};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		folio_snippet *snip =
			snippet("huawei", text, strlen(text), sizes[i], NULL);
		size_t len;
		const char *out = folio_snippet_text(snip, &len);
		size_t chars = count_chars(out, len) - 2; /* two ellipses */
		ck_assert_msg(chars <= sizes[i] && chars + 6 >= sizes[i],
			      "%zu characters for max_chars %zu: '%s'",
			      chars, sizes[i], out);
		ck_assert_highlights(snip, "[Huawei]");
		folio_snippet_free(snip);
	}
	free(text);
}
END_TEST

START_TEST(test_snippet_window__default_max_chars_is_200)
{
	placed extra[] = {{300, "Huawei"}};
	char *text = filler(600, extra, 1);
	folio_snippet *a = snippet("huawei", text, strlen(text), 0, NULL);
	folio_snippet *b = snippet("huawei", text, strlen(text), 200, NULL);
	ck_assert_str_eq(folio_snippet_text(a, NULL),
			 folio_snippet_text(b, NULL));
	folio_snippet_free(a);
	folio_snippet_free(b);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__without_a_match_is_the_start_of_the_text)
{
	char *text = filler(600, NULL, 0);
	folio_snippet *snip = snippet("huawei", text, strlen(text), 50, NULL);
	const char *out = folio_snippet_text(snip, NULL);
	ck_assert_msg(starts_with(out, "w0 w1 w2 "), "'%s'", out);
	ck_assert(ends_with(out, ELLIPSIS));
	ck_assert_uint_eq(folio_snippet_span_count(snip), 0);
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__a_match_near_the_end_fills_the_window)
{
	placed extra[] = {{598, "Huawei"}};
	char *text = filler(600, extra, 1);
	folio_snippet *snip = snippet("huawei", text, strlen(text), 60, NULL);
	const char *out = folio_snippet_text(snip, NULL);
	ck_assert_msg(ends_with(out, "Huawei w599"), "'%s'", out);
	ck_assert_uint_ge(count_chars(out, strlen(out)), 55);
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_window__counts_blank_runs_as_one_and_letters_not_bytes)
{
	/* Words of three letters, one of two bytes ("d\xC3\xA9f"), between
	 * separators of 1 to 37 bytes, blank runs and punctuation: the
	 * window from the start holds the words whose last letter is within
	 * max_chars, each blank run one character, whatever the runs'
	 * lengths or where they fall. */
	static const struct {
		const char *text, *printed;
	} seps[] = {
		{" ", " "},
		{"\t \n", " "},
		{"      \n\n~~ ~~~ ~ ~~~~ \xE2\x80\x94 \xE2\x80\x94\xE2\x80\x94"
		 " ~ ~~~~~ ~~ ~~~ ~ ~~~~ ~~ ~\t\t",
		 " ~~ ~~~ ~ ~~~~ \xE2\x80\x94 \xE2\x80\x94\xE2\x80\x94"
		 " ~ ~~~~~ ~~ ~~~ ~ ~~~~ ~~ ~ "},
		{"\r\n\t\t\t\t\t\t\t\t\t\t\t\t                       ", " "},
	};
	char text[8192] = "";
	char want[4096] = "";
	size_t ends[60], end = 0;

	for (int w = 0; w < 60; w++) {
		if (w > 0) {
			strcat(text, seps[(w * 7) % 4].text);
			end += count_chars(seps[(w * 7) % 4].printed,
					   strlen(seps[(w * 7) % 4].printed));
		}
		strcat(text, w % 3 ? "abc" : "d\xC3\xA9" "f");
		ends[w] = end += 3;
	}
	for (size_t max = 3; max <= 160; max += 13) {
		want[0] = '\0';
		for (int w = 0; w < 60 && ends[w] <= max; w++) {
			if (w > 0)
				strcat(want, seps[(w * 7) % 4].printed);
			strcat(want, w % 3 ? "abc" : "d\xC3\xA9" "f");
		}
		strcat(want, ELLIPSIS);
		folio_snippet *snip =
			snippet("zzz", text, strlen(text), max, NULL);
		ck_assert_msg(strcmp(folio_snippet_text(snip, NULL), want) == 0,
			      "max %zu:\n got  '%s'\n want '%s'", max,
			      folio_snippet_text(snip, NULL), want);
		folio_snippet_free(snip);
	}
}
END_TEST

/* ---- Ellipses and whitespace -------------------------------------- */

START_TEST(test_snippet_ellipsis__only_where_the_text_was_cut)
{
	placed mid[] = {{300, "Huawei"}}, first[] = {{0, "Huawei"}},
	       last[] = {{599, "Huawei"}};
	char *text = filler(600, mid, 1);
	folio_snippet *snip = snippet("huawei", text, strlen(text), 60, NULL);
	const char *out = folio_snippet_text(snip, NULL);
	ck_assert_msg(starts_with(out, ELLIPSIS "w") &&
			      ends_with(out, ELLIPSIS),
		      "'%s'", out);
	folio_snippet_free(snip);
	free(text);

	text = filler(600, first, 1);
	snip = snippet("huawei", text, strlen(text), 60, NULL);
	out = folio_snippet_text(snip, NULL);
	ck_assert_msg(starts_with(out, "Huawei w1 ") &&
			      ends_with(out, ELLIPSIS),
		      "'%s'", out);
	folio_snippet_free(snip);
	free(text);

	text = filler(600, last, 1);
	snip = snippet("huawei", text, strlen(text), 60, NULL);
	out = folio_snippet_text(snip, NULL);
	ck_assert_msg(starts_with(out, ELLIPSIS "w") &&
			      ends_with(out, "w598 Huawei"),
		      "'%s'", out);
	folio_snippet_free(snip);
	free(text);

	snip = simple("huawei", "A short text about Huawei.");
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 "A short text about Huawei.");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_ellipsis__may_be_chosen_or_turned_off)
{
	placed mid[] = {{300, "Huawei"}};
	char *text = filler(600, mid, 1);
	folio_snippet *snip = snippet("huawei", text, strlen(text), 60, "...");
	const char *out = folio_snippet_text(snip, NULL);
	size_t start;
	ck_assert(starts_with(out, "...w") && ends_with(out, "..."));
	/* Spans count the ellipsis's bytes. */
	ck_assert_folio_ok(folio_snippet_span(snip, 0, &start, NULL));
	ck_assert(starts_with(out + start, "Huawei"));
	folio_snippet_free(snip);

	snip = snippet("huawei", text, strlen(text), 60, "");
	out = folio_snippet_text(snip, NULL);
	ck_assert(starts_with(out, "w"));
	ck_assert(out[strlen(out) - 1] >= '0' && out[strlen(out) - 1] <= '9');
	ck_assert_highlights(snip, "[Huawei]");
	folio_snippet_free(snip);
	free(text);
}
END_TEST

START_TEST(test_snippet_ellipsis__not_for_blank_space_left_out)
{
	folio_snippet *snip =
		simple("huawei", "  \n\t Huawei and Korea \n\n ");
	ck_assert_str_eq(folio_snippet_text(snip, NULL), "Huawei and Korea");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_cut__keeps_punctuation_stuck_to_the_last_word)
{
	placed mid[] = {{300, "Huawei"}};
	char *text = filler(600, mid, 1);
	char *p;
	/* Make every filler word end with a comma. */
	size_t len = strlen(text);
	char *commas = malloc(2 * len + 1);
	ck_assert_ptr_nonnull(commas);
	p = commas;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == ' ')
			*p++ = ',';
		*p++ = text[i];
	}
	*p = '\0';
	folio_snippet *snip = snippet("huawei", commas, strlen(commas), 60,
				      NULL);
	const char *out = folio_snippet_text(snip, NULL);
	ck_assert_msg(ends_with(out, "," ELLIPSIS), "'%s'", out);
	ck_assert_highlights(snip, "[Huawei]");
	folio_snippet_free(snip);
	free(commas);
	free(text);
}
END_TEST

START_TEST(test_snippet_whitespace__runs_are_folded_to_one_space)
{
	const char *text =
		"\r\n  Huawei\t\tand \v\f  the\n\nSouth   Korea  \r\n";
	folio_snippet *snip = simple("huawei korea", text);
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 "Huawei and the South Korea");
	ck_assert_highlights(snip, "[Huawei][Korea]");
	folio_snippet_free(snip);
}
END_TEST

/* ---- UTF-8 -------------------------------------------------------- */

START_TEST(test_snippet_utf8__multibyte_text_is_never_cut_inside_a_char)
{
	/* Two, three and four byte characters, in words and between. */
	static const char *const words[] = {
		"S\xC3\xA9oul",
		"\xE5\x8D\x8E\xE4\xB8\xBA",
		"\xF0\x9F\x98\x80",
		"caf\xC3\xA9",
		"\xC3\xBC\xC3\xB1\xC3\xAF",
		"\xE2\x80\x94",
		"na\xC3\xAFve",
		"\xD0\x9A\xD0\xBE\xD1\x80\xD0\xB5\xD1\x8F",
	};
	char text[8192];
	size_t len = 0;
	for (int i = 0; len < sizeof text - 64; i++) {
		const char *w = words[i % 8];
		if (i == 150)
			w = "Huawei";
		len += (size_t)sprintf(text + len, "%s%s", i ? " " : "", w);
	}
	for (size_t max = 1; max <= 400; max++) {
		folio_snippet *snip =
			snippet("huawei", text, len, max, NULL);
		ck_assert_highlights(snip, "[Huawei]");
		folio_snippet_free(snip);
		/* And without a match: the start of the text. */
		snip = snippet("korea", text, len, max, NULL);
		ck_assert(starts_with(folio_snippet_text(snip, NULL),
				      "S\xC3\xA9oul"));
		folio_snippet_free(snip);
	}
}
END_TEST

START_TEST(test_snippet_utf8__highlights_multibyte_words_exactly)
{
	folio_snippet *snip =
		simple("s\xC3\xA9oul", "\xE2\x80\x9CS\xC3\xA9oul\xE2\x80\x9D "
				       "says S\xC3\x89OUL and s\xC3\xA9oul.");
	ck_assert_highlights(snip,
			     "[S\xC3\xA9oul][S\xC3\x89OUL][s\xC3\xA9oul]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_utf8__invalid_input_gives_valid_output)
{
	const char text[] = "Huawei \xFF\xFE and \xC3 Korea \xED\xA0\x80 "
			    "ok\xE2\x80 Huawei\xC0\xAF end \xF0\x9F";
	folio_snippet *snip = snippet("huawei korea", text, sizeof text - 1,
				      0, NULL);
	const char *out = folio_snippet_text(snip, NULL);
	/* check_snippet() saw valid UTF-8; the bad bytes became U+FFFD. */
	ck_assert_ptr_nonnull(strstr(out, "\xEF\xBF\xBD"));
	ck_assert(starts_with(out, "Huawei \xEF\xBF\xBD"));
	ck_assert_highlights(snip, "[Huawei][Korea][Huawei]");
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_utf8__invalid_input_at_every_window_size)
{
	char text[3000];
	size_t len = 0;
	for (int i = 0; len < sizeof text - 32; i++)
		len += (size_t)sprintf(text + len, "%s%s", i ? " " : "",
				       i == 60 ? "Huawei"
				       : i % 3 ? "w\xE2\x82"
					       : "\xFF\xC3\xA9x");
	for (size_t max = 1; max <= 300; max += 7) {
		folio_snippet *snip = snippet("huawei", text, len, max, NULL);
		ck_assert_highlights(snip, "[Huawei]");
		folio_snippet_free(snip);
	}
}
END_TEST

/* ---- Edge cases and the API --------------------------------------- */

START_TEST(test_snippet_text__empty_or_without_words)
{
	folio_snippet *snip = snippet("huawei", "", 0, 0, NULL);
	ck_assert_str_eq(folio_snippet_text(snip, NULL), "");
	ck_assert_uint_eq(folio_snippet_span_count(snip), 0);
	folio_snippet_free(snip);

	snip = simple("huawei", " \xE2\x80\x94 ... !!! ");
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 "\xE2\x80\x94 ... !!!");
	folio_snippet_free(snip);

	snip = snippet("huawei", "!!!!!!!!!!!!!!!!!!!!", 20, 5, NULL);
	ck_assert_str_eq(folio_snippet_text(snip, NULL), "!!!!!" ELLIPSIS);
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_window__a_word_longer_than_max_chars_is_whole)
{
	folio_snippet *snip = snippet("huawei", "a Huawei b", 10, 3, NULL);
	ck_assert_highlights(snip, "[Huawei]");
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 ELLIPSIS "Huawei" ELLIPSIS);
	folio_snippet_free(snip);
}
END_TEST

START_TEST(test_snippet_results__cuts_the_body_of_a_hit)
{
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_snippet *snip = NULL;

	ck_assert_folio_ok(folio_query_parse(&q, db, "pressure", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 1);
	ck_assert_folio_ok(folio_results_snippet(&snip, r, 0, q, NULL));
	check_snippet(snip);
	ck_assert_str_eq(folio_snippet_text(snip, NULL), docs[0].body);
	ck_assert_highlights(snip, "[pressuring]");
	folio_snippet_free(snip);

	snip = (folio_snippet *)&snip;
	ck_assert_int_eq(folio_results_snippet(&snip, r, 1, q, NULL),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(snip);
	folio_results_free(r);
	folio_query_free(q);
}
END_TEST

START_TEST(test_snippet_options__init_and_bad_arguments)
{
	folio_snippet_options opts;
	folio_query *q = NULL;
	folio_snippet *snip = (folio_snippet *)&snip;

	ck_assert_folio_ok(folio_snippet_options_init(
		&opts, FOLIO_SNIPPET_OPTIONS_VERSION));
	ck_assert_uint_eq(opts.max_chars, 200);
	ck_assert_ptr_null(opts.ellipsis);
	ck_assert_int_eq(folio_snippet_options_init(&opts, 42),
			 FOLIO_EINVALID);

	ck_assert_folio_ok(folio_query_parse(&q, db, "huawei", NULL));
	opts.version = 42;
	ck_assert_int_eq(folio_snippet_new(&snip, q, "a", 1, &opts),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(snip);
	ck_assert_int_eq(folio_snippet_new(&snip, NULL, "a", 1, NULL),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_snippet_new(&snip, q, NULL, 1, NULL),
			 FOLIO_EINVALID);
	ck_assert_folio_ok(folio_snippet_new(&snip, q, NULL, 0, NULL));
	ck_assert_str_eq(folio_snippet_text(snip, NULL), "");
	folio_snippet_free(snip);
	folio_snippet_free(NULL);
	ck_assert_str_eq(folio_snippet_text(NULL, NULL), "");
	ck_assert_uint_eq(folio_snippet_span_count(NULL), 0);
	folio_query_free(q);
}
END_TEST

/* ---- The suite ---------------------------------------------------- */

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

/* A test case of the n tests, each run on a fresh fixture index. */
static void add_case(Suite *s, const char *name, const TTest *const *tests,
		     size_t n)
{
	TCase *tc = fixture_add_tcase(s, name, tests, n);
	tcase_add_checked_fixture(tc, setup, teardown);
}

static Suite *snippet_suite(void)
{
	Suite *s = suite_create("snippet");

	const TTest *hl[] = {
		test_snippet_highlights__are_the_words_at_exact_byte_spans,
		test_snippet_highlights__stems_match_inflected_forms,
		test_snippet_highlights__every_match_not_only_the_first,
		test_snippet_highlights__phrase_words_in_their_exact_form,
		test_snippet_highlights__words_starting_with_a_prefix,
		test_snippet_highlights__no_negated_words,
		test_snippet_highlights__no_field_filters_or_title_words,
		test_snippet_highlights__both_sides_of_an_or,
	};
	const TTest *win[] = {
		test_snippet_window__has_the_most_distinct_matched_words,
		test_snippet_window__prefers_more_matches_on_a_tie,
		test_snippet_window__is_the_earliest_of_equal_ones,
		test_snippet_window__starts_a_little_before_the_first_match,
		test_snippet_window__is_about_max_chars_long,
		test_snippet_window__default_max_chars_is_200,
		test_snippet_window__without_a_match_is_the_start_of_the_text,
		test_snippet_window__a_match_near_the_end_fills_the_window,
		test_snippet_window__counts_blank_runs_as_one_and_letters_not_bytes,
		test_snippet_window__a_word_longer_than_max_chars_is_whole,
	};
	const TTest *cut[] = {
		test_snippet_ellipsis__only_where_the_text_was_cut,
		test_snippet_ellipsis__may_be_chosen_or_turned_off,
		test_snippet_ellipsis__not_for_blank_space_left_out,
		test_snippet_cut__keeps_punctuation_stuck_to_the_last_word,
		test_snippet_whitespace__runs_are_folded_to_one_space,
	};
	const TTest *utf8[] = {
		test_snippet_utf8__multibyte_text_is_never_cut_inside_a_char,
		test_snippet_utf8__highlights_multibyte_words_exactly,
		test_snippet_utf8__invalid_input_gives_valid_output,
		test_snippet_utf8__invalid_input_at_every_window_size,
	};
	const TTest *api[] = {
		test_snippet_text__empty_or_without_words,
		test_snippet_results__cuts_the_body_of_a_hit,
		test_snippet_options__init_and_bad_arguments,
	};

	add_case(s, "highlights", hl, COUNT(hl));
	add_case(s, "window", win, COUNT(win));
	add_case(s, "ellipses and whitespace", cut, COUNT(cut));
	add_case(s, "utf-8", utf8, COUNT(utf8));
	add_case(s, "api", api, COUNT(api));
	return s;
}

int main(void)
{
	return fixture_run(snippet_suite());
}
