/*
 * check_merge.c - folio_db_merge: indexes built apart and joined into
 * one, as parallel writers build a new index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* An index at dir/name holding docs, made writable and committed. */
static void make_index(const char *dir, const char *name,
		       const char *language, const fixture_doc *docs,
		       size_t n)
{
	char path[4096];
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.language = language;
	ck_assert_folio_ok(folio_db_open(&db, path, &opts));
	for (size_t i = 0; i < n; i++) {
		folio_doc *doc = NULL;
		ck_assert_folio_ok(folio_doc_new(&doc, docs[i].id));
		ck_assert_folio_ok(folio_doc_set_title(doc, docs[i].title));
		ck_assert_folio_ok(folio_doc_set_body(
			doc, docs[i].body, strlen(docs[i].body)));
		for (const char *const *f = docs[i].fields; f && *f; f++) {
			char name_buf[64];
			const char *eq = strchr(*f, '=');
			snprintf(name_buf, sizeof name_buf, "%.*s",
				 (int)(eq - *f), *f);
			ck_assert_folio_ok(
				folio_doc_set_field(doc, name_buf, eq + 1));
		}
		ck_assert_folio_ok(folio_db_add(db, doc));
		folio_doc_free(doc);
	}
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
}

static char *merge_of(const char *dir, const char *const *names, size_t n,
		      int *rc)
{
	char *out = malloc(strlen(dir) + 16);
	char **paths = calloc(n, sizeof *paths);

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(paths);
	sprintf(out, "%s/merged", dir);
	for (size_t i = 0; i < n; i++) {
		paths[i] = malloc(strlen(dir) + strlen(names[i]) + 2);
		sprintf(paths[i], "%s/%s", dir, names[i]);
	}
	*rc = folio_db_merge(out, (const char *const *)paths, n);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return out;
}

static const char *const ann[] = {"author=Ann", NULL};
static const char *const dated[] = {"date=2020-05-01", "author=Bob", NULL};

START_TEST(test_merge__gives_every_document_in_the_order_of_the_inputs)
{
	static const fixture_doc a[] = {
		{"a1", "Zebra one", "zebras graze on the plain", NULL},
		{"a2", "Zebra two", "zebras graze on the plain", NULL},
	};
	static const fixture_doc b[] = {
		{"b1", "Zebra three", "zebras graze on the plain", NULL},
	};
	static const char *const names[] = {"a", "b"};
	char *dir = fixture_tmpdir();
	folio_db *db = NULL;
	folio_doc *doc = NULL;
	int rc = 0;

	make_index(dir, "a", NULL, a, 2);
	make_index(dir, "b", NULL, b, 1);
	char *out = merge_of(dir, names, 2, &rc);
	ck_assert_msg(rc == 0, "%s", folio_error_last()->message);
	ck_assert_folio_ok(folio_db_open(&db, out, NULL));
	/* Equal scores rank by document number: the inputs' order. */
	char *ids = fixture_search_ids(db, "zebras graze");
	ck_assert_str_eq(ids, "a1 a2 b1");
	free(ids);
	ids = fixture_search_ids(db, "\"zebra three\"");
	ck_assert_str_eq(ids, "b1");
	free(ids);
	ck_assert_folio_ok(folio_db_get(&doc, db, "a2"));
	ck_assert_str_eq(folio_doc_title(doc), "Zebra two");
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(out);
	free(dir);
}
END_TEST

START_TEST(test_merge__matches_up_fields_the_inputs_numbered_differently)
{
	static const fixture_doc a[] = {
		{"a1", "Alpha", "zebra stripes", ann},
	};
	static const fixture_doc b[] = {
		{"b1", "Beta", "zebra spots", dated},
	};
	static const char *const names[] = {"a", "b"};
	static const char *const facets[] = {"author", "date"};
	char *dir = fixture_tmpdir();
	folio_db *db = NULL;
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_search_options o = FOLIO_SEARCH_OPTIONS_INIT;
	const char *value = NULL;
	uint64_t count = 0;
	int rc = 0;

	/* a numbers author first, b date first. */
	make_index(dir, "a", NULL, a, 1);
	make_index(dir, "b", NULL, b, 1);
	char *out = merge_of(dir, names, 2, &rc);
	ck_assert_msg(rc == 0, "%s", folio_error_last()->message);
	ck_assert_folio_ok(folio_db_open(&db, out, NULL));
	ck_assert_folio_ok(folio_query_parse(&q, db, "zebra", NULL));
	o.facets = facets;
	o.nfacets = 2;
	ck_assert_folio_ok(folio_db_search(&r, db, q, &o));
	ck_assert_uint_eq(folio_results_facet_size(r, 0), 2);
	ck_assert_folio_ok(folio_results_facet_value(r, 0, 0, &value, &count));
	ck_assert_str_eq(value, "Ann");
	ck_assert_folio_ok(folio_results_facet_value(r, 0, 1, &value, &count));
	ck_assert_str_eq(value, "Bob");
	ck_assert_uint_eq(folio_results_facet_size(r, 1), 1);
	ck_assert_folio_ok(folio_results_facet_value(r, 1, 0, &value, &count));
	ck_assert_str_eq(value, "2020-05-01");
	folio_results_free(r);
	folio_query_free(q);
	char *ids = fixture_search_ids(db, "author:bob");
	ck_assert_str_eq(ids, "b1");
	free(ids);
	/* The bodies came along: a's compacted, b's copied. */
	for (size_t i = 0; i < 2; i++) {
		folio_doc *doc = NULL;
		ck_assert_folio_ok(folio_db_get(&doc, db, i ? "b1" : "a1"));
		ck_assert_str_eq(folio_doc_body(doc, NULL),
				 i ? "zebra spots" : "zebra stripes");
		folio_doc_free(doc);
	}
	folio_db_free(db);
	fixture_rmrf(dir);
	free(out);
	free(dir);
}
END_TEST

START_TEST(test_merge__refuses_indexes_of_different_languages)
{
	static const fixture_doc a[] = {{"a1", "A", "running", NULL}};
	static const char *const names[] = {"en", "fr"};
	char *dir = fixture_tmpdir();
	int rc = 0;

	make_index(dir, "en", "english", a, 1);
	make_index(dir, "fr", "french", a, 1);
	char *out = merge_of(dir, names, 2, &rc);
	ck_assert_int_eq(rc, FOLIO_EINVALID);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message,
				     "same settings"));
	fixture_rmrf(dir);
	free(out);
	free(dir);
}
END_TEST

START_TEST(test_merge__of_a_missing_index_is_not_found)
{
	static const fixture_doc a[] = {{"a1", "A", "running", NULL}};
	static const char *const names[] = {"a", "missing"};
	char *dir = fixture_tmpdir();
	int rc = 0;

	make_index(dir, "a", NULL, a, 1);
	char *out = merge_of(dir, names, 2, &rc);
	ck_assert_int_eq(rc, FOLIO_ENOTFOUND);
	ck_assert_int_eq(folio_db_merge(out, NULL, 0), FOLIO_EINVALID);
	fixture_rmrf(dir);
	free(out);
	free(dir);
}
END_TEST

static Suite *merge_suite(void)
{
	Suite *s = suite_create("merge");
	const TTest *tests[] = {
		test_merge__gives_every_document_in_the_order_of_the_inputs,
		test_merge__matches_up_fields_the_inputs_numbered_differently,
		test_merge__refuses_indexes_of_different_languages,
		test_merge__of_a_missing_index_is_not_found,
	};

	FIXTURE_ADD_TCASE(s, "merge", tests);
	return s;
}

int main(void)
{
	return fixture_run(merge_suite());
}
