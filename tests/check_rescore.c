/*
 * check_rescore.c - the bonus for query words near each other (and, with
 * it, the words' own bonuses), given to the first FOLIO__RESCORE_WINDOW
 * hits only (FOLIO__RESCORE_WINDOW_WORDS without a near bonus): inside
 * the window it moves a hit up; past it every hit keeps the place the
 * other words give it; pages cut one ranking; date order and facets are
 * those of the whole match set.  The window is internal, hence the
 * private header and the static library.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

#define WINDOW FOLIO__RESCORE_WINDOW
/* Documents with both query words: the window and 20 more. */
#define NRANKED (WINDOW + 20)
/* Documents with neither, so that the query words are rare enough to
 * weigh something. */
#define NFILLER 300
/* r<i> has BASE + i words: the longer, the lower BM25 puts it, by a few
 * per cent over the whole set, less than the near bonus adds. */
#define BASE 1000
/* The two documents whose query words are next to each other: the last
 * one inside the window, and the first one past it. */
#define NEAR_IN (WINDOW - 1)
#define NEAR_OUT WINDOW

static folio_db *db;
static char *dir;

/* The body of r<i>: "alpha beta" next to each other in the two near
 * documents, far apart in the others, padded to BASE + i words. */
static char *ranked_body(size_t i)
{
	size_t words = BASE + i, used = 2;
	char *body = calloc(words * 4 + 16, 1);

	ck_assert_ptr_nonnull(body);
	if (i == NEAR_IN || i == NEAR_OUT) {
		strcpy(body, "alpha beta");
	} else {
		strcpy(body, "alpha");
		for (; used < 22; used++)
			strcat(body, " pad");
		strcat(body, " beta");
	}
	for (; used < words; used++)
		strcat(body, " pad");
	return body;
}

static void setup(void)
{
	static const char *const dated[] = {"date=2020-01-01", NULL};
	fixture_doc *docs = calloc(NRANKED + NFILLER, sizeof *docs);
	char (*ids)[8] = calloc(NRANKED + NFILLER, sizeof *ids);

	ck_assert_ptr_nonnull(docs);
	ck_assert_ptr_nonnull(ids);
	ck_assert_uint_eq(NRANKED + NFILLER, 420);
	for (size_t k = 0; k < NRANKED + NFILLER; k++) {
		/* Added out of rank order (11 is prime to 420), so that
		 * the order of the docids cannot pass for the ranking. */
		size_t i = (k * 11 + 3) % (NRANKED + NFILLER);
		docs[k].id = ids[k];
		docs[k].fields = dated;
		if (i < NRANKED) {
			snprintf(ids[k], sizeof ids[k], "r%03zu", i);
			docs[k].body = ranked_body(i);
		} else {
			snprintf(ids[k], sizeof ids[k], "f%03zu", i);
			docs[k].body = "filler words only";
		}
	}
	db = fixture_index(&dir, docs, NRANKED + NFILLER);
	for (size_t k = 0; k < NRANKED + NFILLER; k++)
		if (ids[k][0] == 'r')
			free((char *)docs[k].body);
	free(docs);
	free(ids);
}

static void teardown(void)
{
	fixture_close(&db, &dir);
}

/* ---- Helpers ------------------------------------------------------ */

static folio_results *search(const char *text, size_t offset, size_t limit,
			     folio_sort sort)
{
	static const char *const year[] = {"year"};
	folio_query *query = NULL;
	folio_results *results = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;

	opts.offset = offset;
	opts.limit = limit;
	opts.sort = sort;
	opts.facets = year;
	opts.nfacets = 1;
	ck_assert_folio_ok(folio_query_parse(&query, db, text, NULL));
	ck_assert_folio_ok(folio_db_search(&results, db, query, &opts));
	folio_query_free(query);
	return results;
}

/* Whether two scores are the same sum, added up in another order: the
 * second pass adds the words' bonuses and the near bonus to the first
 * pass's score, Xapian adds them as its query tree says. */
static int same_score(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fabs(b);
}

/* The number of r<number>, the id of hit i. */
static int rank_of(const folio_results *r, size_t i)
{
	const char *id = folio_doc_id(folio_results_doc(r, i));
	ck_assert_msg(id[0] == 'r', "hit %zu is %s", i, id);
	return atoi(id + 1);
}

/* The order the window gives: the near document inside it first, then
 * the others in length order. */
static int expected_rank(size_t i)
{
	if (i == 0)
		return NEAR_IN;
	return (int)(i <= NEAR_IN ? i - 1 : i);
}

/* ---- Tests -------------------------------------------------------- */

START_TEST(test_rescore__near_words_lift_a_hit_inside_the_window_to_first)
{
	folio_results *r = search("alpha beta", 0, 10, FOLIO_SORT_RELEVANCE);

	ck_assert_uint_eq(folio_results_count(r), 10);
	ck_assert_int_eq(rank_of(r, 0), NEAR_IN);
	for (size_t i = 1; i < 10; i++)
		ck_assert_int_eq(rank_of(r, i), (int)i - 1);
	folio_results_free(r);
}
END_TEST

START_TEST(test_rescore__hits_past_the_window_keep_their_first_pass_order)
{
	folio_results *r = search("alpha beta", 0, NRANKED,
				  FOLIO_SORT_RELEVANCE);

	ck_assert_uint_eq(folio_results_count(r), NRANKED);
	/* The near document past the window is not lifted above it. */
	for (size_t i = 0; i < NRANKED; i++)
		ck_assert_msg(rank_of(r, i) == expected_rank(i),
			      "hit %zu is r%03d, expected r%03d", i,
			      rank_of(r, i), expected_rank(i));
	for (size_t i = 1; i < NRANKED; i++)
		ck_assert_double_le(folio_results_score(r, i),
				    folio_results_score(r, i - 1));
	folio_results_free(r);
}
END_TEST

/* Pages of 7 of query, cut across the window's edge (7 divides
 * neither window), hold every ranked document once, hit k being
 * r<expected(k)>. */
static void check_pages(const char *query, int (*expected)(size_t))
{
	size_t seen = 0;
	for (size_t offset = 0; offset < NRANKED + 7; offset += 7) {
		folio_results *r = search(query, offset, 7,
					  FOLIO_SORT_RELEVANCE);
		size_t n = folio_results_count(r);
		ck_assert_uint_eq(folio_results_estimate(r), NRANKED);
		for (size_t i = 0; i < n; i++, seen++)
			ck_assert_msg(rank_of(r, i) == expected(seen),
				      "%s: hit %zu is r%03d, expected r%03d",
				      query, seen, rank_of(r, i),
				      expected(seen));
		folio_results_free(r);
	}
	ck_assert_uint_eq(seen, NRANKED);
}

/* Without a near bonus the window changes no order: length alone. */
static int by_length(size_t i)
{
	return (int)i;
}

START_TEST(test_rescore__pages_across_the_window_edge_neither_repeat_nor_drop)
{
	check_pages("alpha beta", expected_rank);
}
END_TEST

START_TEST(test_rescore__the_window_scores_as_one_pass_over_everything_does)
{
	/* By date (all alike) nothing is scored again: one pass with the
	 * bonus.  Inside the window, a hit must score just as there, whether
	 * its words are near each other or not. */
	folio_results *r = search("alpha beta", 0, WINDOW,
				  FOLIO_SORT_RELEVANCE);
	folio_results *d = search("alpha beta", 0, NRANKED, FOLIO_SORT_DATE);

	for (size_t i = 0; i < WINDOW; i++) {
		size_t k = 0;
		while (k < NRANKED && rank_of(d, k) != rank_of(r, i))
			k++;
		ck_assert_uint_lt(k, NRANKED);
		ck_assert_msg(same_score(folio_results_score(r, i),
					 folio_results_score(d, k)),
			      "r%03d scores %.17g, and %.17g in one pass",
			      rank_of(r, i), folio_results_score(r, i),
			      folio_results_score(d, k));
	}
	folio_results_free(d);
	folio_results_free(r);
}
END_TEST

START_TEST(test_rescore__facets_count_every_match_not_the_window)
{
	folio_results *r = search("alpha beta", 0, 10, FOLIO_SORT_RELEVANCE);
	const char *value = NULL;
	uint64_t count = 0;

	ck_assert_uint_eq(folio_results_facet_size(r, 0), 1);
	ck_assert_folio_ok(folio_results_facet_value(r, 0, 0, &value, &count));
	ck_assert_str_eq(value, "2020");
	ck_assert_uint_eq(count, NRANKED);
	folio_results_free(r);
}
END_TEST

START_TEST(test_rescore__date_order_breaks_ties_with_the_bonus_everywhere)
{
	/* Every document has the same date, so relevance orders them, and
	 * by date nothing is scored again: both near documents lead. */
	folio_results *r = search("alpha beta", 0, 3, FOLIO_SORT_DATE);

	ck_assert_uint_eq(folio_results_count(r), 3);
	ck_assert_int_eq(rank_of(r, 0), NEAR_IN);
	ck_assert_int_eq(rank_of(r, 1), NEAR_OUT);
	ck_assert_int_eq(rank_of(r, 2), 0);
	folio_results_free(r);
}
END_TEST

START_TEST(test_rescore__a_query_without_the_bonus_ranks_by_length_alone)
{
	/* One word: no near bonus, no second pass. */
	folio_results *r = search("alpha", 0, NRANKED, FOLIO_SORT_RELEVANCE);

	ck_assert_uint_eq(folio_results_count(r), NRANKED);
	for (size_t i = 0; i < NRANKED; i++)
		ck_assert_int_eq(rank_of(r, i), (int)i);
	folio_results_free(r);
}
END_TEST

START_TEST(test_rescore__a_hit_past_the_window_is_explained_by_its_words)
{
	folio_query *query = NULL;
	folio_results *r = NULL;
	folio_explain *e = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	int words = 0;

	opts.limit = NRANKED;
	ck_assert_folio_ok(folio_query_parse(&query, db, "alpha beta", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, query, &opts));
	ck_assert_int_eq(rank_of(r, NRANKED - 1), NRANKED - 1);
	ck_assert_folio_ok(folio_results_explain(&e, r, NRANKED - 1, query));
	for (size_t k = 0; k < folio_explain_count(e); k++) {
		const folio_explain_term *t = folio_explain_term_at(e, k);
		ck_assert_double_gt(t->weight, 0.0);
		words += strcmp(t->term, "Zalpha") == 0 ||
			 strcmp(t->term, "Zbeta") == 0;
	}
	ck_assert_int_eq(words, 2);
	folio_explain_free(e);
	folio_results_free(r);
	folio_query_free(query);
}
END_TEST

/* The score of the hit with id in r, or -1. */
static double score_of(const folio_results *r, const char *id)
{
	for (size_t i = 0; i < folio_results_count(r); i++)
		if (strcmp(folio_doc_id(folio_results_doc(r, i)), id) == 0)
			return folio_results_score(r, i);
	return -1;
}

START_TEST(test_rescore__the_form_typed_and_the_title_add_inside_the_window)
{
	/* A query with a near bonus has its words' bonuses scored with
	 * it, on the window: the form typed ("walking", not "walks") and
	 * the stem in the title must still add, and just as the one pass
	 * by date scores them inside the query.  The words are never
	 * near each other here, and the bodies are as long. */
	static const char *const dated[] = {"date=2020-01-01", NULL};
	static const char *const pad = " one two three four five six seven "
				       "eight nine ten eleven twelve beta";
	char bodies[3][128];
	fixture_doc docs[3 + 20] = {
		{.id = "walks", .body = bodies[0], .fields = dated},
		{.id = "typed", .body = bodies[1], .fields = dated},
		{.id = "titled", .title = "Walk", .body = bodies[2],
		 .fields = dated},
	};
	char *small_dir = NULL;
	folio_db *small;
	const char *forms[3] = {"walks", "walking", "walks"};
	folio_results *r[2] = {NULL, NULL};
	const folio_sort sorts[2] = {FOLIO_SORT_RELEVANCE, FOLIO_SORT_DATE};

	for (size_t i = 0; i < 3; i++)
		snprintf(bodies[i], sizeof bodies[i], "%s%s", forms[i], pad);
	for (size_t i = 3; i < 3 + 20; i++)
		docs[i] = (fixture_doc){.id = "", .body = "other words",
					.fields = dated};
	for (size_t i = 3; i < 3 + 20; i++) {
		static char ids[20][8];
		snprintf(ids[i - 3], sizeof ids[i - 3], "o%02zu", i - 3);
		docs[i].id = ids[i - 3];
	}
	small = fixture_index(&small_dir, docs, 3 + 20);
	for (int k = 0; k < 2; k++) {
		folio_query *query = NULL;
		folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
		opts.sort = sorts[k];
		ck_assert_folio_ok(folio_query_parse(&query, small,
						     "walking beta", NULL));
		ck_assert_folio_ok(folio_db_search(&r[k], small, query,
						   &opts));
		ck_assert_uint_eq(folio_results_count(r[k]), 3);
		folio_query_free(query);
	}
	ck_assert_double_gt(score_of(r[0], "typed"), score_of(r[0], "walks"));
	ck_assert_double_gt(score_of(r[0], "titled"),
			    score_of(r[0], "walks"));
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r[0], 2)), "walks");
	for (size_t i = 0; i < 3; i++) {
		const char *id = folio_doc_id(folio_results_doc(r[0], i));
		ck_assert_msg(same_score(score_of(r[0], id),
					 score_of(r[1], id)),
			      "%s scores %.17g, and %.17g in one pass", id,
			      score_of(r[0], id), score_of(r[1], id));
	}
	folio_results_free(r[0]);
	folio_results_free(r[1]);
	fixture_close(&small, &small_dir);
}
END_TEST

START_TEST(test_rescore__pages_across_the_smaller_window_neither_repeat_nor_drop)
{
	check_pages("alpha OR beta", by_length);
}
END_TEST

START_TEST(test_rescore__words_that_need_not_all_match_get_a_smaller_window)
{
	/* No near bonus (any word may match): the words' bonuses go to
	 * the first FOLIO__RESCORE_WINDOW_WORDS hits.  Inside, a hit scores
	 * as in one pass with the bonuses; past it, without them (every
	 * ranked document has both words in the form typed). */
	folio_results *r = search("alpha OR beta", 0, NRANKED,
				  FOLIO_SORT_RELEVANCE);
	folio_results *d = search("alpha OR beta", 0, NRANKED,
				  FOLIO_SORT_DATE);

	ck_assert_uint_eq(folio_results_count(r), NRANKED);
	for (size_t i = 0; i < NRANKED; i++) {
		size_t k = 0;
		while (k < NRANKED && rank_of(d, k) != rank_of(r, i))
			k++;
		ck_assert_uint_lt(k, NRANKED);
		ck_assert_int_eq(rank_of(r, i), (int)i);
		if (i < FOLIO__RESCORE_WINDOW_WORDS)
			ck_assert_msg(same_score(folio_results_score(r, i),
						 folio_results_score(d, k)),
				      "r%03zu scores %.17g, and %.17g in one "
				      "pass",
				      i, folio_results_score(r, i),
				      folio_results_score(d, k));
		else
			ck_assert_double_lt(folio_results_score(r, i),
					    folio_results_score(d, k));
	}
	folio_results_free(d);
	folio_results_free(r);
}
END_TEST

static Suite *rescore_suite(void)
{
	const TTest *tests[] = {
		test_rescore__near_words_lift_a_hit_inside_the_window_to_first,
		test_rescore__hits_past_the_window_keep_their_first_pass_order,
		test_rescore__pages_across_the_window_edge_neither_repeat_nor_drop,
		test_rescore__the_window_scores_as_one_pass_over_everything_does,
		test_rescore__facets_count_every_match_not_the_window,
		test_rescore__date_order_breaks_ties_with_the_bonus_everywhere,
		test_rescore__a_query_without_the_bonus_ranks_by_length_alone,
		test_rescore__a_hit_past_the_window_is_explained_by_its_words,
		test_rescore__the_form_typed_and_the_title_add_inside_the_window,
		test_rescore__words_that_need_not_all_match_get_a_smaller_window,
		test_rescore__pages_across_the_smaller_window_neither_repeat_nor_drop,
	};
	Suite *s = suite_create("rescore");
	TCase *tc = FIXTURE_ADD_TCASE(s, "window", tests);

	tcase_add_unchecked_fixture(tc, setup, teardown);
	return s;
}

int main(void)
{
	return fixture_run(rescore_suite());
}
