/*
 * check_ingest_missing.c - a reader whose library cannot be loaded
 * fails with an error that names the library and says what to install,
 * every time it is asked, and never crashes; the formats that need no
 * library still read.
 *
 * This program is built with lib/ingest-libs.c compiled to open
 * libraries that do not exist (see tests/CMakeLists.txt), ahead of the
 * static library, whose own copy the linker then leaves out.
 */
#include <string.h>

#include "fixture.h"

static int drop_doc(folio_doc *doc, void *payload)
{
	(void)payload;
	folio_doc_free(doc);
	return 0;
}

/* What reading data as an input named name returned: the first
 * failure of a reader call, or 0. */
static int read_input(const char *name, const char *data, size_t len)
{
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	int rc = 0;

	o.on_doc = drop_doc;
	ck_assert_folio_ok(folio_reader_new(&r, &o));
	rc = folio_reader_begin(r, name, NULL);
	if (rc == 0)
		rc = folio_reader_feed(r, data, len);
	if (rc == 0)
		rc = folio_reader_end(r);
	folio_reader_free(r);
	return rc;
}

/* Reading name fails, twice alike, with a message holding each of the
 * NULL-terminated words. */
static void assert_fails(const char *name, const char *data, size_t len,
			 const char *const *words)
{
	for (int round = 0; round < 2; round++) {
		const char *msg = NULL;

		folio_error_clear();
		ck_assert_int_eq(read_input(name, data, len), FOLIO_ERROR);
		msg = folio_error_last()->message;
		for (const char *const *w = words; *w; w++)
			ck_assert_msg(strstr(msg, *w), "%s: \"%s\" lacks \"%s\"",
				      name, msg, *w);
	}
}

START_TEST(test_ingest_missing__html_says_libxml2_is_needed)
{
	static const char html[] = "<html><body><p>hi</p></body></html>";
	static const char *const words[] = {
		"HTML needs libxml2 (" FOLIO_LIBXML2_SONAME ")",
		"could not be loaded", "install the libxml2 package", NULL,
	};

	assert_fails("page.html", html, sizeof html - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__json_lines_say_jansson_is_needed)
{
	static const char jsonl[] = "{\"id\": \"a\"}\n";
	static const char *const words[] = {
		"JSON Lines needs jansson (" FOLIO_JANSSON_SONAME ")",
		"could not be loaded", "install the jansson package", NULL,
	};

	assert_fails("r.jsonl", jsonl, sizeof jsonl - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__a_legacy_encoding_says_libicui18n_is_needed)
{
	static const char legacy[] = "caf\xe9 cr\xe8me br\xfbl\xe9" "e\n";
	static const char *const words[] = {
		"not UTF-8 needs ICU's libicui18n (" FOLIO_ICUI18N_SONAME ")",
		"could not be loaded", "install the i18n library of ICU",
		NULL,
	};

	assert_fails("old.txt", legacy, sizeof legacy - 1, words);
}
END_TEST

START_TEST(test_ingest_missing__text_markdown_and_utf16_still_read)
{
	static const char utf16[] = "\xff\xfeh\0i\0";

	ck_assert_folio_ok(read_input("a.txt", "caf\xc3\xa9\n", 6));
	ck_assert_folio_ok(read_input("b.md", "# T\n\n*x*\n", 9));
	ck_assert_folio_ok(read_input("c.txt", utf16, sizeof utf16 - 1));
}
END_TEST

static Suite *ingest_missing_suite(void)
{
	Suite *s = suite_create("ingest_missing");
	const TTest *tests[] = {
		test_ingest_missing__html_says_libxml2_is_needed,
		test_ingest_missing__json_lines_say_jansson_is_needed,
		test_ingest_missing__a_legacy_encoding_says_libicui18n_is_needed,
		test_ingest_missing__text_markdown_and_utf16_still_read,
	};

	FIXTURE_ADD_TCASE(s, "ingest_missing", tests);
	return s;
}

int main(void)
{
	return fixture_run(ingest_missing_suite());
}
