/*
 * check_search.c - running queries: BM25 ranking, scores, paging with
 * offset and limit, the estimate, and what a hit carries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- Helpers ------------------------------------------------------ */

static folio_results *search(folio_db *db, const char *text, size_t offset,
			     size_t limit)
{
	folio_query *query = NULL;
	folio_results *results = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	opts.offset = offset;
	opts.limit = limit;
	ck_assert_folio_ok(folio_query_parse(&query, db, text, NULL));
	ck_assert_folio_ok(folio_db_search(&results, db, query, &opts));
	ck_assert_ptr_nonnull(results);
	folio_query_free(query);
	return results;
}

/* The ids of the hits, space-separated in rank order; caller frees. */
static char *ids_of(const folio_results *results)
{
	size_t n = folio_results_count(results);
	char *out = calloc(1, n * 64 + 1);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++) {
		const folio_doc *doc = folio_results_doc(results, i);
		ck_assert_ptr_nonnull(doc);
		ck_assert_uint_lt(strlen(folio_doc_id(doc)), 60);
		if (i)
			strcat(out, " ");
		strcat(out, folio_doc_id(doc));
	}
	return out;
}

static void assert_ids(const folio_results *results, const char *expected)
{
	char *got = ids_of(results);
	ck_assert_msg(strcmp(got, expected) == 0,
		      "hits \"%s\", expected \"%s\"", got, expected);
	free(got);
}

/* Scores are positive and never rise from one hit to the next. */
static void assert_descending(const folio_results *results)
{
	size_t n = folio_results_count(results);
	for (size_t i = 0; i < n; i++) {
		double score = folio_results_score(results, i);
		ck_assert_msg(score > 0.0, "hit %zu has score %g", i, score);
		if (i > 0)
			ck_assert_msg(score <= folio_results_score(results,
								   i - 1),
				      "hit %zu scores %g, above hit %zu's %g",
				      i, score, i - 1,
				      folio_results_score(results, i - 1));
	}
}

/*
 * 25 documents d00 .. d24, all with the word "common" once, d<i> with
 * PAD + i filler words after it: the longer the body the lower BM25
 * ranks it, so the ranking is exactly d00 d01 ... d24.  (PAD keeps every
 * body longer than half the average: BM25 as Xapian has it treats all
 * shorter ones alike.)  They are added in a shuffled order so that the
 * ranking is not also the order of addition.
 */
#define NPAGED 25
#define PAD 20
static folio_db *paged_index(char **dir_out)
{
	static char ids[NPAGED][8];
	static char bodies[NPAGED][(PAD + NPAGED) * 7 + 16];
	fixture_doc docs[NPAGED];
	for (size_t k = 0; k < NPAGED; k++) {
		size_t i = (k * 7 + 3) % NPAGED; /* 7 is prime to 25 */
		snprintf(ids[i], sizeof ids[i], "d%02zu", i);
		strcpy(bodies[i], "common");
		for (size_t j = 0; j < PAD + i; j++)
			strcat(bodies[i], " filler");
		docs[k].id = ids[i];
		docs[k].title = NULL;
		docs[k].body = bodies[i];
		docs[k].fields = NULL;
	}
	return fixture_index(dir_out, docs, NPAGED);
}

/* "dFIRST d... dLAST" for the paged index. */
static char *paged_ids(size_t first, size_t last)
{
	char *out = calloc(1, NPAGED * 4 + 1);
	ck_assert_ptr_nonnull(out);
	for (size_t i = first; i <= last && i < NPAGED; i++)
		sprintf(out + strlen(out), "%sd%02zu", i > first ? " " : "", i);
	return out;
}

static void done(folio_db *db, char *dir)
{
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}

/* ---- Ranking ------------------------------------------------------ */

START_TEST(test_search_bm25__short_body_full_of_the_word_beats_a_long_one)
{
	static char long_body[4096];
	strcpy(long_body, "Huawei");
	for (int i = 0; i < 200; i++)
		strcat(long_body, i % 2 ? " network" : " operators");
	fixture_doc docs[] = {
		/* added first, so the lower document number */
		{"long", NULL, long_body, NULL},
		{"short", NULL, "Huawei, Huawei and again Huawei", NULL},
		{"none", NULL, "Nothing to see here", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 3);
	folio_results *r = search(db, "huawei", 0, 10);
	assert_ids(r, "short long");
	ck_assert_msg(folio_results_score(r, 0) > folio_results_score(r, 1),
		      "scores %g and %g do not differ",
		      folio_results_score(r, 0), folio_results_score(r, 1));
	assert_descending(r);
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_bm25__shorter_body_wins_if_each_has_the_word_once)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	folio_results *r = search(db, "common", 0, 100);
	char *expected = paged_ids(0, NPAGED - 1);
	assert_ids(r, expected);
	assert_descending(r);
	free(expected);
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_bm25__rarer_word_weighs_more)
{
	/* "korea" is in one document of four, "huawei" in all: a document
	 * with "korea" outranks one with "huawei" twice. */
	fixture_doc docs[] = {
		{"a", NULL, "huawei huawei equipment", NULL},
		{"b", NULL, "huawei korea equipment", NULL},
		{"c", NULL, "huawei equipment network", NULL},
		{"d", NULL, "huawei network equipment", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 4);
	folio_query_options qopts = FOLIO_QUERY_OPTIONS_INIT;
	folio_query *query = NULL;
	folio_results *r = NULL;
	qopts.default_op = FOLIO_QUERY_OR;
	ck_assert_folio_ok(folio_query_parse(&query, db, "huawei korea",
					     &qopts));
	ck_assert_folio_ok(folio_db_search(&r, db, query, NULL));
	ck_assert_uint_eq(folio_results_count(r), 4);
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 0)), "b");
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 1)), "a");
	assert_descending(r);
	folio_results_free(r);
	folio_query_free(query);
	done(db, dir);
}
END_TEST

/* ---- Paging ------------------------------------------------------- */

START_TEST(test_search_paging__pages_follow_each_other_without_overlap)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	static const struct {
		size_t offset, limit, first, last, count;
	} pages[] = {
		{0, 10, 0, 9, 10},   {10, 10, 10, 19, 10}, {20, 10, 20, 24, 5},
		{3, 4, 3, 6, 4},     {24, 10, 24, 24, 1},  {0, 25, 0, 24, 25},
		{0, 1000, 0, 24, 25},
	};
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		folio_results *r =
			search(db, "common", pages[p].offset, pages[p].limit);
		char *expected = paged_ids(pages[p].first, pages[p].last);
		ck_assert_uint_eq(folio_results_count(r), pages[p].count);
		assert_ids(r, expected);
		assert_descending(r);
		free(expected);
		folio_results_free(r);
	}
	done(db, dir);
}
END_TEST

START_TEST(test_search_paging__offset_past_the_last_hit_is_an_empty_page)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	for (size_t offset = NPAGED; offset <= NPAGED + 100; offset += 50) {
		folio_results *r = search(db, "common", offset, 10);
		ck_assert_uint_eq(folio_results_count(r), 0);
		ck_assert_ptr_null(folio_results_doc(r, 0));
		ck_assert_uint_le(folio_results_estimate(r), NPAGED);
		folio_results_free(r);
	}
	done(db, dir);
}
END_TEST

START_TEST(test_search_estimate__is_at_least_the_hits_seen)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	for (size_t offset = 0; offset < NPAGED; offset += 5) {
		folio_results *r = search(db, "common", offset, 5);
		uint64_t estimate = folio_results_estimate(r);
		ck_assert_uint_eq(folio_results_count(r), 5);
		ck_assert_uint_ge(estimate, offset + folio_results_count(r));
		ck_assert_uint_le(estimate, NPAGED);
		folio_results_free(r);
	}
	/* One word in every document: Xapian knows the count exactly. */
	folio_results *r = search(db, "common", 0, 3);
	ck_assert_uint_eq(folio_results_estimate(r), NPAGED);
	folio_results_free(r);
	/* "filler" too, however often each document has it. */
	r = search(db, "filler", 0, 3);
	ck_assert_uint_eq(folio_results_estimate(r), NPAGED);
	ck_assert_uint_eq(folio_results_count(r), 3);
	/* The one with the most filler ranks first. */
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 0)), "d24");
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_limit__of_zero_means_ten)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	folio_results *r = search(db, "common", 0, 0);
	ck_assert_uint_eq(folio_results_count(r), 10);
	char *expected = paged_ids(0, 9);
	assert_ids(r, expected);
	free(expected);
	folio_results_free(r);

	/* No options at all: the first ten. */
	folio_query *query = NULL;
	ck_assert_folio_ok(folio_query_parse(&query, db, "common", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, query, NULL));
	ck_assert_uint_eq(folio_results_count(r), 10);
	folio_results_free(r);

	/* An offset with the default limit. */
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	opts.offset = 20;
	opts.limit = 0;
	ck_assert_folio_ok(folio_db_search(&r, db, query, &opts));
	expected = paged_ids(20, 24);
	assert_ids(r, expected);
	free(expected);
	folio_results_free(r);

	/* The options as folio_search_options_init() makes them. */
	ck_assert_folio_ok(
		folio_search_options_init(&opts, FOLIO_SEARCH_OPTIONS_VERSION));
	ck_assert_uint_eq(opts.version, FOLIO_SEARCH_OPTIONS_VERSION);
	ck_assert_uint_eq(opts.offset, 0);
	ck_assert_uint_eq(opts.limit, 10);
	ck_assert_folio_ok(folio_db_search(&r, db, query, &opts));
	ck_assert_uint_eq(folio_results_count(r), 10);
	folio_results_free(r);
	folio_query_free(query);
	done(db, dir);
}
END_TEST

/* ---- No hits ------------------------------------------------------ */

START_TEST(test_search_no_hits__for_a_missing_word)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	folio_results *r = search(db, "zte", 0, 10);
	ck_assert_uint_eq(folio_results_count(r), 0);
	ck_assert_uint_eq(folio_results_estimate(r), 0);
	ck_assert_ptr_null(folio_results_doc(r, 0));
	ck_assert(folio_results_score(r, 0) == 0.0);
	folio_results_free(r);

	/* One required word missing: no hits either. */
	r = search(db, "+common +zte", 0, 10);
	ck_assert_uint_eq(folio_results_count(r), 0);
	ck_assert_uint_eq(folio_results_estimate(r), 0);
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_no_hits__in_an_empty_index)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, NULL, 0);
	folio_results *r = search(db, "huawei", 0, 10);
	ck_assert_uint_eq(folio_results_count(r), 0);
	ck_assert_uint_eq(folio_results_estimate(r), 0);
	folio_results_free(r);
	done(db, dir);
}
END_TEST

/* ---- What a hit carries ------------------------------------------- */

START_TEST(test_search_hits__carry_the_documents_id_title_and_fields)
{
	static const char *const fields[] = {
		"source=South China Morning Post", "date=2019-05-24",
		"author=John Power", NULL};
	fixture_doc docs[] = {
		{"scmp", "US pressure on Seoul over Huawei",
		 "The United States is turning up the heat on South Korea.",
		 fields},
		{"other", "Elsewhere", "Nothing about it.", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 2);
	folio_results *r = search(db, "korea", 0, 10);
	ck_assert_uint_eq(folio_results_count(r), 1);
	const folio_doc *doc = folio_results_doc(r, 0);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(folio_doc_id(doc), "scmp");
	ck_assert_str_eq(folio_doc_title(doc),
			 "US pressure on Seoul over Huawei");
	ck_assert_uint_eq(folio_doc_field_count(doc), 3);
	const char *name = NULL, *value = NULL;
	ck_assert_folio_ok(folio_doc_field_at(doc, 0, &name, &value));
	ck_assert_str_eq(name, "source");
	ck_assert_str_eq(value, "South China Morning Post");
	ck_assert_folio_ok(folio_doc_field_at(doc, 1, &name, &value));
	ck_assert_str_eq(name, "date");
	ck_assert_str_eq(value, "2019-05-24");
	ck_assert_folio_ok(folio_doc_field_at(doc, 2, &name, &value));
	ck_assert_str_eq(name, "author");
	ck_assert_str_eq(value, "John Power");
	ck_assert_str_eq(folio_doc_field(doc, "author"), "John Power");
	/* Past the last hit there is nothing. */
	ck_assert_ptr_null(folio_results_doc(r, 1));
	ck_assert(folio_results_score(r, 1) == 0.0);
	ck_assert_ptr_null(folio_results_doc(r, (size_t)-1));
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_hits__bring_back_the_body_byte_for_byte)
{
	/* What the stored form escapes (backslashes, newlines), what looks
	 * like an escape, and a backslash at the very end. */
	static const char body[] = "Huawei\n\\n is not a newline;\n\n"
				   "C:\\path\\ and \\\\ two\r\n\\";
	fixture_doc docs[] = {
		{"odd", "Odd \\ title", body, NULL},
		{"plain", NULL, "Huawei and nothing else.", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 2);
	folio_results *r = search(db, "huawei", 0, 10);
	size_t len = 0;
	int seen = 0;

	ck_assert_uint_eq(folio_results_count(r), 2);
	for (size_t i = 0; i < 2; i++) {
		const folio_doc *doc = folio_results_doc(r, i);
		const char *text = folio_doc_body(doc, &len);
		if (strcmp(folio_doc_id(doc), "odd") != 0)
			continue;
		seen = 1;
		ck_assert_uint_eq(len, sizeof body - 1);
		ck_assert_mem_eq(text, body, len);
		ck_assert_int_eq(text[len], '\0');
		ck_assert_str_eq(folio_doc_title(doc), "Odd \\ title");
	}
	ck_assert(seen);
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_paging__same_page_twice_is_the_same)
{
	char *dir = NULL;
	folio_db *db = paged_index(&dir);
	folio_results *a = search(db, "common", 5, 7);
	folio_results *b = search(db, "common", 5, 7);
	ck_assert_uint_eq(folio_results_count(a), folio_results_count(b));
	for (size_t i = 0; i < folio_results_count(a); i++) {
		ck_assert_str_eq(folio_doc_id(folio_results_doc(a, i)),
				 folio_doc_id(folio_results_doc(b, i)));
		ck_assert(folio_results_score(a, i) ==
			  folio_results_score(b, i));
	}
	folio_results_free(b);
	/* Results do not depend on the query that made them staying
	 * around: search() freed it already. */
	ck_assert_str_eq(folio_doc_id(folio_results_doc(a, 0)), "d05");
	folio_results_free(a);
	done(db, dir);
}
END_TEST

START_TEST(test_search_bm25__near_bonus_counts_words_less_than_8_apart)
{
	/* Two query words next to each other in the query add a bonus in
	 * a document where they are less than 8 positions apart, in either
	 * order: 7 apart counts, 8 apart does not.  The documents differ
	 * in nothing else, so only the bonus can part their scores. */
	fixture_doc docs[12] = {
		{"near", NULL, "alpha w w w w w w beta w", NULL},
		{"near-reversed", NULL, "beta w w w w w w alpha w", NULL},
		{"apart", NULL, "alpha w w w w w w w beta", NULL},
		{"apart-reversed", NULL, "beta w w w w w w w alpha", NULL},
	};
	static const char *const others[] = {"o1", "o2", "o3", "o4",
					     "o5", "o6", "o7", "o8"};
	/* Documents without the words, so that they weigh something. */
	for (size_t i = 0; i < 8; i++)
		docs[4 + i] = (fixture_doc){others[i], NULL,
					    "neither word is here", NULL};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 12);
	folio_results *r = search(db, "alpha beta", 0, 10);
	assert_ids(r, "near near-reversed apart apart-reversed");
	ck_assert(folio_results_score(r, 0) == folio_results_score(r, 1));
	ck_assert_msg(folio_results_score(r, 1) > folio_results_score(r, 2),
		      "8 apart scores as 7 apart: %g", folio_results_score(r, 2));
	ck_assert(folio_results_score(r, 2) == folio_results_score(r, 3));
	folio_results_free(r);
	done(db, dir);
}
END_TEST

START_TEST(test_search_bm25__near_bonus_past_the_last_form_typed)
{
	/* Every document has the stems, only the first the forms typed,
	 * which the bonus looks for: the others are past the end of those
	 * words' posting lists, and get no bonus, whether their stems are
	 * next to each other or not.  They differ in nothing else, so
	 * they score alike. */
	fixture_doc docs[] = {
		{"typed", NULL, "alpha beta", NULL},
		{"plural", NULL, "alphas betas and", NULL},
		{"apart", NULL, "alphas and betas", NULL},
		{"none", NULL, "gamma delta", NULL},
		{"none2", NULL, "gamma delta epsilon", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 5);
	folio_results *r = search(db, "alpha beta", 0, 10);
	ck_assert_uint_eq(folio_results_count(r), 3);
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 0)), "typed");
	ck_assert_msg(folio_results_score(r, 1) == folio_results_score(r, 2),
		      "stems next to each other got the bonus: %g and %g",
		      folio_results_score(r, 1), folio_results_score(r, 2));
	folio_results_free(r);
	done(db, dir);
}
END_TEST

static Suite *search_suite(void)
{
	const TTest *ranking_tests[] = {
		test_search_bm25__short_body_full_of_the_word_beats_a_long_one,
		test_search_bm25__shorter_body_wins_if_each_has_the_word_once,
		test_search_bm25__rarer_word_weighs_more,
		test_search_bm25__near_bonus_counts_words_less_than_8_apart,
		test_search_bm25__near_bonus_past_the_last_form_typed,
	};
	const TTest *paging_tests[] = {
		test_search_paging__pages_follow_each_other_without_overlap,
		test_search_paging__offset_past_the_last_hit_is_an_empty_page,
		test_search_estimate__is_at_least_the_hits_seen,
		test_search_limit__of_zero_means_ten,
		test_search_paging__same_page_twice_is_the_same,
	};
	const TTest *no_hits_tests[] = {
		test_search_no_hits__for_a_missing_word,
		test_search_no_hits__in_an_empty_index,
	};
	const TTest *hits_tests[] = {
		test_search_hits__carry_the_documents_id_title_and_fields,
		test_search_hits__bring_back_the_body_byte_for_byte,
	};
	Suite *s = suite_create("search");

	FIXTURE_ADD_TCASE(s, "ranking", ranking_tests);
	FIXTURE_ADD_TCASE(s, "paging", paging_tests);
	FIXTURE_ADD_TCASE(s, "no hits", no_hits_tests);
	FIXTURE_ADD_TCASE(s, "hits", hits_tests);
	return s;
}

int main(void)
{
	return fixture_run(search_suite());
}
