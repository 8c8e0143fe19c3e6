/*
 * check_snippet_paths.c - a snippet cut by analysing only the stretches
 * around the matches is the very snippet the whole analysis gives: same
 * text, same highlights, for the sample articles and for texts made to
 * trip the shortcut (inflections the stem does not spell out, words
 * that contain a query word, characters that fold into ASCII, matches
 * at either end, long blank runs), at several window sizes.
 *
 * It calls the library's internal folio__snippet_new_whole, so it links
 * the static library (the shared one exports only folio_*).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

static const fixture_doc docs[] = {
	{"1", "Seoul", "Washington is pressuring South Korea over Huawei.",
	 NULL},
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

static const char *const queries[] = {
	"huawei",
	"korea pressure",
	"\"south korea\"",
	"equip*",
	"happy",
	"die",
	"sky",
	"washington OR seoul",
	"primary",
	"ban -china",
	"zte OR uplus",
	"nothingmatchesthis",
	/* forms the analyzer joins or folds */
	"email",
	"usa",
	"28500",
	"zurich",
	"antihuawei",
	"net",
};

static const size_t sizes[] = {20, 60, 200, 1000};

/* Fail unless both ways cut the same snippet of text for query. */
static void check_same(const char *query_text, const char *text, size_t len)
{
	folio_query *query = NULL;

	ck_assert_folio_ok(folio_query_parse(&query, db, query_text, NULL));
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		folio_snippet_options opts = FOLIO_SNIPPET_OPTIONS_INIT;
		folio_snippet *fast = NULL, *whole = NULL;
		size_t flen = 0, wlen = 0;
		const char *f, *w;

		opts.max_chars = sizes[k];
		ck_assert_folio_ok(
			folio_snippet_new(&fast, query, text, len, &opts));
		ck_assert_folio_ok(folio__snippet_new_whole(&whole, query, text,
							    len, &opts));
		f = folio_snippet_text(fast, &flen);
		w = folio_snippet_text(whole, &wlen);
		ck_assert_msg(flen == wlen && memcmp(f, w, flen) == 0,
			      "query '%s', %zu chars:\n"
			      " fast:  %.400s\n whole: %.400s",
			      query_text, sizes[k], f, w);
		ck_assert_uint_eq(folio_snippet_span_count(fast),
				  folio_snippet_span_count(whole));
		for (size_t i = 0; i < folio_snippet_span_count(fast); i++) {
			size_t fs, fe, ws, we;
			ck_assert_folio_ok(
				folio_snippet_span(fast, i, &fs, &fe));
			ck_assert_folio_ok(
				folio_snippet_span(whole, i, &ws, &we));
			ck_assert_uint_eq(fs, ws);
			ck_assert_uint_eq(fe, we);
		}
		folio_snippet_free(fast);
		folio_snippet_free(whole);
	}
	folio_query_free(query);
}

static void check_all_queries(const char *text)
{
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		check_same(queries[q], text, strlen(text));
}

START_TEST(test_snippet_paths__agree_on_the_sample_articles)
{
	const char *data = getenv("FOLIO_TEST_DATA");
	DIR *d;
	struct dirent *e;
	size_t files = 0;

	ck_assert_ptr_nonnull(data);
	d = opendir(data);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		char path[4096], *text;
		FILE *f;
		long n;

		if (strstr(e->d_name, ".txt") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", data, e->d_name);
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		text = calloc((size_t)n + 1, 1);
		ck_assert_ptr_nonnull(text);
		ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
		fclose(f);
		check_all_queries(text);
		free(text);
		files++;
	}
	closedir(d);
	ck_assert_uint_gt(files, 0);
}
END_TEST

START_TEST(test_snippet_paths__agree_on_texts_made_to_trip_the_shortcut)
{
	static const char *const texts[] = {
		/* inflections whose stem is not in the word as written */
		"He was happy.  Happiness is rare; the happiest are dying "
		"while others die.  Skies over Seoul, a sky over Korea.",
		/* a query word inside longer words, and upper case */
		"Primarily PRIMARY primaries: the primary key.  Huaweis "
		"HUAWEI huawei-made equipment EQUIPMENT equipped.",
		/* matches at the very start and the very end */
		"Huawei " "filler words to push the end far away from the "
		"start so that the window cannot hold both ends of the text "
		"at once, not even the widest one we try here, which takes "
		"a good many words more than this, and more, and more, and "
		"more, and more, and more, and more, and more, and more, "
		"and more, and more, and more, and more, and then Korea",
		/* long blank runs and a word longer than small windows */
		"Seoul\n\n\n\n          \t\t\t\n\n     Washington    "
		"pressurepressurepressurepressurepressurepressure pressure",
		/* characters that fold into ASCII: soft hyphen, fullwidth,
		 * ligature, Kelvin sign */
		"The prim\xC2\xAD" "ary key; \xEF\xBC\xA8\xEF\xBD\x95\xEF\xBD"
		"\x81\xEF\xBD\x97\xEF\xBD\x85\xEF\xBD\x89 gear; \xEF\xAC\x81"
		"ne; 5 \xE2\x84\xAA; Korea.",
		/* non-ASCII words around ASCII matches */
		"Caf\xC3\xA9 na\xC3\xAFve \xE4\xB8\xAD\xE6\x96\x87 Huawei "
		"\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87 Seoul.",
		/* words the analyzer joins, and accents it takes off */
		"An e-mail from the U.S.A. about 28,500 troops, the "
		"anti-Huawei campaign and .NET.",
		"Z\xC3\xBCrich and Zurich, caf\xC3\xA9s and cafes.",
		/* Chinese with fullwidth punctuation: only that next to an
		 * ASCII letter or digit can be inside a word ("28，500") */
		"\xE4\xB8\xAD\xE6\x96\x87\xEF\xBC\x8C\xE4\xB8\xAD\xE6\x96"
		"\x87\xEF\xBC\x88Huawei\xEF\xBC\x89\xE4\xB8\xAD\xE6\x96"
		"\x87\xEF\xBC\x9A" "28\xEF\xBC\x8C" "500 \xE5\x92\x8C e"
		"\xEF\xBC\x8Dmail\xEF\xBC\x8CKorea\xE3\x80\x82",
		"\xEF\xBC\xB5\xEF\xBC\x8E\xEF\xBC\xB3\xEF\xBC\x8E\xEF\xBC"
		"\xA1\xEF\xBC\x8E\xE4\xB8\x8EU\xEF\xBC\x8ES\xEF\xBC\x8E"
		"A\xEF\xBC\x8E\xEF\xBC\x8C\xE4\xB8\xAD\xE6\x96\x87\xE2"
		"\x80\x9CSeoul\xE2\x80\x9D\xE4\xB8\xAD\xE6\x96\x87\xEF"
		"\xBC\x9Bprimary\xEF\xBC\x88\xE4\xB8\xAD\xE6\x96\x87\xEF"
		"\xBC\x89\xEF\xBC\x81",
		"",
		"...  ---  !!!",
		/* paths and code, cut at the separators no word spans, and
		 * the characters around them that a word reads: a hyphen,
		 * a dot, "C++", a comma, an apostrophe, a combining mark */
		"See tools/testing/primary/(Huawei)[korea]=happy "
		"\"U.S.A.\"/e-mail|C++/.NET<zurich>{28,500}\\Huawei's/"
		"anti-/Huawei /\xCC\x81primary (\xC3\xA9primary) "
		"primary=\"korea\"\\.NET/-mail/e-/mail",
	};

	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
		check_all_queries(texts[t]);
}
END_TEST

/* text with n copies of piece appended (text has room). */
static void append(char *text, const char *piece, int n)
{
	for (int i = 0; i < n; i++)
		strcat(text, piece);
}

START_TEST(test_snippet_paths__agree_when_matches_lie_far_apart)
{
	static char text[32768];

	/* Far apart in bytes, near in printed characters: a blank run
	 * counts as one, a CJK character as one. */
	text[0] = '\0';
	strcat(text, "Huawei");
	append(text, " \n\t", 1000);
	strcat(text, "Korea and filler ");
	append(text, "\xE4\xB8\xAD", 150);
	strcat(text, " Seoul, then Washington.");
	check_all_queries(text);

	/* Thousands of characters counted in one go: a rule of '=' (each
	 * one character) between the matches. */
	text[0] = '\0';
	strcat(text, "Huawei ");
	append(text, "=", 5000);
	strcat(text, " Korea, pressure ");
	append(text, "\xE2\x80\x94", 4500);
	strcat(text, " Seoul.");
	check_all_queries(text);

	/* Characters that fold, away from the matches and right after a
	 * blank: a zero-width space, a soft hyphen, accents. */
	text[0] = '\0';
	append(text, "Nothing here at all. ", 30);
	strcat(text, "Huawei \xE2\x80\x8B" "pressure \xC2\xAD" "ban ");
	append(text, "Still nothing. ", 30);
	strcat(text, "Z\xC3\xBCrich, \xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC"
		     "\xA1 and prim\xC2\xAD" "ary e-mail. ");
	append(text, "The end is near. ", 30);
	strcat(text, "Korea.");
	check_all_queries(text);
}
END_TEST

START_TEST(test_snippet_paths__a_word_folded_into_ascii_is_still_found)
{
	folio_query *query = NULL;
	folio_snippet *snip = NULL;
	/* Far enough from the start that only a match shows the word. */
	char text[1024] = "";

	for (int i = 0; i < 40; i++)
		strcat(text, "Nothing here. ");
	strcat(text, "The prim\xC2\xAD" "ary key.");
	ck_assert_folio_ok(folio_query_parse(&query, db, "primary", NULL));
	ck_assert_folio_ok(
		folio_snippet_new(&snip, query, text, strlen(text), NULL));
	ck_assert_uint_eq(folio_snippet_span_count(snip), 1);
	folio_snippet_free(snip);
	folio_query_free(query);
}
END_TEST

START_TEST(test_snippet_paths__agree_at_every_alignment)
{
	/* The needle search steps over sixteen bytes at a time: each form
	 * it must stop at is put at every offset from a block's start, and
	 * against the end of the text. */
	static const char *const forms[] = {
		"An E-MAIL, e--mail or EMAIL",  "the U.S.A. and u.s.a",
		"28,500 or 28500 or 2,8500",    "Happiness, HAPPY, happi",
		"Primary PRIMARIES prim\xC2\xAD" "ary",
		"Z\xC3\xBCrich ZURICH zurich", "dying DIE tying",
		"SKIES sky Seoul Washington",
		"EM-AIL em.ail 28,5,00 prim-ary PR.IMARY",
	};
	char text[512];

	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		for (int pad = 0; pad < 40; pad++) {
			text[0] = '\0';
			for (int i = 0; i < pad; i++)
				strcat(text, i % 7 == 6 ? " " : "x");
			strcat(text, " ");
			strcat(text, forms[f]);
			check_all_queries(text);
			strcat(text, " and some words after the forms");
			check_all_queries(text);
		}
	}
}
END_TEST

START_TEST(test_snippet_paths__agree_when_the_words_after_run_short)
{
	static char text[8192];
	static const char *const ends[] = {
		/* a word too long for the window right after the match */
		" Pressurepressurepressurepressurepressurepressurepressure"
		"pressurepressurepressurepressurepressurepressurepressure"
		"pressurepressurepressurepressurepressurepressurepressure"
		"pressurepressurepressurepressurepressure and after it "
		"more words, and more words, and more words, and more "
		"words, and more words, and more words, and more words, "
		"and more words, and more words, and more words, and more "
		"words, and more words, and more words, and more words.",
		/* the text ends soon after the match */
		" and the end.",
		"",
	};

	for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
		text[0] = '\0';
		append(text, "Plenty of words come first, one after another. ",
		       40);
		strcat(text, "Huawei in Korea");
		strcat(text, ends[e]);
		check_all_queries(text);
	}
}
END_TEST

/* UTF-8 of code point cp into out (4 bytes at most); its length. */
static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* What collect_ascii_word looks for: a word the analyzer made of
 * "q", a character, "z" that is all ASCII. */
typedef struct ascii_word {
	char term[64];
	int found;
} ascii_word;

static int collect_ascii_word(const folio_token *t, void *payload)
{
	ascii_word *w = payload;
	size_t i;

	if (w->found || t->term_len < 2 || t->term_len >= sizeof w->term ||
	    t->term[0] != 'q' || t->term[t->term_len - 1] != 'z')
		return 0;
	for (i = 0; i < t->term_len; i++)
		if ((unsigned char)t->term[i] >= 0x80 || t->term[i] == '\'')
			return 0;
	memcpy(w->term, t->term, t->term_len);
	w->term[t->term_len] = '\0';
	w->found = 1;
	return 0;
}

/*
 * For every character that the analyzer, between two ASCII letters,
 * turns into ASCII or takes away ("q\u00E9z" is "qez", "q\u00ADz" is
 * "qz"), the fast way finds the word all the same: where the bytes do
 * not hold the needle, the character must send its stretch to the
 * analyzer.  Checked with accents folded (the fixture's index) and
 * kept; returns how many characters were checked.
 */
static size_t check_every_folding_character(folio_db *d)
{
	char text[2048], word[8] = "";
	size_t checked = 0;
	folio_analyzer *an = folio_db_analyzer(d);

	for (uint32_t cp = 0x80; cp < 0x20000; cp++) {
		ascii_word w = {"", 0};
		size_t n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		word[0] = 'q';
		n = 1 + utf8_put(word + 1, cp);
		word[n++] = 'z';
		ck_assert_folio_ok(
			folio_analyze(an, word, n, collect_ascii_word, &w));
		if (!w.found)
			continue;
		/* Far from the start, so that only a match shows it. */
		text[0] = '\0';
		append(text, "Nothing here at all. ", 40);
		memcpy(text + strlen(text), word, n);
		memcpy(text + 21 * 40 + n, " and the end.", 14);
		folio_query *query = NULL;
		folio_snippet *fast = NULL, *whole = NULL;
		ck_assert_folio_ok(folio_query_parse(&query, d, w.term, NULL));
		ck_assert_folio_ok(folio_snippet_new(&fast, query, text,
						     strlen(text), NULL));
		ck_assert_folio_ok(folio__snippet_new_whole(
			&whole, query, text, strlen(text), NULL));
		ck_assert_msg(strcmp(folio_snippet_text(fast, NULL),
				     folio_snippet_text(whole, NULL)) == 0 &&
				      folio_snippet_span_count(fast) ==
					      folio_snippet_span_count(whole),
			      "U+%04X (q%.*sz is '%s'):\n fast:  %s\n whole: %s",
			      (unsigned)cp, (int)(n - 2), word + 1, w.term,
			      folio_snippet_text(fast, NULL),
			      folio_snippet_text(whole, NULL));
		folio_snippet_free(fast);
		folio_snippet_free(whole);
		folio_query_free(query);
		checked++;
	}
	return checked;
}

START_TEST(test_snippet_paths__agree_for_every_character_that_folds)
{
	char *kdir = fixture_tmpdir();
	folio_db *kept = NULL;
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	size_t folded, with_accents;

	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.accents = FOLIO_ACCENTS_KEEP;
	ck_assert_folio_ok(folio_db_open(&kept, kdir, &opts));
	folded = check_every_folding_character(db);
	with_accents = check_every_folding_character(kept);
	/* Latin letters with accents among them, less when accents stay;
	 * fullwidth letters, ligatures and the like in both. */
	ck_assert_uint_gt(folded, with_accents);
	ck_assert_uint_gt(with_accents, 500);
	folio_db_free(kept);
	fixture_rmrf(kdir);
	free(kdir);
}
END_TEST

START_TEST(test_snippet_paths__agree_on_chinese_and_japanese_around_english)
{
	/* The fast way takes Han, hiragana and CJK punctuation without the
	 * analyzer, but for a character that joins the one before it, or a
	 * comma between what may be digits. */
	static const char *const texts[] = {
		/* 中文Huawei中文，Korea。 */
		"\xE4\xB8\xAD\xE6\x96\x87Huawei\xE4\xB8\xAD\xE6\x96\x87"
		"\xEF\xBC\x8CKorea\xE3\x80\x82",
		/* 数字28，500和２８，５００，还有28，中文 */
		"\xE6\x95\xB0\xE5\xAD\x97" "28\xEF\xBC\x8C" "500\xE5\x92\x8C"
		"\xEF\xBC\x92\xEF\xBC\x98\xEF\xBC\x8C\xEF\xBC\x95\xEF\xBC"
		"\x90\xEF\xBC\x90\xEF\xBC\x8C\xE8\xBF\x98\xE6\x9C\x89" "28"
		"\xEF\xBC\x8C\xE4\xB8\xAD\xE6\x96\x87",
		/* e－mail（Huawei）：Seoul；primary！中文 */
		"e\xEF\xBC\x8Dmail\xEF\xBC\x88Huawei\xEF\xBC\x89\xEF\xBC\x9A"
		"Seoul\xEF\xBC\x9Bprimary\xEF\xBC\x81\xE4\xB8\xAD\xE6\x96\x87",
		/* a Han character with a variation selector, a hiragana with a
		 * combining voiced mark, katakana, a compatibility ideograph,
		 * an ideograph beyond the BMP, Hangul: 中︀Huawei がKorea
		 * カタカナSeoul 豈primary 𠀀usa 한국happy */
		"\xE4\xB8\xAD\xEF\xB8\x80Huawei \xE3\x81\x8B\xE3\x82\x99Korea "
		"\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8ASeoul "
		"\xEF\xA4\x80primary \xF0\xA0\x80\x80usa \xED\x95\x9C\xEA"
		"\xB5\xADhappy",
		/* Japanese: 東京にあるHuaweiの事務所でe-mailを送った。 */
		"\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAB\xE3\x81\x82\xE3\x82"
		"\x8BHuawei\xE3\x81\xAE\xE4\xBA\x8B\xE5\x8B\x99\xE6\x89\x80"
		"\xE3\x81\xA7" "e-mail\xE3\x82\x92\xE9\x80\x81\xE3\x81\xA3"
		"\xE3\x81\x9F\xE3\x80\x82",
		/* characters that join the one before them, where the
		 * window ends: 中︀ (a selector), が (a voiced mark), 中〪 */
		"Huawei \xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4"
		"\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF"
		"\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4"
		"\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF"
		"\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4"
		"\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF\xB8\x80\xE4\xB8\xAD\xEF"
		"\xB8\x80 Korea",
		"Korea \xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3"
		"\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3"
		"\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3"
		"\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3"
		"\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3"
		"\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B\xE3"
		"\x82\x99 Seoul",
		"Seoul \xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8"
		"\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80"
		"\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8"
		"\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80"
		"\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8"
		"\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80\xAA\xE4\xB8\xAD\xE3\x80"
		"\xAA Huawei",
		/* a mark after a digit makes it no less a digit: "８゙，28" is
		 * one number to the word rules (found by a random test) */
		"  \xE3\x81\x8BKorea\xC3\xA9" "500\xEF\xBC\x88\xE3\x80\x82U.S.A."
		"\xEF\xBC\x98\xE3\x82\x99\xEF\xBC\x8C" "28\xE6\x96\x87 ,"
		"\xE3\x81\x8B\xEF\xB8\x80  \xEF\xBC\x89\xE6\x96\x87\xEF\xBC"
		"\x98\xEF\xBC\x88\xE3\x82\xAB",
		"Korea-\xEF\xBC\x98\xEF\xBC\x8C\n\xFF\xEF\xBC\x92\xE3\x82\x99"
		"\xEF\xBC\x8C" "500- e\xEF\xBC\x88 primary 500\xE3\x82\x99\xEF\xBC"
		"\x8C" "28happy",
		/* the ideographic comma and stop, brackets, and a tone mark */
		"\xE3\x80\x8CHuawei\xE3\x80\x8D\xE3\x80\x81\xE3\x80\x90"
		"Korea\xE3\x80\x91\xE4\xB8\xAD\xE3\x80\xAApressure",
	};
	static char text[16384];

	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		check_all_queries(texts[t]);
		/* ... and far into a long Chinese text, where the window is
		 * cut out of the Chinese around it */
		text[0] = '\0';
		append(text, "\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x82", 120);
		strcat(text, texts[t]);
		append(text, "\xE4\xB8\xAD\xEF\xBC\x8C\xE6\x96\x87", 120);
		check_all_queries(text);
	}
}
END_TEST

START_TEST(test_snippet_paths__agree_on_random_texts_of_tricky_pieces)
{
	/* Texts drawn at random (fixed seed) from pieces each of which
	 * some shortcut of the fast way looks at: joiners, CJK words,
	 * commas and marks, folding characters, bad UTF-8. */
	static const char *const pieces[] = {
		"huawei", "Korea", " ", "  ", "\n", "-", ".", ",", "28", "500",
		"e", "mail", "primary", "happy", "zurich", "usa", "U.S.A.",
		"\xE4\xB8\xAD", "\xE6\x96\x87", "\xEF\xBC\x8C", "\xE3\x80\x82",
		"\xE3\x81\x8B", "\xE3\x82\x99", "\xEF\xB8\x80", "\xE3\x80\xAA",
		"\xEF\xBC\x92", "\xEF\xBC\x98", "\xEF\xBC\x88", "\xEF\xBC\x89",
		"\xE3\x82\xAB", "\xF0\xA0\x80\x80", "\xC3\xA9", "\xC2\xAD",
		"\xE2\xB1\xBC", "Z\xC3\xBCrich", "\xFF", "\x80", "\xE4\xB8",
		/* the separators a stretch is cut at, and around them */
		"/", "(", ")", "[", "]", "=", "\"", "\\", "|", "{", "<", "+",
		"#", "'", "@", "_", ".NET", "C++", "\xCC\x81",
	};
	static char text[4096];
	uint32_t seed = 12345;

	for (int it = 0; it < 600; it++) {
		int n;
		text[0] = '\0';
		seed = seed * 1103515245u + 12345u;
		n = (int)((seed >> 16) % 120);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(text, pieces[(seed >> 16) %
					    (sizeof pieces / sizeof pieces[0])]);
		}
		check_all_queries(text);
	}
}
END_TEST

START_TEST(test_snippet_paths__agree_when_the_same_stretches_come_again)
{
	/* The stretches around needles are analysed once and replayed
	 * where the same bytes come again: repeated words that match by
	 * their stem, by an ALT form (e-mail, U.S.A., Huawei's, 28,500)
	 * or not at all (primaryx), between stretches that are new each
	 * time (numbered), past the memo's room, and stretches too long
	 * to keep. */
	static const char *const pieces[] = {
		"Huawei's", "e-mail,", "U.S.A.", "28,500", "pressuring",
		"pressures.", "primaryx", "(primary)", "korean", "Korea:",
		"huawei-zte-korea-e-mail-primary-happy-usa-and-some-more-"
		"words-to-be-long",
		"\xE4\xB8\xADhuawei\xE6\x96\x87",
	};
	/* Room for 400 of the longest piece and numbered word. */
	static char text[65536];
	uint32_t seed = 777;

	for (int it = 0; it < 12; it++) {
		text[0] = '\0';
		for (int k = 0; k < 400; k++) {
			char numbered[32];
			seed = seed * 1103515245u + 12345u;
			strcat(text, pieces[(seed >> 16) %
					    (sizeof pieces / sizeof pieces[0])]);
			/* Every other word is new: the memo fills up. */
			snprintf(numbered, sizeof numbered, " huawei%d ",
				 (int)(seed >> 20) % (it < 6 ? 8 : 4000));
			strcat(text, k % 2 ? numbered : " ");
		}
		check_all_queries(text);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("snippet_paths");
	const TTest *const tests[] = {
		test_snippet_paths__agree_on_the_sample_articles,
		test_snippet_paths__agree_on_texts_made_to_trip_the_shortcut,
		test_snippet_paths__agree_when_matches_lie_far_apart,
		test_snippet_paths__a_word_folded_into_ascii_is_still_found,
		test_snippet_paths__agree_at_every_alignment,
		test_snippet_paths__agree_when_the_words_after_run_short,
		test_snippet_paths__agree_for_every_character_that_folds,
		test_snippet_paths__agree_on_chinese_and_japanese_around_english,
		test_snippet_paths__agree_on_random_texts_of_tricky_pieces,
		test_snippet_paths__agree_when_the_same_stretches_come_again,
	};
	TCase *tc = FIXTURE_ADD_TCASE(s, "paths", tests);

	tcase_add_checked_fixture(tc, setup, teardown);
	return fixture_run(s);
}
