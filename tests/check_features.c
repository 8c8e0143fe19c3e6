/*
 * check_features.c - the search features beside ranking: date bounds and
 * date order (folio_search_options), facets, "did you mean" suggestions
 * (folio_db_suggest), similar documents (folio_query_similar) and
 * explanations of hits (folio_results_explain).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixture.h"

/* ---- The fixture -------------------------------------------------- */

static const char *const a_fields[] = {"source=Reuters", "date=2019-05-23",
				       "author=John Power", NULL};
static const char *const b_fields[] = {"source=Reuters", "date=2019-06-01",
				       NULL};
static const char *const c_fields[] = {"source=SCMP", "date=2018-12-31",
				       NULL};
static const char *const d_fields[] = {"source=SCMP", NULL};
static const char *const e_fields[] = {"source=AP", "date=2019", NULL};

static const char a_body[] =
	"Huawei sells network equipment in Korea and Seoul.";

/* Five documents: four dated (one only by its year), one undated. */
static folio_db *news(char **dir)
{
	static const fixture_doc docs[] = {
		{"a", "Huawei in Seoul", a_body, a_fields},
		{"b", NULL,
		 "Huawei equipment is banned; the network ban worries Korea.",
		 b_fields},
		{"c", NULL,
		 "Huawei faces pressure in Korea over network equipment.",
		 c_fields},
		{"d", NULL, "Huawei phones sell well.", d_fields},
		{"e", NULL, "Huawei opens a lab.", e_fields},
	};
	return fixture_index(dir, docs, sizeof docs / sizeof docs[0]);
}

static void done(folio_db *db, char *dir)
{
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}

/* Run text with opts; the hits' ids space-separated in order (caller
 * frees), or NULL with *rc set if the search failed. */
static char *ids(folio_db *db, const char *text,
		 const folio_search_options *opts, int *rc)
{
	folio_query *q = NULL;
	folio_results *r = NULL;
	char *out = calloc(1, 256);
	ck_assert_ptr_nonnull(out);
	ck_assert_folio_ok(folio_query_parse(&q, db, text, NULL));
	*rc = folio_db_search(&r, db, q, opts);
	for (size_t i = 0; *rc == 0 && i < folio_results_count(r); i++)
		snprintf(out + strlen(out), 256 - strlen(out), "%s%s",
			 i ? " " : "", folio_doc_id(folio_results_doc(r, i)));
	folio_results_free(r);
	folio_query_free(q);
	if (*rc < 0) {
		free(out);
		out = NULL;
	}
	return out;
}

static void assert_ids(folio_db *db, const char *text,
		       const folio_search_options *opts, const char *expected)
{
	int rc = 0;
	char *got = ids(db, text, opts, &rc);
	ck_assert_msg(rc == 0, "search failed: %s",
		      folio_error_last()->message);
	ck_assert_msg(strcmp(got, expected) == 0, "hits \"%s\", expected \"%s\"",
		      got, expected);
	free(got);
}

/* ---- Dates -------------------------------------------------------- */

START_TEST(test_dates__since_a_year_keeps_that_year_and_later_only)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.since = "2019";
	o.sort = FOLIO_SORT_DATE;
	/* e is dated by its year alone, and 2019 covers it. */
	assert_ids(db, "huawei", &o, "b a e");
	done(db, dir);
}
END_TEST

START_TEST(test_dates__until_a_month_covers_the_whole_month)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.until = "2019-05";
	o.sort = FOLIO_SORT_DATE;
	assert_ids(db, "huawei", &o, "a e c");
	o.since = o.until = "2019-05-23";
	assert_ids(db, "huawei", &o, "a");
	done(db, dir);
}
END_TEST

START_TEST(test_dates__undated_documents_are_left_out_by_either_bound)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.until = "9999";
	o.sort = FOLIO_SORT_DATE;
	assert_ids(db, "huawei", &o, "b a e c");
	o.until = NULL;
	o.since = "0001";
	assert_ids(db, "huawei", &o, "b a e c");
	done(db, dir);
}
END_TEST

START_TEST(test_dates__auto_mode_falls_back_to_any_word_within_the_dates)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	/* Only e (2019) has both words: in 2019 every word is required. */
	o.since = "2019";
	assert_ids(db, "huawei lab", &o, "e");
	/* Before 2019 nothing has both, so any word is enough, as it would
	 * be in a whole index without a document having both. */
	o.since = NULL;
	o.until = "2018";
	assert_ids(db, "huawei lab", &o, "c");
	done(db, dir);
}
END_TEST

START_TEST(test_dates__a_malformed_bound_is_an_error_naming_the_form)
{
	static const char *const bad[] = {"2019-13", "19", "2019-5",
					  "2019-05-32", "2019/05", "soon",
					  "2019-05-23T10"};
	char *dir = NULL;
	folio_db *db = news(&dir);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
		int rc = 0;
		o.since = bad[i];
		ck_assert_ptr_null(ids(db, "huawei", &o, &rc));
		ck_assert_int_eq(rc, FOLIO_EINVALID);
		ck_assert_msg(strstr(folio_error_last()->message,
				     "YYYY-MM-DD") != NULL,
			      "%s: %s", bad[i], folio_error_last()->message);
	}
	done(db, dir);
}
END_TEST

START_TEST(test_dates__since_after_until_is_an_error)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	int rc = 0;
	o.since = "2020";
	o.until = "2019-12-31";
	ck_assert_ptr_null(ids(db, "huawei", &o, &rc));
	ck_assert_int_eq(rc, FOLIO_EINVALID);
	done(db, dir);
}
END_TEST

START_TEST(test_options__a_version_1_struct_is_read_no_further_than_v1)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	/* What an old caller's memory might hold past its struct. */
	o.since = "garbage";
	o.version = 1;
	o.limit = 2;
	int rc = 0;
	char *got = ids(db, "huawei", &o, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(strlen(got), 3);
	free(got);
	ck_assert_folio_ok(folio_search_options_init(&o, 1));
	ck_assert_uint_eq(o.version, 1);
	done(db, dir);
}
END_TEST

/* ---- Order -------------------------------------------------------- */

START_TEST(test_sort__by_date_is_newest_first_with_the_undated_last)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.sort = FOLIO_SORT_DATE;
	assert_ids(db, "huawei", &o, "b a e c d");
	o.reverse = 1;
	o.since = "2018";
	assert_ids(db, "huawei", &o, "c e a b");
	o.offset = 1;
	o.limit = 2;
	assert_ids(db, "huawei", &o, "e a");
	done(db, dir);
}
END_TEST

START_TEST(test_sort__reversed_relevance_is_the_ranking_backwards)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	int rc = 0;
	char *forward = ids(db, "huawei OR korea OR network", &o, &rc);
	ck_assert_int_eq(rc, 0);
	char backward[64] = "";
	/* Reverse the space-separated one-letter ids. */
	for (size_t i = strlen(forward); i-- > 0;)
		if (forward[i] != ' ')
			snprintf(backward + strlen(backward),
				 sizeof backward - strlen(backward), "%s%c",
				 backward[0] ? " " : "", forward[i]);
	o.reverse = 1;
	assert_ids(db, "huawei OR korea OR network", &o, backward);
	/* The second and third least relevant. */
	o.offset = 1;
	o.limit = 2;
	char page[8];
	snprintf(page, sizeof page, "%.3s", backward + 2);
	assert_ids(db, "huawei OR korea OR network", &o, page);
	free(forward);
	o.sort = (folio_sort)7;
	char *none = ids(db, "huawei", &o, &rc);
	ck_assert_ptr_null(none);
	ck_assert_int_eq(rc, FOLIO_EINVALID);
	done(db, dir);
}
END_TEST

/* ---- Facets ------------------------------------------------------- */

/* "value=count value=count" of facet i. */
static void assert_facet(const folio_results *r, size_t i, const char *name,
			 const char *expected)
{
	char got[256] = "";
	ck_assert_str_eq(folio_results_facet_name(r, i), name);
	for (size_t k = 0; k < folio_results_facet_size(r, i); k++) {
		const char *value = NULL;
		uint64_t count = 0;
		ck_assert_folio_ok(
			folio_results_facet_value(r, i, k, &value, &count));
		snprintf(got + strlen(got), sizeof got - strlen(got),
			 "%s%s=%llu", k ? " " : "", value,
			 (unsigned long long)count);
	}
	ck_assert_msg(strcmp(got, expected) == 0, "facet %s: \"%s\", not \"%s\"",
		      name, got, expected);
}

static folio_results *faceted(folio_db *db, folio_query **q,
			      folio_search_options *o)
{
	folio_results *r = NULL;
	ck_assert_folio_ok(folio_query_parse(q, db, "huawei", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, *q, o));
	return r;
}

START_TEST(test_facets__count_every_match_per_value_most_frequent_first)
{
	static const char *const names[] = {"source", "year", "author"};
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_query *q = NULL;
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.facets = names;
	o.nfacets = 3;
	o.limit = 1; /* counts are over all matches, not the page */
	folio_results *r = faceted(db, &q, &o);
	ck_assert_uint_eq(folio_results_count(r), 1);
	ck_assert_uint_eq(folio_results_facet_count(r), 3);
	assert_facet(r, 0, "source", "Reuters=2 SCMP=2 AP=1");
	assert_facet(r, 1, "year", "2019=3 2018=1");
	assert_facet(r, 2, "author", "John Power=1");
	ck_assert_int_eq(folio_results_facet_value(r, 2, 1, NULL, NULL),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(folio_results_facet_name(r, 3));
	folio_results_free(r);
	folio_query_free(q);
	done(db, dir);
}
END_TEST

START_TEST(test_facets__count_only_what_the_date_bounds_keep)
{
	static const char *const names[] = {"source"};
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_query *q = NULL;
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.facets = names;
	o.nfacets = 1;
	o.since = "2019";
	folio_results *r = faceted(db, &q, &o);
	assert_facet(r, 0, "source", "Reuters=2 AP=1");
	folio_results_free(r);
	folio_query_free(q);
	done(db, dir);
}
END_TEST

START_TEST(test_facets__an_unknown_field_is_an_error_listing_the_fields)
{
	static const char *const names[] = {"sorce"};
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	o.facets = names;
	o.nfacets = 1;
	ck_assert_folio_ok(folio_query_parse(&q, db, "huawei", NULL));
	ck_assert_int_eq(folio_db_search(&r, db, q, &o), FOLIO_EINVALID);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "source"));
	folio_query_free(q);
	done(db, dir);
}
END_TEST

/* ---- Suggestions -------------------------------------------------- */

static char *suggest(folio_db *db, const char *text, size_t max_words)
{
	char *s = NULL;
	folio_suggest_options o = FOLIO_SUGGEST_OPTIONS_INIT;
	o.max_words = max_words;
	ck_assert_folio_ok(folio_db_suggest(&s, db, text, &o));
	return s;
}

START_TEST(test_suggest__corrects_misspelt_words_and_keeps_the_rest)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	char *s = suggest(db, "huawie", 0);
	ck_assert_str_eq(s, "huawei");
	folio_suggestion_free(s);
	s = suggest(db, "\"netwrok\" AND korae -phones", 0);
	ck_assert_str_eq(s, "\"network\" AND korea -phones");
	folio_suggestion_free(s);
	done(db, dir);
}
END_TEST

START_TEST(test_suggest__says_nothing_when_words_are_known_or_too_short)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	ck_assert_ptr_null(suggest(db, "huawei korea", 0));
	/* "lsb" is one edit from "lab", but three letters are too few. */
	ck_assert_ptr_null(suggest(db, "lsb", 0));
	/* Field names, and words far from any other, stay. */
	ck_assert_ptr_null(suggest(db, "source:reuters zzzzzzzz", 0));
	done(db, dir);
}
END_TEST

START_TEST(test_suggest__stops_after_the_words_it_may_compare)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	/* The words starting with k are read first ("korea" alone), and
	 * that is all one word of budget allows: "huawie" stays. */
	char *s = suggest(db, "korae huawie", 1);
	ck_assert_str_eq(s, "korea huawie");
	folio_suggestion_free(s);
	s = suggest(db, "korae huawie", 2);
	ck_assert_str_eq(s, "korea huawei");
	folio_suggestion_free(s);
	done(db, dir);
}
END_TEST

START_TEST(test_suggest__takes_the_first_letter_as_typed)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	/* One edit from "huawei", but only the words starting with g are
	 * read: the price of not reading the whole vocabulary. */
	ck_assert_ptr_null(suggest(db, "guawei", 0));
	done(db, dir);
}
END_TEST

/* 40 documents with "network"; the first `odd` of them also "netwerk". */
static folio_db *networks(char **dir, size_t odd)
{
	fixture_doc docs[40];
	char ids[40][8];

	for (size_t i = 0; i < 40; i++) {
		snprintf(ids[i], sizeof ids[i], "n%zu", i);
		docs[i] = (fixture_doc){ids[i], NULL,
					i < odd ? "the network netwerk"
						: "the network",
					NULL};
	}
	return fixture_index(dir, docs, 40);
}

START_TEST(test_suggest__checks_rare_words_only)
{
	char *dir = NULL;
	folio_db *db = networks(&dir, 3);
	/* In 3 documents of 40, "netwerk" is rare: "network" is offered. */
	char *s = suggest(db, "netwerk", 0);
	ck_assert_str_eq(s, "network");
	folio_suggestion_free(s);
	done(db, dir);
	/* In 4 it is a word of the index, not a typo: nothing is offered,
	 * and nothing is read (though "network" is ten times as common). */
	db = networks(&dir, 4);
	ck_assert_ptr_null(suggest(db, "netwerk", 0));
	done(db, dir);
}
END_TEST

/* ---- Similar documents -------------------------------------------- */

START_TEST(test_similar__finds_the_documents_sharing_its_words_not_itself)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_query *q = NULL;
	folio_results *r = NULL;
	ck_assert_folio_ok(folio_query_similar(&q, db, "a", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_uint_ge(folio_results_count(r), 2);
	for (size_t i = 0; i < folio_results_count(r); i++)
		ck_assert_str_ne(folio_doc_id(folio_results_doc(r, i)), "a");
	/* b and c share network, equipment and korea with a. */
	const char *first = folio_doc_id(folio_results_doc(r, 0));
	const char *second = folio_doc_id(folio_results_doc(r, 1));
	ck_assert_msg((!strcmp(first, "b") && !strcmp(second, "c")) ||
			      (!strcmp(first, "c") && !strcmp(second, "b")),
		      "first hits %s %s", first, second);
	/* Its snippets highlight the shared words. */
	folio_snippet *snip = NULL;
	ck_assert_folio_ok(folio_results_snippet(&snip, r, 0, q, NULL));
	ck_assert_uint_ge(folio_snippet_span_count(snip), 2);
	folio_snippet_free(snip);
	folio_results_free(r);
	folio_query_free(q);
	done(db, dir);
}
END_TEST

START_TEST(test_similar__an_unknown_id_is_not_found)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_query *q = NULL;
	ck_assert_int_eq(folio_query_similar(&q, db, "nosuch", NULL),
			 FOLIO_ENOTFOUND);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "nosuch"));
	done(db, dir);
}
END_TEST

/* ---- Explanations ------------------------------------------------- */

static folio_explain *explain_first(folio_db *db, const char *text,
				    folio_results **r, folio_query **q)
{
	folio_explain *e = NULL;
	ck_assert_folio_ok(folio_query_parse(q, db, text, NULL));
	ck_assert_folio_ok(folio_db_search(r, db, *q, NULL));
	ck_assert_uint_ge(folio_results_count(*r), 1);
	ck_assert_folio_ok(folio_results_explain(&e, *r, 0, *q));
	return e;
}

static const folio_explain_term *find_term(const folio_explain *e,
					   const char *term)
{
	for (size_t k = 0; k < folio_explain_count(e); k++)
		if (strcmp(folio_explain_term_at(e, k)->term, term) == 0)
			return folio_explain_term_at(e, k);
	ck_abort_msg("term %s not in the explanation", term);
	return NULL;
}

START_TEST(test_explain__term_weights_bound_the_score_and_point_at_words)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_results *r = NULL;
	folio_query *q = NULL;
	folio_explain *e = explain_first(db, "seoul korea", &r, &q);
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 0)), "a");
	/* The stems, and the bonus terms (the exact words, the title
	 * stem), which count at a fraction of their weight: the score is
	 * at least the stems' weights and at most all the weights. */
	ck_assert_uint_ge(folio_explain_count(e), 2);
	double sum = 0, stems = 0;
	for (size_t k = 0; k < folio_explain_count(e); k++) {
		const folio_explain_term *t = folio_explain_term_at(e, k);
		ck_assert_msg(t->weight > 0, "%s weighs %g", t->term,
			      t->weight);
		sum += t->weight;
		if (t->term[0] == 'Z' && t->term[1] != 'S')
			stems += t->weight;
	}
	ck_assert_msg(stems <= folio_results_score(r, 0) + 1e-6 &&
			      folio_results_score(r, 0) <= sum + 1e-6,
		      "stems weigh %g, all terms %g, the score is %g", stems,
		      sum, folio_results_score(r, 0));
	const folio_explain_term *korea = find_term(e, "Zkorea");
	ck_assert_uint_eq(korea->wdf, 1);
	ck_assert_uint_eq(korea->noffsets, 1);
	ck_assert_uint_eq(korea->offsets[0][0],
			  (size_t)(strstr(a_body, "Korea") - a_body));
	ck_assert_uint_eq(korea->offsets[0][1] - korea->offsets[0][0], 5);
	/* seoul is in the title (which counts 3 times) and the body. */
	ck_assert_uint_eq(find_term(e, "Zseoul")->wdf, 4);
	ck_assert_ptr_null(
		folio_explain_term_at(e, folio_explain_count(e)));
	folio_explain_free(e);
	folio_results_free(r);
	folio_query_free(q);
	done(db, dir);
}
END_TEST

START_TEST(test_explain__gives_positions_of_phrase_words_and_zero_to_filters)
{
	char *dir = NULL;
	folio_db *db = news(&dir);
	folio_results *r = NULL;
	folio_query *q = NULL;
	folio_explain *e = explain_first(
		db, "\"network equipment\" source:reuters", &r, &q);
	const folio_explain_term *net = find_term(e, "network");
	ck_assert_uint_eq(net->npositions, 1);
	ck_assert_uint_eq(net->noffsets, 1);
	ck_assert(strncasecmp(folio_doc_body(folio_results_doc(r, 0), NULL) +
				      net->offsets[0][0],
			      "network", 7) == 0);
	ck_assert(find_term(e, "XSOURCEreuters")->weight == 0.0);
	folio_explain_free(e);
	ck_assert_int_eq(folio_results_explain(&e, r, 99, q), FOLIO_EINVALID);
	ck_assert_ptr_null(e);
	folio_results_free(r);
	folio_query_free(q);
	done(db, dir);
}
END_TEST

static Suite *features_suite(void)
{
	const TTest *date_tests[] = {
		test_dates__since_a_year_keeps_that_year_and_later_only,
		test_dates__until_a_month_covers_the_whole_month,
		test_dates__undated_documents_are_left_out_by_either_bound,
		test_dates__a_malformed_bound_is_an_error_naming_the_form,
		test_dates__since_after_until_is_an_error,
		test_dates__auto_mode_falls_back_to_any_word_within_the_dates,
		test_options__a_version_1_struct_is_read_no_further_than_v1,
	};
	const TTest *sort_tests[] = {
		test_sort__by_date_is_newest_first_with_the_undated_last,
		test_sort__reversed_relevance_is_the_ranking_backwards,
	};
	const TTest *facet_tests[] = {
		test_facets__count_every_match_per_value_most_frequent_first,
		test_facets__count_only_what_the_date_bounds_keep,
		test_facets__an_unknown_field_is_an_error_listing_the_fields,
	};
	const TTest *suggest_tests[] = {
		test_suggest__corrects_misspelt_words_and_keeps_the_rest,
		test_suggest__says_nothing_when_words_are_known_or_too_short,
		test_suggest__stops_after_the_words_it_may_compare,
		test_suggest__takes_the_first_letter_as_typed,
		test_suggest__checks_rare_words_only,
	};
	const TTest *similar_tests[] = {
		test_similar__finds_the_documents_sharing_its_words_not_itself,
		test_similar__an_unknown_id_is_not_found,
	};
	const TTest *explain_tests[] = {
		test_explain__term_weights_bound_the_score_and_point_at_words,
		test_explain__gives_positions_of_phrase_words_and_zero_to_filters,
	};
	Suite *s = suite_create("features");

	FIXTURE_ADD_TCASE(s, "dates", date_tests);
	FIXTURE_ADD_TCASE(s, "sort", sort_tests);
	FIXTURE_ADD_TCASE(s, "facets", facet_tests);
	FIXTURE_ADD_TCASE(s, "suggest", suggest_tests);
	FIXTURE_ADD_TCASE(s, "similar", similar_tests);
	FIXTURE_ADD_TCASE(s, "explain", explain_tests);
	return s;
}

int main(void)
{
	return fixture_run(features_suite());
}
