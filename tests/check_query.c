/*
 * check_query.c - the query language: each operator by the documents it
 * finds in a small index, every syntax error with its exact column, the
 * limits, and folio_query_describe().
 *
 * The index (below) is small enough that each expected set of ids can be
 * checked by reading the five documents.  Sets are compared sorted; a
 * test about ranking compares the order of hits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- The index ---------------------------------------------------- */

static const char *const fields1[] = {"source=Reuters", "date=2019-05-23",
				      NULL};
static const char *const fields2[] = {
	"source=South China Morning Post", "date=2019-05-24", NULL};
static const char *const fields3[] = {"source=Yonhap", "date=2019-06-01",
				      NULL};
static const char *const fields4[] = {"source=Reuters", "date=2018-12-02",
				      NULL};
static const char *const fields5[] = {"source=Yonhap", "date=2019", NULL};

/*
 *   huawei: 1 2 4      korea: 1 3 4      china: 2 3      seoul: 1 5
 *   "south korea": 1 3 (4 has both words, the other way round)
 *   pressure, pressuring: 1 2           equipment: 1 4
 *   title words: 1 seoul weighs huawei ban, 2 huawei profits rise,
 *   3 korea exports, 4 lg uplus network, 5 weather report
 */
static const fixture_doc docs[] = {
	{"1", "Seoul weighs a Huawei ban",
	 "Washington is pressuring South Korea over Huawei equipment.",
	 fields1},
	{"2", "Huawei profits rise",
	 "Note: Huawei reported record profits in China despite the "
	 "pressure.",
	 fields2},
	{"3", "Korea exports",
	 "South Korea exports chips to China and to the United States.",
	 fields3},
	{"4", "LG Uplus network",
	 "LG Uplus uses equipment from Huawei in its network. Korea "
	 "watches the south.",
	 fields4},
	{"5", "Weather report",
	 "Sunny skies over Seoul, and the e-mail said the U.S.A team won.",
	 fields5},
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

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort the space-separated words of s in place. */
static char *sort_words(char *s)
{
	char *words[128], *copy = strdup(s), *save = NULL;
	size_t n = 0, len = 0;
	ck_assert_ptr_nonnull(copy);
	for (char *w = strtok_r(copy, " ", &save); w && n < 128;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	qsort(words, n, sizeof words[0], compare_strings);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "%s%s", i ? " " : "",
				       words[i]);
	s[len] = '\0';
	free(copy);
	return s;
}

/* The ids of the hits for query, in rank order, with default_op. */
static char *ranked(const char *query, folio_query_default_op op)
{
	folio_query_options opts = FOLIO_QUERY_OPTIONS_INIT;
	folio_search_options sopts = FOLIO_SEARCH_OPTIONS_INIT;
	folio_query *q = NULL;
	folio_results *r = NULL;
	char *out = calloc(1, 512);
	size_t len = 0;

	ck_assert_ptr_nonnull(out);
	opts.default_op = op;
	sopts.limit = 100;
	ck_assert_folio_ok(folio_query_parse(&q, db, query, &opts));
	ck_assert_folio_ok(folio_db_search(&r, db, q, &sopts));
	for (size_t i = 0; i < folio_results_count(r); i++)
		len += (size_t)snprintf(
			out + len, 512 - len, "%s%s", i ? " " : "",
			folio_doc_id(folio_results_doc(r, i)));
	folio_results_free(r);
	folio_query_free(q);
	return out;
}

/* Check that query (default AND) finds exactly the ids in expected, a
 * sorted space-separated list. */
#define ck_assert_finds(query, expected)                                  \
	do {                                                              \
		char *got_ = sort_words(ranked((query), FOLIO_QUERY_AND)); \
		ck_assert_msg(strcmp(got_, (expected)) == 0,              \
			      "query '%s' found '%s', expected '%s'",     \
			      (query), got_, (expected));                 \
		free(got_);                                               \
	} while (0)

/* The same, with the default operator OR. */
#define ck_assert_finds_or(query, expected)                               \
	do {                                                              \
		char *got_ = sort_words(ranked((query), FOLIO_QUERY_OR));  \
		ck_assert_msg(strcmp(got_, (expected)) == 0,              \
			      "query '%s' (OR) found '%s', expected '%s'", \
			      (query), got_, (expected));                 \
		free(got_);                                               \
	} while (0)

/* Check that parsing query fails with FOLIO_EQUERY at column, with a
 * message containing fragment, and leaves no query behind. */
static void check_error(const char *query, int column, const char *fragment)
{
	folio_query *q = (folio_query *)&q; /* not NULL: must be reset */
	int rc = folio_query_parse(&q, db, query, NULL);
	const folio_error *e = folio_error_last();
	ck_assert_msg(rc == FOLIO_EQUERY, "query '%s' gave %d, not EQUERY",
		      query, rc);
	ck_assert_ptr_null(q);
	ck_assert_int_eq(e->code, FOLIO_EQUERY);
	ck_assert_msg(e->column == column,
		      "query '%s': column %d, expected %d (%s)", query,
		      e->column, column, e->message);
	ck_assert_msg(strstr(e->message, fragment) != NULL,
		      "query '%s': message '%s' lacks '%s'", query, e->message,
		      fragment);
	/* The message names its column itself (folio.h promises it, and
	 * the CLI prints the message as it is). */
	if (column > 0) {
		char where[32];
		snprintf(where, sizeof where, "column %d", column);
		ck_assert_msg(strstr(e->message, where) != NULL,
			      "query '%s': message '%s' does not name %s",
			      query, e->message, where);
	}
}

static char *describe(const char *query)
{
	folio_query *q = NULL;
	ck_assert_folio_ok(folio_query_parse(&q, db, query, NULL));
	char *d = strdup(folio_query_describe(q));
	ck_assert_ptr_nonnull(d);
	folio_query_free(q);
	return d;
}

/* ---- Words and operators ------------------------------------------ */

START_TEST(test_query_words__must_all_be_in_a_document)
{
	ck_assert_finds("huawei", "1 2 4");
	ck_assert_finds("huawei korea", "1 4");
	ck_assert_finds("huawei korea equipment seoul", "1");
	ck_assert_finds("huawei weather", "");
}
END_TEST

START_TEST(test_query_and__is_the_same_as_a_space)
{
	ck_assert_finds("huawei AND korea", "1 4");
	ck_assert_finds("huawei AND korea AND china", "");
}
END_TEST

START_TEST(test_query_or__finds_documents_with_either_word)
{
	ck_assert_finds("china OR seoul", "1 2 3 5");
	ck_assert_finds("china OR seoul OR uplus", "1 2 3 4 5");
}
END_TEST

START_TEST(test_query_or__in_lower_case_is_an_ordinary_word)
{
	/* "or" is a word no document has, not an operator. */
	ck_assert_finds("china or seoul", "");
}
END_TEST

START_TEST(test_query_not__excludes_documents_with_the_word)
{
	ck_assert_finds("huawei NOT korea", "2");
	ck_assert_finds("huawei AND NOT korea", "2");
	ck_assert_finds("korea NOT (china OR equipment)", "");
	ck_assert_finds("korea NOT \"south korea\"", "4");
}
END_TEST

START_TEST(test_query_minus__excludes_documents_with_the_word)
{
	ck_assert_finds("huawei -korea", "2");
	ck_assert_finds("korea -china -uplus", "1");
	ck_assert_finds("-huawei korea", "3");
}
END_TEST

START_TEST(test_query_minus__alone_finds_every_other_document)
{
	ck_assert_finds("-huawei", "3 5");
	ck_assert_finds("NOT huawei", "3 5");
	ck_assert_finds("-huawei -seoul", "3");
}
END_TEST

START_TEST(test_query_minus__twice_finds_the_word_again)
{
	ck_assert_finds("-(-seoul)", "1 5");
}
END_TEST

START_TEST(test_query_minus__inside_a_word_is_part_of_the_word)
{
	/* e-mail is one word typed with a dash, not "e" without "mail". */
	ck_assert_finds("e-mail", "5");
	/* A dash standing alone is punctuation. */
	ck_assert_finds("huawei - korea", "1 4");
}
END_TEST

START_TEST(test_query_or__with_a_negated_side_adds_every_other_document)
{
	/* seoul OR (everything without huawei) */
	ck_assert_finds("seoul OR -huawei", "1 3 5");
}
END_TEST

START_TEST(test_query_plus__is_required_when_the_default_is_or)
{
	char *order = ranked("+huawei korea", FOLIO_QUERY_OR);
	/* Every hit has huawei; those with korea too rank first. */
	ck_assert_finds_or("+huawei korea", "1 2 4");
	ck_assert_str_eq(order + strlen(order) - 1, "2");
	free(order);
	ck_assert_finds("+huawei korea", "1 4");
	ck_assert_finds_or("+huawei +korea", "1 4");
}
END_TEST

START_TEST(test_query_parentheses__group_words)
{
	ck_assert_finds("(china OR seoul) korea", "1 3");
	ck_assert_finds("korea (china OR seoul)", "1 3");
	ck_assert_finds("((((china OR seoul)))) korea", "1 3");
}
END_TEST

START_TEST(test_query_or__binds_looser_than_and)
{
	/* (seoul AND korea) OR china, not seoul AND (korea OR china),
	 * which would find only 1. */
	ck_assert_finds("seoul korea OR china", "1 2 3");
	ck_assert_finds("seoul AND korea OR china", "1 2 3");
	ck_assert_finds("china OR seoul korea", "1 2 3");
}
END_TEST

START_TEST(test_query_default_or__finds_documents_with_any_word)
{
	ck_assert_finds_or("seoul china", "1 2 3 5");
	ck_assert_finds("seoul china", "");
	/* An explicit AND still requires both sides. */
	ck_assert_finds_or("seoul AND korea china", "1 2 3");
	ck_assert_finds_or("seoul china -korea", "2 5");
}
END_TEST

START_TEST(test_query_default_or__ranks_documents_with_more_words_first)
{
	char *order = ranked("huawei korea equipment", FOLIO_QUERY_OR);
	/* 1 and 4 have all three words; 2 and 3 one each. */
	ck_assert_msg(strncmp(order, "1 4", 3) == 0 ||
			      strncmp(order, "4 1", 3) == 0,
		      "order %s", order);
	free(order);
}
END_TEST

/* ---- Phrases ------------------------------------------------------ */

START_TEST(test_query_phrase__matches_only_words_in_order)
{
	ck_assert_finds("\"south korea\"", "1 3");
	ck_assert_finds("south korea", "1 3 4");
	ck_assert_finds("\"korea south\"", "");
	ck_assert_finds("\"LG Uplus uses equipment\"", "4");
}
END_TEST

START_TEST(test_query_phrase__may_use_curly_quotes)
{
	ck_assert_finds("\xE2\x80\x9Csouth korea\xE2\x80\x9D", "1 3");
}
END_TEST

START_TEST(test_query_phrase__of_one_word_matches_that_exact_form)
{
	ck_assert_finds("pressuring", "1 2");
	ck_assert_finds("\"pressuring\"", "1");
	ck_assert_finds("\"pressure\"", "2");
}
END_TEST

START_TEST(test_query_word__of_several_tokens_is_a_phrase)
{
	ck_assert_finds("U.S.A", "5");
	ck_assert_finds("e-mail", "5");
	ck_assert_finds("mail-e", "");
}
END_TEST

/* ---- Analysis of words -------------------------------------------- */

START_TEST(test_query_stemming__finds_other_forms_of_a_word)
{
	ck_assert_finds("pressure", "1 2");
	ck_assert_finds("pressuring", "1 2");
	ck_assert_finds("pressures", "1 2");
}
END_TEST

START_TEST(test_query_case__does_not_matter)
{
	ck_assert_finds("HUAWEI", "1 2 4");
	ck_assert_finds("HuAwEi KOREA", "1 4");
	ck_assert_finds("\"SOUTH Korea\"", "1 3");
}
END_TEST

START_TEST(test_query_punctuation__alone_is_ignored)
{
	ck_assert_finds("huawei \xE2\x80\x94", "1 2 4");
	ck_assert_finds("huawei ... korea", "1 4");
	ck_assert_finds("huawei OR !!", "1 2 4");
}
END_TEST

START_TEST(test_query_prefix__finds_words_starting_with_it)
{
	ck_assert_finds("equip*", "1 4");
	ck_assert_finds("huaw*", "1 2 4");
	ck_assert_finds("sou*", "1 3 4");
	ck_assert_finds("sou* -korea", "");
	ck_assert_finds("EQUIP*", "1 4");
	ck_assert_finds("zzz*", "");
}
END_TEST

/* ---- Fields ------------------------------------------------------- */

START_TEST(test_query_title__finds_words_of_the_title_only)
{
	ck_assert_finds("title:seoul", "1");
	ck_assert_finds("title:huawei", "1 2");
	ck_assert_finds("title:\"lg uplus\"", "4");
	ck_assert_finds("title:\"uplus lg\"", "");
	ck_assert_finds("title:report korea", "");
	ck_assert_finds("title:weigh", "1");
}
END_TEST

START_TEST(test_query_field__filters_by_a_word_of_the_field)
{
	ck_assert_finds("source:reuters", "1 4");
	ck_assert_finds("source:REUTERS huawei", "1 4");
	ck_assert_finds("huawei -source:reuters", "2");
	ck_assert_finds("source:\"south china\"", "2");
	ck_assert_finds("source:\"china south\"", "");
	ck_assert_finds("source:yonhap OR source:reuters", "1 3 4 5");
}
END_TEST

START_TEST(test_query_field__filter_does_not_change_the_order_of_hits)
{
	folio_query *plain = NULL, *filtered = NULL;
	folio_results *all = NULL, *some = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;

	opts.limit = 100;
	ck_assert_folio_ok(folio_query_parse(&plain, db, "huawei korea "
						     "OR equipment", NULL));
	ck_assert_folio_ok(folio_query_parse(
		&filtered, db, "(huawei korea OR equipment) source:reuters",
		NULL));
	ck_assert_folio_ok(folio_db_search(&all, db, plain, &opts));
	ck_assert_folio_ok(folio_db_search(&some, db, filtered, &opts));
	ck_assert_uint_eq(folio_results_count(some), 2);
	/* Each filtered hit keeps its score, so the order is the same. */
	for (size_t i = 0; i < folio_results_count(some); i++) {
		const char *id = folio_doc_id(folio_results_doc(some, i));
		size_t j = 0;
		while (j < folio_results_count(all) &&
		       strcmp(folio_doc_id(folio_results_doc(all, j)), id))
			j++;
		ck_assert_uint_lt(j, folio_results_count(all));
		ck_assert_double_eq_tol(folio_results_score(some, i),
					folio_results_score(all, j), 1e-9);
	}
	ck_assert_double_gt(folio_results_score(some, 0), 0.0);
	folio_results_free(all);
	folio_results_free(some);
	folio_query_free(plain);
	folio_query_free(filtered);
}
END_TEST

START_TEST(test_query_date__finds_a_year_a_month_or_a_day)
{
	ck_assert_finds("date:2019", "1 2 3 5");
	ck_assert_finds("date:2018", "4");
	ck_assert_finds("date:2019-05", "1 2");
	ck_assert_finds("date:2019-05-23", "1");
	ck_assert_finds("date:2019-05-25", "");
	ck_assert_finds("korea date:2019", "1 3");
	ck_assert_finds("korea -date:2019-05", "3 4");
}
END_TEST

START_TEST(test_query_field__unknown_to_the_index_is_read_as_words)
{
	char *d;
	/* No document has a "note" field: note:huawei is two words, in
	 * order, as document 2 writes them. */
	ck_assert_finds("note:huawei", "2");
	ck_assert_finds("http://seoul", "");
	d = describe("note:huawei");
	ck_assert_str_eq(d, "(note@1 PHRASE 2 huawei@2)");
	free(d);
	/* Field names are lower case: Source: is text too. */
	ck_assert_finds("Source:reuters", "");
}
END_TEST

/* ---- Syntax errors ------------------------------------------------ */

START_TEST(test_query_error__empty_query)
{
	check_error("", 0, "the query is empty");
	check_error(" \t\n ", 0, "the query is empty");
	check_error("\xE2\x80\x94 ...", 0, "the query is empty");
	check_error("-\xE2\x80\x94 (!!)", 0, "the query is empty");
	/* A pasted hash or blob: one word too long to be a term.  The
	 * message says so, not that the query has no words. */
	char blob[300];
	memset(blob, 'Q', sizeof blob - 1);
	blob[sizeof blob - 1] = '\0';
	check_error(blob, 0, "longer than the 240 bytes a word can have");
	check_error("\xE2\x80\x94", 0, "punctuation alone is ignored");
}
END_TEST

START_TEST(test_query_error__missing_closing_parenthesis)
{
	check_error("(huawei", 1,
		    "missing ')' to close the '(' at column 1: add ')' or "
		    "remove the '('");
	check_error("korea (huawei OR china", 7,
		    "missing ')' to close the '(' at column 7");
	check_error("korea (huawei (china)", 7, "at column 7");
}
END_TEST

START_TEST(test_query_error__unexpected_closing_parenthesis)
{
	check_error("korea)", 6, "unexpected ')' at column 6");
	check_error(")", 1, "unexpected ')' at column 1");
	check_error("(a) b) c", 6, "unexpected ')' at column 6");
}
END_TEST

START_TEST(test_query_error__empty_parentheses)
{
	check_error("korea ()", 7, "empty parentheses at column 7");
}
END_TEST

START_TEST(test_query_error__unterminated_phrase)
{
	check_error("\"south korea", 1,
		    "unterminated phrase: the '\"' at column 1 has no "
		    "closing '\"'");
	check_error("huawei \xE2\x80\x9Csouth korea", 8,
		    "the '\xE2\x80\x9C' at column 8 has no closing "
		    "'\xE2\x80\x9D'");
	check_error("title:\"south", 7, "unterminated phrase");
}
END_TEST

START_TEST(test_query_error__operator_without_a_word_after_it)
{
	check_error("korea OR", 7, "expected a word after OR at column 7");
	check_error("korea OR OR china", 7, "after OR at column 7");
	check_error("korea OR )", 7, "after OR at column 7");
	check_error("korea AND", 7, "expected a word after AND at column 7");
	check_error("korea AND OR china", 7, "after AND at column 7");
	check_error("korea NOT", 7, "expected a word after NOT at column 7");
	check_error("(korea NOT)", 8, "after NOT at column 8");
	check_error("korea -(", 8, "missing ')' to close the '(' at column 8");
}
END_TEST

START_TEST(test_query_error__operator_without_a_word_before_it)
{
	check_error("OR korea", 1, "expected a word before OR at column 1");
	check_error("AND korea", 1, "before AND at column 1");
	check_error("(OR korea)", 2, "before OR at column 2");
}
END_TEST

START_TEST(test_query_error__field_without_a_word)
{
	check_error("title:", 1, "expected a word after 'title:' at column 1");
	check_error("korea title: seoul", 7,
		    "expected a word after 'title:' at column 7");
	check_error("source:", 1, "after 'source:' at column 1");
}
END_TEST

START_TEST(test_query_error__malformed_date)
{
	check_error("date:2019-13", 1,
		    "date:2019-13 at column 1 expects YYYY, YYYY-MM or "
		    "YYYY-MM-DD");
	check_error("korea date:May", 7, "expects YYYY, YYYY-MM or "
					 "YYYY-MM-DD");
	check_error("date:19", 1, "expects YYYY");
}
END_TEST

START_TEST(test_query_error__column_counts_characters_not_bytes)
{
	/* é is two bytes, one character. */
	check_error("S\xC3\xA9oul (korea", 7, "the '(' at column 7");
	/* CJK: three bytes each. */
	check_error("\xE4\xB8\xAD\xE5\x9B\xBD \xE9\x9F\xA9\xE5\x9B\xBD )", 7,
		    "unexpected ')' at column 7");
	/* An emoji: four bytes. */
	check_error("\xF0\x9F\x98\x80 korea)", 8, "at column 8");
	/* Each byte of invalid UTF-8 is one character. */
	check_error("\xFF\xFE (korea", 4, "the '(' at column 4");
}
END_TEST

/* ---- Limits ------------------------------------------------------- */

/* A query of depth nested parentheses around "korea". */
static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 6);
	ck_assert_ptr_nonnull(s);
	memset(s, '(', (size_t)depth);
	memcpy(s + depth, "korea", 5);
	memset(s + depth + 5, ')', (size_t)depth);
	s[depth * 2 + 5] = '\0';
	return s;
}

START_TEST(test_query_limits__nesting_up_to_the_maximum_is_accepted)
{
	char *s = nested(FOLIO_QUERY_MAX_DEPTH);
	ck_assert_finds(s, "1 3 4");
	free(s);
}
END_TEST

START_TEST(test_query_limits__nesting_deeper_is_an_error)
{
	char *s = nested(FOLIO_QUERY_MAX_DEPTH + 1);
	check_error(s, FOLIO_QUERY_MAX_DEPTH + 1, "nested");
	free(s);
	s = nested(100000);
	check_error(s, FOLIO_QUERY_MAX_DEPTH + 1, "nested");
	free(s);
}
END_TEST

START_TEST(test_query_limits__thousands_of_closing_parentheses)
{
	char s[5001];
	memset(s, ')', 5000);
	s[5000] = '\0';
	check_error(s, 1, "unexpected ')' at column 1");
}
END_TEST

/* A query of n words "w0 w1 ..." (or OR-ed), as a phrase if quoted;
 * *column gets the column of the last word. */
static char *many_words(int n, const char *sep, int quoted, int *column)
{
	char *s = malloc((size_t)n * 16 + 4);
	size_t len = 0;
	ck_assert_ptr_nonnull(s);
	if (quoted)
		s[len++] = '"';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			len += (size_t)sprintf(s + len, "%s", sep);
		*column = (int)len + 1;
		len += (size_t)sprintf(s + len, "w%d", i);
	}
	if (quoted)
		s[len++] = '"';
	s[len] = '\0';
	return s;
}

START_TEST(test_query_limits__the_maximum_number_of_words_is_accepted)
{
	int column;
	char *s = many_words(FOLIO_QUERY_MAX_TERMS, " OR ", 0, &column);
	folio_query *q = NULL;
	ck_assert_folio_ok(folio_query_parse(&q, db, s, NULL));
	folio_query_free(q);
	free(s);
}
END_TEST

START_TEST(test_query_limits__one_word_more_is_an_error)
{
	int column;
	char *s = many_words(FOLIO_QUERY_MAX_TERMS + 1, " ", 0, &column);
	check_error(s, column, "more than 256 words");
	free(s);
	s = many_words(FOLIO_QUERY_MAX_TERMS + 1, " OR ", 0, &column);
	check_error(s, column, "more than 256 words");
	free(s);
	/* A phrase of too many words: the column is the phrase's. */
	s = many_words(1000, " ", 1, &column);
	check_error(s, 1, "more than 256 words");
	free(s);
}
END_TEST

START_TEST(test_query_limits__words_of_punctuation_count_too)
{
	char *s = malloc(100001);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < 100000; i++)
		s[i] = i % 2 ? ' ' : '-';
	s[100000] = '\0';
	check_error(s, 2 * FOLIO_QUERY_MAX_TERMS + 1, "more than 256 words");
	free(s);
}
END_TEST

/*
 * Any bytes give a query or an error, never a crash: random strings
 * made of the pieces of the syntax and of bad UTF-8.
 */
START_TEST(test_query_junk__gives_a_query_or_an_error)
{
	static const char *const pieces[] = {
		"(", ")", "\"", "-", "+", "*", ":", " ", "AND", "OR", "NOT",
		"title:", "date:", "source:", "huawei", "korea", "e-mail",
		"\xE2\x80\x9C", "\xE2\x80\x9D", "\xFF", "\xC3", "\xE2\x80",
		"\xF0\x9F\x98\x80", "\t", "2019-05", "sou*", "\x01",
	};
	const size_t npieces = sizeof pieces / sizeof pieces[0];
	unsigned int seed = 12345;
	char s[512];

	for (int round = 0; round < 3000; round++) {
		size_t len = 0, n;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 24;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % npieces];
			size_t plen = strlen(p);
			if (len + plen >= sizeof s)
				break;
			memcpy(s + len, p, plen);
			len += plen;
		}
		s[len] = '\0';
		folio_query *q = NULL;
		int rc = folio_query_parse(&q, db, s, NULL);
		if (rc == 0) {
			folio_results *r = NULL;
			ck_assert_ptr_nonnull(q);
			ck_assert_ptr_nonnull(folio_query_describe(q));
			ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
			folio_results_free(r);
		} else {
			ck_assert_msg(rc == FOLIO_EQUERY, "'%s' gave %d", s,
				      rc);
			ck_assert_ptr_null(q);
			/* 0 only for an empty query, at no one place. */
			ck_assert_int_ge(folio_error_last()->column, 0);
			ck_assert_int_le(folio_error_last()->column,
					 (int)len + 1);
		}
		folio_query_free(q);
	}
}
END_TEST

START_TEST(test_query_junk__binary_bytes_give_a_query_or_an_error)
{
	char s[4097];
	unsigned int seed = 99;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof s - 1; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)((seed >> 16) % 255 + 1);
		}
		s[sizeof s - 1 - (size_t)round * 16] = '\0';
		folio_query *q = NULL;
		int rc = folio_query_parse(&q, db, s, NULL);
		ck_assert(rc == 0 || rc == FOLIO_EQUERY);
		ck_assert(rc == 0 ? q != NULL : q == NULL);
		folio_query_free(q);
	}
}
END_TEST

/* ---- Describe, options, arguments --------------------------------- */

START_TEST(test_query_describe__shows_the_terms_and_operators)
{
	struct {
		const char *query, *description;
	} cases[] = {
		/* A word is its stem; its exact form and the title's stem
		 * add to the score, as two words near each other do.  With
		 * more than one word, the bonuses are at the top (a search
		 * scores them on its first hits only: rescore.c). */
		{"huawei korea",
		 "(((Zhuawei AND Zkorea) AND_MAYBE ((0.25 * huawei OR 0.25 * "
		 "ZShuawei) OR (0.25 * korea OR 0.25 * ZSkorea))) AND_MAYBE "
		 "0.25 * (huawei NEAR 8 korea))"},
		/* Of five words any may match; a document with all of
		 * them gains their stems' weights once more (coordination).
		 * Their bonuses are at the top, out of the first pass (a
		 * search scores them on its first hits: rescore.c). */
		{"huawei korea seoul equipment telecom",
		 "(((Zhuawei OR Zkorea OR Zseoul OR Zequip OR Ztelecom) "
		 "AND_MAYBE 1 * (Zhuawei AND Zkorea AND Zseoul AND Zequip AND "
		 "Ztelecom)) AND_MAYBE (((((0.25 * huawei OR 0.25 * ZShuawei) "
		 "OR (0.25 * korea OR 0.25 * ZSkorea)) OR (0.25 * seoul OR "
		 "0.25 * ZSseoul)) OR (0.25 * equipment OR 0.25 * ZSequip)) OR "
		 "(0.25 * telecom OR 0.25 * ZStelecom)))"},
		{"huawei OR korea",
		 "((Zhuawei OR Zkorea) AND_MAYBE ((0.25 * huawei OR 0.25 * "
		 "ZShuawei) OR (0.25 * korea OR 0.25 * ZSkorea)))"},
		{"pressuring",
		 "(Zpressur AND_MAYBE (0.25 * pressuring OR 0.25 * "
		 "ZSpressur))"},
		{"\"pressuring\"", "pressuring"},
		{"e-mail", "((e@1 PHRASE 2 mail@2) SYNONYM email)"},
		{"huawei -china",
		 "((Zhuawei AND_MAYBE (0.25 * huawei OR 0.25 * ZShuawei)) "
		 "AND_NOT Zchina)"},
		{"-china", "(<alldocuments> AND_NOT Zchina)"},
		{"\"south korea\"", "(south@1 PHRASE 2 korea@2)"},
		{"title:seoul", "(ZSseoul AND_MAYBE 0.25 * Sseoul)"},
		{"title:\"lg uplus\"", "(Slg@1 PHRASE 2 Suplus@2)"},
		{"source:reuters", "0 * XSOURCEreuters"},
		{"date:2019-05", "0 * M201905"},
		{"huaw*", "WILDCARD SYNONYM huaw"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *d = describe(cases[i].query);
		ck_assert_msg(strcmp(d, cases[i].description) == 0,
			      "'%s' is described as '%s', not '%s'",
			      cases[i].query, d, cases[i].description);
		free(d);
	}
}
END_TEST

START_TEST(test_query_describe__is_kept_by_the_query)
{
	folio_query *q = NULL;
	ck_assert_folio_ok(folio_query_parse(&q, db, "huawei", NULL));
	const char *first = folio_query_describe(q);
	ck_assert_ptr_eq(folio_query_describe(q), first);
	folio_query_free(q);
	ck_assert_str_eq(folio_query_describe(NULL), "");
}
END_TEST

START_TEST(test_query_options__init_and_bad_versions)
{
	folio_query_options opts;
	folio_query *q = (folio_query *)&q;
	ck_assert_folio_ok(
		folio_query_options_init(&opts, FOLIO_QUERY_OPTIONS_VERSION));
	ck_assert_int_eq(opts.default_op, FOLIO_QUERY_AUTO);
	ck_assert_int_eq(folio_query_options_init(&opts, 99), FOLIO_EINVALID);
	opts.version = 99;
	ck_assert_int_eq(folio_query_parse(&q, db, "huawei", &opts),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(q);
	opts.version = FOLIO_QUERY_OPTIONS_VERSION;
	opts.default_op = (folio_query_default_op)7;
	ck_assert_int_eq(folio_query_parse(&q, db, "huawei", &opts),
			 FOLIO_EINVALID);
}
END_TEST

START_TEST(test_query_parse__rejects_missing_arguments)
{
	folio_query *q = NULL;
	ck_assert_int_eq(folio_query_parse(NULL, db, "a", NULL),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_query_parse(&q, NULL, "a", NULL),
			 FOLIO_EINVALID);
	ck_assert_int_eq(folio_query_parse(&q, db, NULL, NULL),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(q);
	folio_query_free(NULL);
}
END_TEST

START_TEST(test_query_language_none__matches_exact_words_only)
{
	char *none_dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *none = NULL;
	folio_doc *doc = NULL;
	folio_query *q = NULL;
	folio_results *r = NULL;
	const char *body = "Washington is pressuring South Korea";

	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.language = "none";
	ck_assert_folio_ok(folio_db_open(&none, none_dir, &opts));
	ck_assert_folio_ok(folio_doc_new(&doc, "n1"));
	ck_assert_folio_ok(folio_doc_set_title(doc, "Korea"));
	ck_assert_folio_ok(folio_doc_set_body(doc, body, strlen(body)));
	ck_assert_folio_ok(folio_db_add(none, doc));
	ck_assert_folio_ok(folio_db_commit(none));
	folio_doc_free(doc);

	ck_assert_folio_ok(folio_query_parse(&q, none, "pressuring", NULL));
	/* No stems: the word itself, and the title's word as a bonus. */
	ck_assert_str_eq(folio_query_describe(q),
			 "(pressuring AND_MAYBE 0.25 * Spressuring)");
	ck_assert_folio_ok(folio_db_search(&r, none, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 1);
	folio_results_free(r);
	folio_query_free(q);

	ck_assert_folio_ok(folio_query_parse(&q, none, "pressure", NULL));
	ck_assert_folio_ok(folio_db_search(&r, none, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 0);
	folio_results_free(r);
	folio_query_free(q);

	ck_assert_folio_ok(folio_query_parse(&q, none, "title:korea", NULL));
	ck_assert_str_eq(folio_query_describe(q), "Skorea");
	ck_assert_folio_ok(folio_db_search(&r, none, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 1);
	folio_results_free(r);
	folio_query_free(q);

	folio_db_free(none);
	fixture_rmrf(none_dir);
	free(none_dir);
}
END_TEST

/* ---- The suite ---------------------------------------------------- */

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

/* ---- NEAR, ADJ, date ranges, match modes, stopwords, ranking ------ */

/* The ids of the hits for query with the default options, sorted. */
static char *found_auto(const char *query)
{
	return sort_words(ranked(query, FOLIO_QUERY_AUTO));
}

#define ck_assert_finds_auto(query, expected)                             \
	do {                                                              \
		char *got_ = found_auto(query);                           \
		ck_assert_msg(strcmp(got_, (expected)) == 0,              \
			      "query '%s' (AUTO) found '%s', expected '%s'", \
			      (query), got_, (expected));                 \
		free(got_);                                               \
	} while (0)

START_TEST(test_query_near__finds_words_within_n_words_in_any_order)
{
	/* 1: "over Huawei equipment"; 4: "equipment from Huawei". */
	ck_assert_finds("huawei NEAR/1 equipment", "1 4");
	ck_assert_finds("equipment NEAR/1 huawei", "1 4");
	/* 1 and 3: "South Korea"; 4: "Korea watches the south". */
	ck_assert_finds("south NEAR/1 korea", "1 3");
	ck_assert_finds("south NEAR/2 korea", "1 3 4");
	/* Six words apart: only bare NEAR (NEAR/10) reaches. */
	ck_assert_finds("washington NEAR/5 equipment", "");
	ck_assert_finds("washington NEAR equipment", "1");
	ck_assert_finds("washington NEAR/6 equipment NEAR/1 huawei", "1");
}
END_TEST

START_TEST(test_query_adj__finds_words_within_n_words_in_this_order)
{
	ck_assert_finds("huawei ADJ/1 equipment", "1");
	ck_assert_finds("equipment ADJ/1 huawei", "4");
	ck_assert_finds("korea ADJ/2 south", "4");
	ck_assert_finds("south ADJ korea", "1 3");
	/* NEAR binds tighter than AND and OR. */
	ck_assert_finds("huawei ADJ/1 equipment OR china", "1 2 3");
	ck_assert_finds("seoul huawei NEAR/1 equipment", "1");
}
END_TEST

START_TEST(test_query_near__errors_name_the_column)
{
	check_error("huawei NEAR", 8, "expected a word after NEAR");
	check_error("NEAR huawei", 1, "expected a word before NEAR");
	check_error("a NEAR/0 b", 3, "NEAR/n with n a number");
	check_error("a ADJ/x b", 3, "ADJ/n with n a number");
	check_error("a NEAR/1001 b", 3, "from 1 to 1000");
	check_error("(a b) NEAR c", 1, "NEAR joins single words");
	check_error("a NEAR \"b c\"", 8, "several words");
	check_error("a NEAR/2 b ADJ c", 12, "cannot be chained");
	/* NEARBY and ADJUST are words. */
	ck_assert_finds("NEARBY", "");
}
END_TEST

START_TEST(test_query_date__ranges_and_bounds_filter_by_day)
{
	ck_assert_finds("date:2019-05-23..2019-05-24", "1 2");
	ck_assert_finds("date:2019-05..2019-06", "1 2 3");
	/* A year or month bound covers the whole year or month, and a
	 * document dated only 2019 (5) is in 2019 but in no month. */
	ck_assert_finds("date:2019..2019", "1 2 3 5");
	ck_assert_finds("date:2019-05..", "1 2 3");
	ck_assert_finds("date:..2019-05-23", "1 4 5");
	ck_assert_finds("date:..2018", "4");
	ck_assert_finds("date:>=2019-06", "3");
	ck_assert_finds("date:>2019-05", "3");
	ck_assert_finds("date:<=2019-05", "1 2 4 5");
	ck_assert_finds("date:<2019", "4");
	ck_assert_finds("korea date:2019..", "1 3");
	ck_assert_finds("korea -date:2019..", "4");
}
END_TEST

START_TEST(test_query_date__range_does_not_change_the_order_of_hits)
{
	char *plain = ranked("huawei korea equipment", FOLIO_QUERY_OR);
	char *dated = ranked("huawei korea equipment date:2018..2020",
			     FOLIO_QUERY_OR);
	ck_assert_str_eq(plain, dated);
	free(plain);
	free(dated);
}
END_TEST

START_TEST(test_query_date__bad_ranges_name_the_column)
{
	check_error("huawei date:2019-13..", 13, "is not a date");
	check_error("date:2019..2019-5", 12, "is not a date");
	check_error("date:>=20x", 8, "YYYY-MM-DD");
	check_error("date:..", 6, "a range");
	check_error("date:2020..2019", 6, "ends before it starts");
}
END_TEST

START_TEST(test_query_auto__requires_every_word_of_a_short_query)
{
	ck_assert_finds_auto("huawei korea", "1 4");
	ck_assert_finds_auto("huawei korea equipment", "1 4");
}
END_TEST

START_TEST(test_query_auto__falls_back_to_any_word_when_none_has_all)
{
	/* No document has both: every document with either, rather than
	 * nothing; ALL finds nothing. */
	ck_assert_finds_auto("seoul china", "1 2 3 5");
	ck_assert_finds("seoul china", "");
	/* '+' stays required. */
	ck_assert_finds_auto("+seoul china", "1 5");
}
END_TEST

START_TEST(test_query_auto__matches_any_word_of_a_long_query)
{
	const char *q = "which documents say huawei equipment worries "
			"korea and china";
	/* More than FOLIO_QUERY_AUTO_ALL_MAX words: any may match (the
	 * order is measured on a real collection: bench/relevance.sh). */
	ck_assert_finds_auto(q, "1 2 3 4");
	ck_assert_finds(q, "");
}
END_TEST

START_TEST(test_query_stopwords__do_not_make_a_query_impossible)
{
	/* 1 has no "the"; it is left out of the query, not required. */
	ck_assert_finds("the huawei", "1 2 4");
	ck_assert_finds_auto("the huawei", "1 2 4");
	/* A query of stopwords only keeps them. */
	ck_assert_finds("to the", "3");
	ck_assert_finds_auto("to the", "3");
	/* In a phrase they count. */
	ck_assert_finds("\"to the united states\"", "3");
	ck_assert_finds("\"the united states\"", "3");
	/* '+' requires one. */
	ck_assert_finds("+the huawei", "2 4");
}
END_TEST

START_TEST(test_query_ranking__prefers_the_exact_form_and_the_title)
{
	/* pressuring (1) and pressure (2) share a stem; the exact form
	 * ranks first. */
	char *order = ranked("pressuring", FOLIO_QUERY_AUTO);
	ck_assert_str_eq(order, "1 2");
	free(order);
	order = ranked("pressure", FOLIO_QUERY_AUTO);
	ck_assert_str_eq(order, "2 1");
	free(order);
	/* huawei is in the titles of 1 and 2, only the body of 4. */
	order = ranked("huawei", FOLIO_QUERY_AUTO);
	ck_assert_str_eq(order + strlen(order) - 1, "4");
	free(order);
}
END_TEST

START_TEST(test_query_ranking__prefers_words_near_each_other)
{
	/* Both have the two words; in 3 they are side by side, in 4 four
	 * words apart. */
	char *order = ranked("korea south", FOLIO_QUERY_AUTO);
	ck_assert_msg(strstr(order, "3") < strstr(order, "4"), "order %s",
		      order);
	free(order);
}
END_TEST

START_TEST(test_query_prefix__too_broad_is_an_error_that_says_so)
{
	char body[(FOLIO_QUERY_MAX_EXPANSION + 1) * 8 + 1], *tmp = NULL;
	size_t len = 0;
	fixture_doc many = {"m", "Many words", body, NULL};
	folio_db *mdb;
	folio_query *q = NULL;
	folio_results *r = NULL;
	int rc;

	for (int i = 0; i <= FOLIO_QUERY_MAX_EXPANSION; i++)
		len += (size_t)sprintf(body + len, "w%05d ", i);
	mdb = fixture_index(&tmp, &many, 1);
	rc = folio_query_parse(&q, mdb, "w0*", NULL);
	ck_assert_folio_ok(rc);
	rc = folio_db_search(&r, mdb, q, NULL);
	ck_assert_int_eq(rc, FOLIO_EQUERY);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message,
				     "type more letters"));
	folio_query_free(q);
	/* 1,000 words or fewer are fine. */
	ck_assert_folio_ok(folio_query_parse(&q, mdb, "w001*", NULL));
	ck_assert_folio_ok(folio_db_search(&r, mdb, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 1);
	folio_results_free(r);
	folio_query_free(q);
	folio_db_free(mdb);
	fixture_rmrf(tmp);
	free(tmp);
}
END_TEST

/*
 * Fuzzing with the grammar's own pieces, so that the random queries
 * reach deep into the parser: a fixed seed and a bounded count, each
 * query parsed and searched in every match mode.  FOLIO_FUZZ_ROUNDS
 * runs it longer.
 */
START_TEST(test_query_fuzz__grammar_pieces_give_results_or_a_column)
{
	static const char *const pieces[] = {
		"huawei", "korea", "south", "the", "to", "(", ")", "\"",
		"\u201c", "OR", "AND", "NOT", "-", "+", "NEAR", "NEAR/3",
		"ADJ/1", "ADJ", "NEAR/", "title:", "source:", "date:",
		"2019", "2019-05", "..", ">=", "<", "*", ":", "e-mail",
		"\xff", "\xc3", "\xe9t\xc3\xa9", "\x01", "\u4e2d\u6587",
		"date:2019..", "date:..2019-05-23", "date:>2019",
	};
	const char *env = getenv("FOLIO_FUZZ_ROUNDS");
	long rounds = env ? strtol(env, NULL, 10) : 3000;
	unsigned int seed = 4242;
	char s[512];

	for (long round = 0; round < rounds; round++) {
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		int n = (int)((seed >> 16) % 12) + 1;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *piece =
				pieces[(seed >> 16) % COUNT(pieces)];
			int space = (seed >> 8) % 3 != 0;
			len += (size_t)snprintf(s + len, sizeof s - len,
						"%s%s", piece,
						space ? " " : "");
		}
		for (int mode = 0; mode < 3; mode++) {
			folio_query_options opts = FOLIO_QUERY_OPTIONS_INIT;
			folio_query *q = NULL;
			folio_results *r = NULL;
			opts.default_op = (folio_query_default_op)mode;
			int rc = folio_query_parse(&q, db, s, &opts);
			if (rc == 0)
				rc = folio_db_search(&r, db, q, NULL);
			ck_assert_msg(rc == 0 || rc == FOLIO_EQUERY,
				      "'%s' gave %d: %s", s, rc,
				      folio_error_last()->message);
			if (rc == FOLIO_EQUERY && q == NULL)
				ck_assert_int_le(folio_error_last()->column,
						 (int)strlen(s) + 1);
			folio_results_free(r);
			folio_query_free(q);
		}
	}
}
END_TEST

/* A test case of the n tests, each run on a fresh fixture index. */
static void add_case(Suite *s, const char *name, const TTest *const *tests,
		     size_t n)
{
	TCase *tc = fixture_add_tcase(s, name, tests, n);
	tcase_add_checked_fixture(tc, setup, teardown);
}

static Suite *query_suite(void)
{
	Suite *s = suite_create("query");

	const TTest *ops[] = {
		test_query_words__must_all_be_in_a_document,
		test_query_and__is_the_same_as_a_space,
		test_query_or__finds_documents_with_either_word,
		test_query_or__in_lower_case_is_an_ordinary_word,
		test_query_not__excludes_documents_with_the_word,
		test_query_minus__excludes_documents_with_the_word,
		test_query_minus__alone_finds_every_other_document,
		test_query_minus__twice_finds_the_word_again,
		test_query_minus__inside_a_word_is_part_of_the_word,
		test_query_or__with_a_negated_side_adds_every_other_document,
		test_query_plus__is_required_when_the_default_is_or,
		test_query_parentheses__group_words,
		test_query_or__binds_looser_than_and,
		test_query_default_or__finds_documents_with_any_word,
		test_query_default_or__ranks_documents_with_more_words_first,
	};
	const TTest *phrases[] = {
		test_query_phrase__matches_only_words_in_order,
		test_query_phrase__may_use_curly_quotes,
		test_query_phrase__of_one_word_matches_that_exact_form,
		test_query_word__of_several_tokens_is_a_phrase,
		test_query_stemming__finds_other_forms_of_a_word,
		test_query_case__does_not_matter,
		test_query_punctuation__alone_is_ignored,
		test_query_prefix__finds_words_starting_with_it,
		test_query_language_none__matches_exact_words_only,
	};
	const TTest *fields[] = {
		test_query_title__finds_words_of_the_title_only,
		test_query_field__filters_by_a_word_of_the_field,
		test_query_field__filter_does_not_change_the_order_of_hits,
		test_query_date__finds_a_year_a_month_or_a_day,
		test_query_field__unknown_to_the_index_is_read_as_words,
	};
	const TTest *errors[] = {
		test_query_error__empty_query,
		test_query_error__missing_closing_parenthesis,
		test_query_error__unexpected_closing_parenthesis,
		test_query_error__empty_parentheses,
		test_query_error__unterminated_phrase,
		test_query_error__operator_without_a_word_after_it,
		test_query_error__operator_without_a_word_before_it,
		test_query_error__field_without_a_word,
		test_query_error__malformed_date,
		test_query_error__column_counts_characters_not_bytes,
	};
	const TTest *limits[] = {
		test_query_limits__nesting_up_to_the_maximum_is_accepted,
		test_query_limits__nesting_deeper_is_an_error,
		test_query_limits__thousands_of_closing_parentheses,
		test_query_limits__the_maximum_number_of_words_is_accepted,
		test_query_limits__one_word_more_is_an_error,
		test_query_limits__words_of_punctuation_count_too,
		test_query_junk__gives_a_query_or_an_error,
		test_query_junk__binary_bytes_give_a_query_or_an_error,
	};
	const TTest *misc[] = {
		test_query_describe__shows_the_terms_and_operators,
		test_query_describe__is_kept_by_the_query,
		test_query_options__init_and_bad_versions,
		test_query_parse__rejects_missing_arguments,
	};
	const TTest *more[] = {
		test_query_near__finds_words_within_n_words_in_any_order,
		test_query_adj__finds_words_within_n_words_in_this_order,
		test_query_near__errors_name_the_column,
		test_query_date__ranges_and_bounds_filter_by_day,
		test_query_date__range_does_not_change_the_order_of_hits,
		test_query_date__bad_ranges_name_the_column,
		test_query_auto__requires_every_word_of_a_short_query,
		test_query_auto__falls_back_to_any_word_when_none_has_all,
		test_query_auto__matches_any_word_of_a_long_query,
		test_query_stopwords__do_not_make_a_query_impossible,
		test_query_ranking__prefers_the_exact_form_and_the_title,
		test_query_ranking__prefers_words_near_each_other,
		test_query_prefix__too_broad_is_an_error_that_says_so,
		test_query_fuzz__grammar_pieces_give_results_or_a_column,
	};

	add_case(s, "operators", ops, COUNT(ops));
	add_case(s, "phrases and words", phrases, COUNT(phrases));
	add_case(s, "fields", fields, COUNT(fields));
	add_case(s, "syntax errors", errors, COUNT(errors));
	add_case(s, "limits", limits, COUNT(limits));
	add_case(s, "describe and options", misc, COUNT(misc));
	add_case(s, "near, dates, modes, ranking", more, COUNT(more));
	return s;
}

int main(void)
{
	return fixture_run(query_suite());
}
