/*
 * check_icu_missing.c - without ICU's common library, folio still
 * indexes and searches plain text, and text that needs ICU fails with a
 * message that names the library and says what to install, every time,
 * without crashing or leaving the analyzer unusable.
 *
 * This program is built with lib/lazy-libs.c compiled to open an ICU
 * that does not exist (see tests/CMakeLists.txt), ahead of the static
 * library, whose own copy the linker then leaves out.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static int count_token(const folio_token *token, void *payload)
{
	(void)token;
	(*(int *)payload)++;
	return 0;
}

static int analyse(folio_analyzer *a, const char *text, int *tokens)
{
	*tokens = 0;
	return folio_analyze(a, text, strlen(text), count_token, tokens);
}

START_TEST(test_icu_missing__plain_text_is_analysed_without_it)
{
	folio_analyzer *a = NULL;
	int n = 0;

	ck_assert_folio_ok(folio_analyzer_new(&a, NULL));
	/* Curly quotes and dashes are plain; a curly apostrophe inside a
	 * word ("it’s") is not: folding it takes ICU. */
	ck_assert_folio_ok(analyse(
		a, "the \xe2\x80\x9cscheduler\xe2\x80\x9d \xe2\x80\x94 e-mail "
		   "C++ 28,500 \xe2\x80\x98quoted\xe2\x80\x99",
		&n));
	/* the, scheduler, e, mail, email, c++, c, 28500, quoted */
	ck_assert_int_eq(n, 9);
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_icu_missing__other_text_fails_saying_what_to_install)
{
	static const char *const texts[] = {
		"caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"don\xe2\x80\x99t"};
	static const char missing[] =
		"ICU's common library (libfolio-test-absent-icuuc.so.0)";
	static const char install[] = "install the common library of ICU";
	folio_analyzer *a = NULL;
	int n = 0;

	ck_assert_folio_ok(folio_analyzer_new(&a, NULL));
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			const char *msg;
			ck_assert_int_eq(analyse(a, texts[i], &n),
					 FOLIO_ERROR);
			msg = folio_error_last()->message;
			ck_assert_msg(strstr(msg, missing) != NULL, "%s", msg);
			ck_assert_msg(strstr(msg, "could not be loaded") != NULL,
				      "%s", msg);
			ck_assert_msg(strstr(msg, install) != NULL, "%s", msg);
		}
		/* The analyzer is still usable for plain text. */
		ck_assert_folio_ok(analyse(a, "plain words", &n));
		ck_assert_int_eq(n, 2);
	}
	folio_analyzer_free(a);
}
END_TEST

START_TEST(test_icu_missing__an_index_of_plain_text_is_searched)
{
	static const fixture_doc docs[] = {
		{"1", "Scheduler", "the scheduler picks a task", NULL},
		{"2", "Memory", "pages \xe2\x80\x94 and the slab", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 2);
	char *ids = fixture_search_ids(db, "slab");
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_snippet *snip = NULL;

	ck_assert_str_eq(ids, "2");
	free(ids);
	ids = fixture_search_ids(db, "task");
	ck_assert_str_eq(ids, "1");
	free(ids);
	/* A snippet of a plain text needs no ICU either. */
	ck_assert_folio_ok(folio_query_parse(&q, db, "slab", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_folio_ok(folio_results_snippet(&snip, r, 0, q, NULL));
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 "pages \xe2\x80\x94 and the slab");
	folio_snippet_free(snip);
	/* Nor one in Chinese text around the word, which the snippet cuts
	 * at its characters: 在slab分配器中，每个对象。 */
	static const char chinese[] =
		"\xE5\x9C\xA8slab\xE5\x88\x86\xE9\x85\x8D\xE5\x99\xA8\xE4"
		"\xB8\xAD\xEF\xBC\x8C\xE6\xAF\x8F\xE4\xB8\xAA\xE5\xAF\xB9"
		"\xE8\xB1\xA1\xE3\x80\x82";
	ck_assert_folio_ok(folio_snippet_new(&snip, q, chinese,
					     strlen(chinese), NULL));
	ck_assert_str_eq(folio_snippet_text(snip, NULL), chinese);
	ck_assert_uint_eq(folio_snippet_span_count(snip), 1);
	folio_snippet_free(snip);
	folio_results_free(r);
	folio_query_free(q);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("icu_missing");
	const TTest *const tests[] = {
		test_icu_missing__plain_text_is_analysed_without_it,
		test_icu_missing__other_text_fails_saying_what_to_install,
		test_icu_missing__an_index_of_plain_text_is_searched,
	};

	FIXTURE_ADD_TCASE(s, "icu_missing", tests);
	return fixture_run(s);
}
