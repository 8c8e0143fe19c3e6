/*
 * check_ingest_libs.c - the libraries libfolio opens lazily (libxml2,
 * jansson, ICU's libicui18n and libicuuc) are not in a process until
 * something needs one: indexing and searching ASCII text maps none of
 * them, plain text, Markdown and UTF-8 need none of the readers', and
 * each format brings in its own; text that is not ASCII brings in ICU's
 * common library.
 *
 * Whether a library is mapped is asked with dlopen(RTLD_NOLOAD), which
 * answers without loading it.  The tests run in this order so that they
 * hold in one process too (CK_FORK=no): each only adds a library.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* The SONAMEs libfolio opens, from the build. */
static const char *const xml2 = FOLIO_LIBXML2_SONAME;
static const char *const jansson = FOLIO_JANSSON_SONAME;
static const char *const icui18n = FOLIO_ICUI18N_SONAME;
static const char *const icuuc = FOLIO_ICUUC_SONAME;

static int mapped(const char *soname)
{
	void *handle = dlopen(soname, RTLD_NOW | RTLD_NOLOAD);

	if (handle)
		dlclose(handle);
	return handle != NULL;
}

#define ck_assert_mapped(soname, yes)                                      \
	ck_assert_msg(mapped(soname) == (yes), "%s is%s mapped", soname,   \
		      (yes) ? " not" : "")

static int count_doc(folio_doc *doc, void *payload)
{
	(*(size_t *)payload)++;
	folio_doc_free(doc);
	return 0;
}

/* Read data as an input named name: the documents it gave, or -1 with
 * the error kept, if a reader call failed. */
static long read_input(const char *name, const char *data, size_t len)
{
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	size_t ndocs = 0;
	int rc = 0;

	o.on_doc = count_doc;
	o.payload = &ndocs;
	ck_assert_folio_ok(folio_reader_new(&r, &o));
	rc = folio_reader_begin(r, name, NULL);
	if (rc == 0)
		rc = folio_reader_feed(r, data, len);
	if (rc == 0)
		rc = folio_reader_end(r);
	folio_reader_free(r);
	return rc < 0 ? -1 : (long)ndocs;
}

#define ck_assert_reads(name, data, ndocs)                                 \
	ck_assert_msg(read_input(name, data, sizeof data - 1) == (ndocs),  \
		      "%s: %s", name, folio_error_last()->message)

static const char html[] =
	"<html><head><title>Lazy</title></head><body><p>loaded on demand"
	"</p></body></html>";
static const char jsonl[] = "{\"id\": \"a\", \"body\": \"on demand\"}\n"
			    "{\"id\": 2, \"title\": \"two\"}\n";
/* windows-1252: not UTF-8, so its encoding must be detected */
static const char legacy[] =
	"Les \x93" "guillemets\x94 du caf\xe9 et la cr\xe8me br\xfbl\xe9"
	"e: na\xef" "ve fa\xe7" "ade, d\xe9j\xe0 vu, \x80 5.\n";

START_TEST(test_ingest_libs__a_search_maps_none_of_them)
{
	static const fixture_doc docs[] = {
		{"1", "Scheduler", "the scheduler picks a task", NULL},
		{"2", "Memory", "pages and the slab", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 2);
	char *ids = fixture_search_ids(db, "scheduler task");

	ck_assert_str_eq(ids, "1");
	ck_assert_mapped(xml2, 0);
	ck_assert_mapped(jansson, 0);
	ck_assert_mapped(icui18n, 0);
	ck_assert_mapped(icuuc, 0);
	free(ids);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* The first word that is not ASCII brings ICU in, and is analysed. */
START_TEST(test_ingest_libs__a_word_that_is_not_ascii_maps_libicuuc)
{
	static const fixture_doc docs[] = {
		{"1", "Caf\xc3\xa9", "the caf\xc3\xa9 opens", NULL},
	};
	char *dir = NULL;
	folio_db *db = NULL;
	char *ids = NULL;

	ck_assert_mapped(icuuc, 0);
	db = fixture_index(&dir, docs, 1);
	ck_assert_mapped(icuuc, 1);
	ids = fixture_search_ids(db, "CAFE");
	ck_assert_str_eq(ids, "1");
	free(ids);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_ingest_libs__text_markdown_utf8_and_utf16_map_none)
{
	ck_assert_reads("a.txt", "plain caf\xc3\xa9 text\n", 1);
	ck_assert_reads("b.md", "# Title\n\nSome *Markdown*.\n", 1);
	ck_assert_reads("c.txt", "\xff\xfeh\0i\0 \0\xe9\0", 1);
	ck_assert_reads("d.txt", "\xfe\xff\0h\0i", 1);
	ck_assert_mapped(xml2, 0);
	ck_assert_mapped(jansson, 0);
	ck_assert_mapped(icui18n, 0);
}
END_TEST

START_TEST(test_ingest_libs__html_maps_libxml2_alone)
{
	ck_assert_mapped(xml2, 0);
	ck_assert_reads("page.html", html, 1);
	ck_assert_mapped(xml2, 1);
	ck_assert_mapped(jansson, 0);
	ck_assert_mapped(icui18n, 0);
}
END_TEST

START_TEST(test_ingest_libs__json_lines_map_jansson)
{
	ck_assert_reads("records.jsonl", jsonl, 2);
	ck_assert_mapped(jansson, 1);
	ck_assert_mapped(icui18n, 0);
}
END_TEST

START_TEST(test_ingest_libs__a_legacy_encoding_maps_libicui18n)
{
	ck_assert_mapped(icui18n, 0);
	ck_assert_reads("old.txt", legacy, 1);
	ck_assert_mapped(icui18n, 1);
}
END_TEST

/* Parallel index writers run readers on several threads: the first
 * uses of a library may come at once, and each must find it ready. */
static void *read_all(void *arg)
{
	long *ok = arg;

	*ok = read_input("page.html", html, sizeof html - 1) == 1 &&
	      read_input("records.jsonl", jsonl, sizeof jsonl - 1) == 2 &&
	      read_input("old.txt", legacy, sizeof legacy - 1) == 1;
	return NULL;
}

START_TEST(test_ingest_libs__threads_that_need_them_at_once_all_get_them)
{
	pthread_t threads[4];
	long ok[4] = {0};

	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(
			pthread_create(&threads[i], NULL, read_all, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
		ck_assert_msg(ok[i], "thread %d could not read all three", i);
	}
}
END_TEST

static Suite *ingest_libs_suite(void)
{
	Suite *s = suite_create("ingest_libs");
	const TTest *tests[] = {
		test_ingest_libs__a_search_maps_none_of_them,
		test_ingest_libs__a_word_that_is_not_ascii_maps_libicuuc,
		test_ingest_libs__text_markdown_utf8_and_utf16_map_none,
		test_ingest_libs__html_maps_libxml2_alone,
		test_ingest_libs__json_lines_map_jansson,
		test_ingest_libs__a_legacy_encoding_maps_libicui18n,
		test_ingest_libs__threads_that_need_them_at_once_all_get_them,
	};

	FIXTURE_ADD_TCASE(s, "ingest_libs", tests);
	return s;
}

int main(void)
{
	return fixture_run(ingest_libs_suite());
}
