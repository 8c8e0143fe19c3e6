/*
 * check_ingest_missing.c - an input whose library cannot be loaded is
 * skipped, with a reason that names the library and says what to
 * install, every time, and the reader goes on (a run indexes what it
 * can); the formats that need no library still read.
 *
 * This program is built with lib/lazy-libs.c compiled to open
 * libraries that do not exist (see tests/CMakeLists.txt), ahead of the
 * static library, whose own copy the linker then leaves out.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

/* What a read saw: documents, and the skips with their reasons. */
typedef struct seen {
	int docs;
	int skips;
	size_t line;
	char reason[512];
} seen;

static int count_doc(folio_doc *doc, void *payload)
{
	((seen *)payload)->docs++;
	folio_doc_free(doc);
	return 0;
}

static void note_skip(const char *name, size_t line, const char *reason,
		      void *payload)
{
	seen *s = payload;

	(void)name;
	s->skips++;
	s->line = line;
	snprintf(s->reason, sizeof s->reason, "%s", reason);
}

static int read_input(const char *name, const char *data, size_t len,
		      seen *s)
{
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	int rc = 0;

	memset(s, 0, sizeof *s);
	o.on_doc = count_doc;
	o.on_skip = note_skip;
	o.payload = s;
	ck_assert_folio_ok(folio_reader_new(&r, &o));
	rc = folio_reader_begin(r, name, NULL);
	if (rc == 0)
		rc = folio_reader_feed(r, data, len);
	if (rc == 0)
		rc = folio_reader_end(r);
	folio_reader_free(r);
	return rc;
}

/* The input is skipped once, as a whole, with a reason that holds each
 * of words; asked again, the same. */
static void assert_skipped(const char *name, const char *data, size_t len,
			   const char *const *words)
{
	for (int round = 0; round < 2; round++) {
		seen s;

		ck_assert_folio_ok(read_input(name, data, len, &s));
		ck_assert_int_eq(s.docs, 0);
		ck_assert_int_eq(s.skips, 1);
		ck_assert_uint_eq(s.line, 0);
		for (const char *const *w = words; *w; w++)
			ck_assert_msg(strstr(s.reason, *w),
				      "%s: \"%s\" lacks \"%s\"", name,
				      s.reason, *w);
	}
}

START_TEST(test_ingest_missing__html_is_skipped_saying_libxml2_is_needed)
{
	static const char html[] = "<html><body><p>hi</p></body></html>";
	static const char *const words[] = {
		"HTML needs libxml2 (" FOLIO_LIBXML2_SONAME ")",
		"could not be loaded", "install the libxml2 package", NULL,
	};

	assert_skipped("page.html", html, sizeof html - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__json_lines_are_skipped_once_saying_jansson_is_needed)
{
	static const char jsonl[] = "\n{\"id\": \"a\"}\n{\"id\": \"b\"}\n";
	static const char *const words[] = {
		"JSON Lines needs jansson (" FOLIO_JANSSON_SONAME ")",
		"could not be loaded", "install the jansson package", NULL,
	};

	assert_skipped("r.jsonl", jsonl, sizeof jsonl - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__a_legacy_encoding_is_skipped_saying_libicui18n_is_needed)
{
	static const char legacy[] = "caf\xe9 cr\xe8me br\xfbl\xe9" "e\n";
	static const char *const words[] = {
		"not UTF-8 needs ICU's libicui18n (" FOLIO_ICUI18N_SONAME ")",
		"could not be loaded", "install the i18n library of ICU",
		NULL,
	};

	assert_skipped("old.txt", legacy, sizeof legacy - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__text_markdown_and_utf16_still_read)
{
	static const char utf16[] = "\xff\xfeh\0i\0";

	seen s;

	ck_assert_folio_ok(read_input("a.txt", "caf\xc3\xa9\n", 6, &s));
	ck_assert_int_eq(s.docs, 1);
	ck_assert_folio_ok(read_input("b.md", "# T\n\n*x*\n", 9, &s));
	ck_assert_int_eq(s.docs, 1);
	ck_assert_folio_ok(read_input("c.txt", utf16, sizeof utf16 - 1, &s));
	ck_assert_int_eq(s.docs, 1);
	ck_assert_int_eq(s.skips, 0);
}
END_TEST

static Suite *ingest_missing_suite(void)
{
	Suite *s = suite_create("ingest_missing");
	const TTest *tests[] = {
		test_ingest_missing__html_is_skipped_saying_libxml2_is_needed,
		test_ingest_missing__json_lines_are_skipped_once_saying_jansson_is_needed,
		test_ingest_missing__a_legacy_encoding_is_skipped_saying_libicui18n_is_needed,
		test_ingest_missing__text_markdown_and_utf16_still_read,
	};

	FIXTURE_ADD_TCASE(s, "ingest_missing", tests);
	return s;
}

int main(void)
{
	return fixture_run(ingest_missing_suite());
}
