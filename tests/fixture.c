#define _XOPEN_SOURCE 700
#include "fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fixture_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/folio-test-XXXXXX",
		 base && *base ? base : "/tmp");
	char *dir = mkdtemp(tmpl);
	ck_assert_msg(dir != NULL, "mkdtemp failed");
	char *copy = strdup(dir);
	ck_assert_ptr_nonnull(copy);
	return copy;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fixture_rmrf(const char *path)
{
	if (path)
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void fixture_close(folio_db **db, char **dir)
{
	folio_db_free(*db);
	*db = NULL;
	fixture_rmrf(*dir);
	free(*dir);
	*dir = NULL;
}

folio_db *fixture_index(char **dir_out, const fixture_doc *docs, size_t n)
{
	char *dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	folio_db *db = NULL;
	ck_assert_folio_ok(folio_db_open(&db, dir, &opts));
	for (size_t i = 0; i < n; i++) {
		folio_doc *doc = NULL;
		ck_assert_folio_ok(folio_doc_new(&doc, docs[i].id));
		if (docs[i].title)
			ck_assert_folio_ok(
				folio_doc_set_title(doc, docs[i].title));
		if (docs[i].body)
			ck_assert_folio_ok(folio_doc_set_body(
				doc, docs[i].body, strlen(docs[i].body)));
		for (const char *const *f = docs[i].fields; f && *f; f++) {
			const char *eq = strchr(*f, '=');
			ck_assert_ptr_nonnull(eq);
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(eq - *f), *f);
			ck_assert_folio_ok(
				folio_doc_set_field(doc, name, eq + 1));
		}
		ck_assert_folio_ok(folio_db_add(db, doc));
		folio_doc_free(doc);
	}
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	db = NULL;
	ck_assert_folio_ok(folio_db_open(&db, dir, NULL));
	*dir_out = dir;
	return db;
}

char *fixture_search_ids(folio_db *db, const char *query)
{
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	opts.limit = 100;
	ck_assert_folio_ok(folio_query_parse(&q, db, query, NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, &opts));
	size_t cap = 1, len = 0;
	for (size_t i = 0; i < folio_results_count(r); i++)
		cap += strlen(folio_doc_id(folio_results_doc(r, i))) + 1;
	char *out = calloc(1, cap);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < folio_results_count(r); i++) {
		const char *id = folio_doc_id(folio_results_doc(r, i));
		len += (size_t)sprintf(out + len, "%s%s", i ? " " : "", id);
	}
	folio_results_free(r);
	folio_query_free(q);
	return out;
}

TCase *fixture_add_tcase(Suite *s, const char *name,
			 const TTest *const *tests, size_t n)
{
	TCase *tc = tcase_create(name);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return tc;
}

int fixture_run(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
