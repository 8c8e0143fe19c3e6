/*
 * check_analyze.c - the analyzer: words, offsets, folding, stemming,
 * languages, and text that is not what it should be.
 *
 * Most tests describe the tokens of a text as one string,
 * "term/stem[start,end)" per token, so that a test states exactly what
 * the analyzer must produce and fails on any change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- Helpers ------------------------------------------------------ */

/* Every token of one folio_analyze() call, copied out of the callback. */
typedef struct tokens {
	char terms[64][256];
	char stems[64][256];
	size_t start[64], end[64];
	uint32_t position[64];
	size_t count;
	size_t stop_after; /* return stop_with after this many; 0: never */
	int stop_with;
} tokens;

/* The base tokens, one per position; the ALT forms (joined compounds,
 * CJK pairs) are the token table's business (check_tokens.c). */
static int collect(const folio_token *t, void *payload)
{
	tokens *toks = payload;
	if (t->flags & FOLIO_TOKEN_ALT)
		return 0;
	ck_assert_uint_lt(toks->count, 64);
	ck_assert_uint_lt(t->term_len, 256);
	ck_assert_uint_lt(t->stem_len, 256);
	ck_assert_ptr_nonnull(t->term);
	ck_assert_ptr_nonnull(t->stem);
	memcpy(toks->terms[toks->count], t->term, t->term_len);
	toks->terms[toks->count][t->term_len] = '\0';
	memcpy(toks->stems[toks->count], t->stem, t->stem_len);
	toks->stems[toks->count][t->stem_len] = '\0';
	toks->start[toks->count] = t->start;
	toks->end[toks->count] = t->end;
	toks->position[toks->count] = t->position;
	toks->count++;
	if (toks->stop_after && toks->count == toks->stop_after)
		return toks->stop_with;
	return 0;
}

static folio_analyzer *analyzer_for(const char *language)
{
	folio_analyzer_options opts = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_analyzer *a = NULL;
	opts.language = language;
	ck_assert_folio_ok(folio_analyzer_new(&a, &opts));
	ck_assert_ptr_nonnull(a);
	return a;
}

/*
 * Analyse len bytes of text with a fresh analyzer for language, from a
 * heap copy of exactly len bytes (no NUL after it), so that ASan catches
 * any read past the end.  Also checks what holds for every token: its
 * offsets lie in the text, in order, and positions count from 0.
 */
static void analyze_n(tokens *out, const char *language, const char *text,
		      size_t len)
{
	folio_analyzer *a = analyzer_for(language);
	char *copy = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	memset(out, 0, sizeof *out);
	ck_assert_folio_ok(folio_analyze(a, copy, len, collect, out));
	for (size_t i = 0; i < out->count; i++) {
		ck_assert_uint_lt(out->start[i], out->end[i]);
		ck_assert_uint_le(out->end[i], len);
		if (i > 0)
			ck_assert_uint_le(out->end[i - 1], out->start[i]);
		ck_assert_uint_eq(out->position[i], i);
	}
	free(copy);
	folio_analyzer_free(a);
}

/* "term/stem[start,end) ..." for the tokens; static storage. */
static const char *describe(const tokens *toks)
{
	static char text[8192];
	size_t used = 0;
	text[0] = '\0';
	for (size_t i = 0; i < toks->count; i++) {
		int n = snprintf(text + used, sizeof text - used,
				 "%s%s/%s[%zu,%zu)", i ? " " : "",
				 toks->terms[i], toks->stems[i],
				 toks->start[i], toks->end[i]);
		ck_assert(n > 0 && (size_t)n < sizeof text - used);
		used += (size_t)n;
	}
	return text;
}

/* The description of a NUL-terminated text's tokens. */
static const char *tokens_of(const char *language, const char *text)
{
	static tokens toks;
	analyze_n(&toks, language, text, strlen(text));
	return describe(&toks);
}

/* The same for len bytes, which may hold NULs and bad UTF-8. */
static const char *tokens_of_n(const char *language, const char *text,
			       size_t len)
{
	static tokens toks;
	analyze_n(&toks, language, text, len);
	return describe(&toks);
}

/* Check that each token's bytes in text are the word expected. */
static void assert_slices(const char *text, const char *const *words)
{
	tokens toks;
	size_t n = 0;
	analyze_n(&toks, "english", text, strlen(text));
	for (; words[n]; n++) {
		ck_assert_uint_lt(n, toks.count);
		size_t len = toks.end[n] - toks.start[n];
		ck_assert_msg(len == strlen(words[n]) &&
				      memcmp(text + toks.start[n], words[n],
					     len) == 0,
			      "token %zu is '%.*s', expected '%s'", n,
			      (int)len, text + toks.start[n], words[n]);
	}
	ck_assert_uint_eq(toks.count, n);
}

/* ---- Words, offsets, positions ------------------------------------ */

START_TEST(test_analyze_words__of_a_sentence_come_with_byte_offsets)
{
	ck_assert_str_eq(tokens_of("english", "US pressure on South Korea."),
			 "us/us[0,2) pressure/pressur[3,11) on/on[12,14) "
			 "south/south[15,20) korea/korea[21,26)");
}
END_TEST

START_TEST(test_analyze_positions__count_words_from_zero)
{
	tokens toks;
	const char *text = "Seoul, under pressure: Huawei!";
	analyze_n(&toks, "english", text, strlen(text));
	ck_assert_uint_eq(toks.count, 4);
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_uint_eq(toks.position[i], i);
	ck_assert_str_eq(toks.terms[3], "huawei");
	ck_assert_uint_eq(toks.start[3], 23);
	ck_assert_uint_eq(toks.end[3], 29);
}
END_TEST

START_TEST(test_analyze_numbers__are_words)
{
	ck_assert_str_eq(tokens_of("english", "In 2019, 5G cost 3.14 each"),
			 "in/in[0,2) 2019/2019[3,7) 5g/5g[9,11) "
			 "cost/cost[12,16) 3.14/3.14[17,21) "
			 "each/each[22,26)");
}
END_TEST

START_TEST(test_analyze_punctuation__yields_no_tokens)
{
	ck_assert_str_eq(tokens_of("english",
				   "... !!! -- \xe2\x80\x9c\xe2\x80\x9d ,;: "
				   "() [] \xe2\x80\x94 \xf0\x9f\x99\x82 \t\n"),
			 "");
}
END_TEST

START_TEST(test_analyze_empty_input__yields_nothing)
{
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	memset(&toks, 0, sizeof toks);
	ck_assert_int_eq(folio_analyze(a, "", 0, collect, &toks), 0);
	ck_assert_int_eq(folio_analyze(a, NULL, 0, collect, &toks), 0);
	ck_assert_int_eq(folio_analyze(a, "words beyond len", 0, collect,
				       &toks),
			 0);
	ck_assert_uint_eq(toks.count, 0);
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_len__bounds_the_text_read)
{
	/* The bytes after len are letters: a word must still end at len. */
	static const char text[] = "Huawei equipment";
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	memset(&toks, 0, sizeof toks);
	ck_assert_folio_ok(folio_analyze(a, text, 9, collect, &toks));
	ck_assert_str_eq(describe(&toks), "huawei/huawei[0,6) eq/eq[7,9)");
	memset(&toks, 0, sizeof toks);
	ck_assert_folio_ok(folio_analyze(a, text, 4, collect, &toks));
	ck_assert_str_eq(describe(&toks), "huaw/huaw[0,4)");
	folio_analyzer_free(a);
}
END_TEST

/* ---- Folding ------------------------------------------------------ */

START_TEST(test_analyze_terms__are_case_folded)
{
	ck_assert_str_eq(tokens_of("english", "Huawei HUAWEI huawei"),
			 "huawei/huawei[0,6) huawei/huawei[7,13) "
			 "huawei/huawei[14,20)");
	/* Beyond ASCII: full case folding, ß to ss, every sigma to σ, and
	 * (by default) no accents on Latin and Greek letters
	 * (so a word matches whatever its place). */
	ck_assert_str_eq(tokens_of("none", "\xc3\x89T\xc3\x89 Stra\xc3\x9f"
					   "e \xce\xa3\xce\x9f\xce\xa6"
					   "\xce\x9f\xce\xa3"),
			 "ete/ete[0,5) "
			 "strasse/strasse[6,13) "
			 "\xcf\x83\xce\xbf\xcf\x86\xce\xbf\xcf\x83/"
			 "\xcf\x83\xce\xbf\xcf\x86\xce\xbf\xcf\x83[14,24)");
}
END_TEST

START_TEST(test_analyze_fullwidth_letters__fold_to_ascii)
{
	/* U+FF21..U+FF23, three bytes each: the offsets stay the input's. */
	ck_assert_str_eq(tokens_of("english",
				   "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3"),
			 "abc/abc[0,9)");
}
END_TEST

START_TEST(test_analyze_ligatures__fold_to_their_letters)
{
	/* U+FB01 LATIN SMALL LIGATURE FI */
	ck_assert_str_eq(tokens_of("english", "\xef\xac\x81 \xef\xac\x81"
					      "nance"),
			 "fi/fi[0,3) finance/financ[4,12)");
}
END_TEST

START_TEST(test_analyze_apostrophes__curly_and_straight_give_one_term)
{
	/* U+2019 RIGHT SINGLE QUOTATION MARK, U+02BC MODIFIER LETTER
	 * APOSTROPHE, and "'". */
	ck_assert_str_eq(tokens_of("english", "Huawei\xe2\x80\x99s "
					      "Huawei\xca\xbcs Huawei's"),
			 "huawei's/huawei[0,10) huawei's/huawei[11,20) "
			 "huawei's/huawei[21,29)");
}
END_TEST

/* ---- Multi-byte text ---------------------------------------------- */

START_TEST(test_analyze_offsets__in_multibyte_text_slice_back_to_words)
{
	/* Curly quotes, accents, Chinese and kana (a token per
	 * character), and a word after them all. */
	static const char text[] =
		"\xe2\x80\x9c" "Caf\xc3\xa9" "\xe2\x80\x9d "
		"na\xc3\xafve "
		"\xe4\xb8\xad\xe5\x9b\xbd\xe7\x94\xb5\xe4\xbf\xa1 "
		"\xe3\x82\xab\xe3\x82\xbf "
		"Huawei";
	static const char *const words[] = {
		"Caf\xc3\xa9",
		"na\xc3\xafve",
		"\xe4\xb8\xad", "\xe5\x9b\xbd", "\xe7\x94\xb5",
		"\xe4\xbf\xa1",
		"\xe3\x82\xab", "\xe3\x82\xbf",
		"Huawei",
		NULL};
	assert_slices(text, words);
	ck_assert_str_eq(
		tokens_of("none", text),
		"cafe/cafe[3,8) "
		"naive/naive[12,18) "
		"\xe4\xb8\xad/\xe4\xb8\xad[19,22) "
		"\xe5\x9b\xbd/\xe5\x9b\xbd[22,25) "
		"\xe7\x94\xb5/\xe7\x94\xb5[25,28) "
		"\xe4\xbf\xa1/\xe4\xbf\xa1[28,31) "
		"\xe3\x82\xab/\xe3\x82\xab[32,35) "
		"\xe3\x82\xbf/\xe3\x82\xbf[35,38) "
		"huawei/huawei[39,45)");
}
END_TEST

START_TEST(test_analyze_offsets__of_decomposed_accents_cover_the_marks)
{
	/* "e" + U+0301 COMBINING ACUTE: the word is the whole sequence
	 * and folds to the precomposed "é". */
	ck_assert_str_eq(tokens_of("none", "cafe\xcc\x81 bar"),
			 "cafe/cafe[0,6) bar/bar[7,10)");
}
END_TEST

/* ---- Invalid UTF-8 ------------------------------------------------ */

START_TEST(test_analyze_invalid_utf8__0xff_splits_words_and_is_skipped)
{
	ck_assert_str_eq(tokens_of_n("english", "abc\xff" "def", 7),
			 "abc/abc[0,3) def/def[4,7)");
}
END_TEST

START_TEST(test_analyze_invalid_utf8__lone_continuation_bytes_are_skipped)
{
	ck_assert_str_eq(tokens_of_n("english", "\x80\xbfword\x80", 7),
			 "word/word[2,6)");
}
END_TEST

START_TEST(test_analyze_invalid_utf8__truncated_sequences_are_skipped)
{
	/* A three-byte sequence missing its last byte, mid-text and at
	 * the very end (where a reader past len would be caught). */
	ck_assert_str_eq(tokens_of_n("english", "one\xe2\x80 two\xe2\x80",
				     10),
			 "one/one[0,3) two/two[6,9)");
	ck_assert_str_eq(tokens_of_n("english", "caf\xc3", 4),
			 "caf/caf[0,3)");
	ck_assert_str_eq(tokens_of_n("english", "\xf0\x9f\x99", 3), "");
}
END_TEST

START_TEST(test_analyze_invalid_utf8__a_nul_byte_separates_words)
{
	ck_assert_str_eq(tokens_of_n("english", "one\0two", 7),
			 "one/one[0,3) two/two[4,7)");
}
END_TEST

START_TEST(test_analyze_invalid_utf8__never_gives_offsets_out_of_range)
{
	/* Every byte value at every place in a short word: analyze_n()
	 * checks the offsets of every token. */
	char text[8];
	tokens toks;
	for (int b = 0; b < 256; b++) {
		for (size_t at = 0; at < sizeof text; at++) {
			memcpy(text, "Ab\xc3\xa9" "cd\xe4\xb8", sizeof text);
			text[at] = (char)b;
			analyze_n(&toks, "english", text, sizeof text);
			for (size_t i = 0; i < toks.count; i++)
				ck_assert_uint_gt(strlen(toks.terms[i]), 0);
		}
	}
	/* Surrogates and overlong forms are not characters either. */
	ck_assert_str_eq(tokens_of_n("english", "a\xed\xa0\x80" "b", 5),
			 "a/a[0,1) b/b[4,5)");
	ck_assert_str_eq(tokens_of_n("english", "a\xc0\xaf" "b", 4),
			 "a/a[0,1) b/b[3,4)");
}
END_TEST

/* ---- Long words --------------------------------------------------- */

START_TEST(test_analyze_long_word__is_skipped_without_a_position)
{
	char text[600];
	tokens toks;
	/* "a", then 241 x's, then "b": the x's are one word too long. */
	memset(text, 'x', sizeof text);
	memcpy(text, "a ", 2);
	memcpy(text + 2 + 241, " b", 2);
	analyze_n(&toks, "english", text, 2 + 241 + 2);
	ck_assert_str_eq(describe(&toks), "a/a[0,1) b/b[244,245)");
	ck_assert_uint_eq(toks.position[1], 1);
}
END_TEST

/* What the long-word test needs of the tokens: there may be thousands. */
typedef struct ends {
	char first[16], last[16];
	size_t count, longest;
} ends;

static int note_ends(const folio_token *t, void *payload)
{
	ends *e = payload;
	size_t n = t->term_len < 15 ? t->term_len : 15;
	if (e->count++ == 0) {
		memcpy(e->first, t->term, n);
		e->first[n] = '\0';
	}
	memcpy(e->last, t->term, n);
	e->last[n] = '\0';
	if (t->term_len > e->longest)
		e->longest = t->term_len;
	return 0;
}

/* Words far longer than any term, of every shape the ASCII path cuts
 * (plain, symbol, dotted, acronym, joined, grouped digits, hyphenated):
 * skipped or cut into parts, never written past the analyzer's buffers
 * (a 2,000-byte word once crashed folio index).  The words around them
 * are still found. */
START_TEST(test_analyze_long_word__of_any_shape_and_length_is_survived)
{
	static const char *const units[] = {"x", "ab.", "a.", "a_", "1,",
					    "ab-", "Ab"};
	static const size_t lengths[] = {241, 800, 3000, 70000};
	static const char *const tails[] = {"", "++", "#", ".NET"};
	folio_analyzer *a = analyzer_for("english");
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
			for (size_t t = 0; t < sizeof tails / sizeof tails[0];
			     t++) {
				size_t n = lengths[l], k = strlen(units[u]);
				char *text = malloc(n + 32);
				ends e;
				memset(&e, 0, sizeof e);
				ck_assert_ptr_nonnull(text);
				strcpy(text, "alpha ");
				size_t at = strlen(text);
				for (size_t i = 0; i < n; i++)
					text[at + i] = units[u][i % k];
				strcpy(text + at + n, tails[t]);
				strcat(text, " omega");
				ck_assert_folio_ok(folio_analyze(
					a, text, strlen(text), note_ends, &e));
				ck_assert_str_eq(e.first, "alpha");
				ck_assert_str_eq(e.last, "omega");
				ck_assert_uint_le(e.longest, 240);
				free(text);
			}
		}
	}
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_long_word__of_240_bytes_is_kept)
{
	char text[240];
	tokens toks;
	memset(text, 'X', sizeof text);
	analyze_n(&toks, "none", text, sizeof text);
	ck_assert_uint_eq(toks.count, 1);
	ck_assert_uint_eq(strlen(toks.terms[0]), 240);
	ck_assert_int_eq(toks.terms[0][0], 'x');
	ck_assert_int_eq(toks.terms[0][239], 'x');
	ck_assert_uint_eq(toks.end[0], 240);
}
END_TEST

START_TEST(test_analyze_long_word__is_measured_after_folding)
{
	/* 121 "é" is 242 bytes: skipped.  100 full-width "Ａ" is 300
	 * bytes of input but folds to 100 bytes: kept. */
	char text[400];
	tokens toks;
	for (size_t i = 0; i < 121; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	analyze_n(&toks, "english", text, 242);
	ck_assert_uint_eq(toks.count, 0);
	for (size_t i = 0; i < 100; i++)
		memcpy(text + 3 * i, "\xef\xbc\xa1", 3);
	analyze_n(&toks, "english", text, 300);
	ck_assert_uint_eq(toks.count, 1);
	ck_assert_uint_eq(strlen(toks.terms[0]), 100);
	ck_assert_uint_eq(strspn(toks.terms[0], "a"), 100);
	ck_assert_uint_eq(toks.end[0], 300);
}
END_TEST

/* ---- Stemming and languages --------------------------------------- */

START_TEST(test_analyze_stems__of_pressure_and_pressuring_are_equal)
{
	ck_assert_str_eq(tokens_of("english", "pressure pressuring Pressured"),
			 "pressure/pressur[0,8) pressuring/pressur[9,19) "
			 "pressured/pressur[20,29)");
}
END_TEST

START_TEST(test_analyze_language_none__leaves_stems_equal_to_terms)
{
	folio_analyzer *a = analyzer_for("none");
	ck_assert_str_eq(folio_analyzer_language(a), "none");
	folio_analyzer_free(a);
	ck_assert_str_eq(tokens_of("none", "Pressuring Huawei's engineers"),
			 "pressuring/pressuring[0,10) "
			 "huawei's/huawei's[11,19) "
			 "engineers/engineers[20,29)");
}
END_TEST

START_TEST(test_analyze_language__defaults_to_english)
{
	folio_analyzer *a = NULL;
	folio_analyzer_options opts;
	tokens toks;
	ck_assert_folio_ok(folio_analyzer_new(&a, NULL));
	ck_assert_str_eq(folio_analyzer_language(a), "english");
	memset(&toks, 0, sizeof toks);
	ck_assert_folio_ok(folio_analyze(a, "pressuring", 10, collect,
					 &toks));
	ck_assert_str_eq(describe(&toks), "pressuring/pressur[0,10)");
	folio_analyzer_free(a);

	ck_assert_folio_ok(folio_analyzer_options_init(
		&opts, FOLIO_ANALYZER_OPTIONS_VERSION));
	ck_assert_uint_eq(opts.version, FOLIO_ANALYZER_OPTIONS_VERSION);
	ck_assert_ptr_null(opts.language);
	a = analyzer_for(NULL);
	ck_assert_str_eq(folio_analyzer_language(a), "english");
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_language_iso_code__fr_gives_a_french_stemmer)
{
	folio_analyzer *a = analyzer_for("fr");
	ck_assert_str_eq(folio_analyzer_language(a), "french");
	folio_analyzer_free(a);
	ck_assert_str_eq(tokens_of("fr", "continuellement nationales"),
			 "continuellement/continuel[0,15) "
			 "nationales/national[16,26)");
	a = analyzer_for("en");
	ck_assert_str_eq(folio_analyzer_language(a), "english");
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_language_unknown__is_not_found_naming_it)
{
	folio_analyzer_options opts = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_analyzer *a = (folio_analyzer *)&opts; /* must be reset */
	opts.language = "klingon";
	ck_assert_int_eq(folio_analyzer_new(&a, &opts), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "klingon"));
	/* ... and says what to choose instead. */
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "english"));
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "french"));
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "none"));
}
END_TEST

START_TEST(test_analyze_languages__lists_the_stemmers)
{
	const char *list = folio_languages();
	ck_assert_ptr_nonnull(list);
	ck_assert_ptr_nonnull(strstr(list, "english"));
	ck_assert_ptr_nonnull(strstr(list, "french"));
	ck_assert_ptr_nonnull(strstr(list, "german"));
}
END_TEST

/* ---- The callback and the arguments ------------------------------- */

START_TEST(test_analyze_callback__return_value_stops_and_is_returned)
{
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	memset(&toks, 0, sizeof toks);
	toks.stop_after = 2;
	toks.stop_with = 42;
	ck_assert_int_eq(folio_analyze(a, "one two three four", 18, collect,
				       &toks),
			 42);
	ck_assert_uint_eq(toks.count, 2);

	/* A negative code from the callback comes back too, and the
	 * analyzer works normally afterwards. */
	memset(&toks, 0, sizeof toks);
	toks.stop_after = 1;
	toks.stop_with = FOLIO_ENOMEM;
	ck_assert_int_eq(folio_analyze(a, "one two", 7, collect, &toks),
			 FOLIO_ENOMEM);
	ck_assert_uint_eq(toks.count, 1);
	memset(&toks, 0, sizeof toks);
	ck_assert_folio_ok(folio_analyze(a, "one two", 7, collect, &toks));
	ck_assert_uint_eq(toks.count, 2);
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_analyzer__is_reused_with_positions_from_zero)
{
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	for (int round = 0; round < 3; round++) {
		memset(&toks, 0, sizeof toks);
		ck_assert_folio_ok(folio_analyze(a, "Caf\xc3\xa9 Seoul", 11,
						 collect, &toks));
		ck_assert_str_eq(describe(&toks),
				 "cafe/cafe[0,5) "
				 "seoul/seoul[6,11)");
		ck_assert_uint_eq(toks.position[0], 0);
		ck_assert_uint_eq(toks.position[1], 1);
	}
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_null_arguments__are_invalid)
{
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	memset(&toks, 0, sizeof toks);
	ck_assert_int_eq(folio_analyze(a, NULL, 3, collect, &toks),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_analyze(a, "abc", 3, NULL, &toks),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_analyze(NULL, "abc", 3, collect, &toks),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID);
	ck_assert_uint_eq(toks.count, 0);
	ck_assert_int_eq(folio_analyzer_new(NULL, NULL), FOLIO_EINVALID);
	folio_analyzer_free(NULL);
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_analyze_options__of_an_unknown_version_are_invalid)
{
	folio_analyzer_options opts = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_analyzer *a = NULL;
	ck_assert_int_eq(folio_analyzer_options_init(&opts, 999),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_analyzer_options_init(NULL, 1),
			 FOLIO_EINVALID);
	opts.version = 999;
	ck_assert_int_eq(folio_analyzer_new(&a, &opts), FOLIO_EINVALID);
	ck_assert_ptr_null(a);
}
END_TEST

/* A callback that tries to analyse with the analyzer calling it. */
static int reenter(const folio_token *t, void *payload)
{
	(void)t;
	tokens toks;
	memset(&toks, 0, sizeof toks);
	ck_assert_int_eq(folio_analyze(payload, "inner", 5, collect, &toks),
			 FOLIO_EINVALID);
	ck_assert_uint_eq(toks.count, 0);
	return 0;
}

START_TEST(test_analyze_callback__cannot_reenter_its_own_analyzer)
{
	folio_analyzer *a = analyzer_for("english");
	tokens toks;
	ck_assert_folio_ok(folio_analyze(a, "outer words", 11, reenter, a));
	memset(&toks, 0, sizeof toks);
	ck_assert_folio_ok(folio_analyze(a, "after", 5, collect, &toks));
	ck_assert_uint_eq(toks.count, 1);
	folio_analyzer_free(a);
}
END_TEST

/* ---- The suite ---------------------------------------------------- */

static Suite *analyze_suite(void)
{
	const TTest *tests[] = {
		test_analyze_words__of_a_sentence_come_with_byte_offsets,
		test_analyze_positions__count_words_from_zero,
		test_analyze_numbers__are_words,
		test_analyze_punctuation__yields_no_tokens,
		test_analyze_empty_input__yields_nothing,
		test_analyze_len__bounds_the_text_read,
		test_analyze_terms__are_case_folded,
		test_analyze_fullwidth_letters__fold_to_ascii,
		test_analyze_ligatures__fold_to_their_letters,
		test_analyze_apostrophes__curly_and_straight_give_one_term,
		test_analyze_offsets__in_multibyte_text_slice_back_to_words,
		test_analyze_offsets__of_decomposed_accents_cover_the_marks,
		test_analyze_invalid_utf8__0xff_splits_words_and_is_skipped,
		test_analyze_invalid_utf8__lone_continuation_bytes_are_skipped,
		test_analyze_invalid_utf8__truncated_sequences_are_skipped,
		test_analyze_invalid_utf8__a_nul_byte_separates_words,
		test_analyze_invalid_utf8__never_gives_offsets_out_of_range,
		test_analyze_long_word__is_skipped_without_a_position,
		test_analyze_long_word__of_240_bytes_is_kept,
		test_analyze_long_word__is_measured_after_folding,
		test_analyze_long_word__of_any_shape_and_length_is_survived,
		test_analyze_stems__of_pressure_and_pressuring_are_equal,
		test_analyze_language_none__leaves_stems_equal_to_terms,
		test_analyze_language__defaults_to_english,
		test_analyze_language_iso_code__fr_gives_a_french_stemmer,
		test_analyze_language_unknown__is_not_found_naming_it,
		test_analyze_languages__lists_the_stemmers,
		test_analyze_callback__return_value_stops_and_is_returned,
		test_analyze_analyzer__is_reused_with_positions_from_zero,
		test_analyze_null_arguments__are_invalid,
		test_analyze_options__of_an_unknown_version_are_invalid,
		test_analyze_callback__cannot_reenter_its_own_analyzer,
	};
	Suite *s = suite_create("analyze");
	TCase *tc = tcase_create("analyze");

	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(analyze_suite());
}
