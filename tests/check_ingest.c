/*
 * check_ingest.c - the readers: formats, encodings, and bad input that
 * is reported and skipped, never indexed as garbage.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "folio.h"

typedef struct got {
	folio_doc *docs[8];
	size_t ndocs;
	size_t skip_lines[8];
	char reasons[8][256];
	size_t nskips;
} got;

static int keep_doc(folio_doc *doc, void *payload)
{
	got *g = payload;

	if (g->ndocs < 8)
		g->docs[g->ndocs++] = doc;
	else
		folio_doc_free(doc);
	return 0;
}

static void keep_skip(const char *name, size_t line, const char *reason,
		      void *payload)
{
	got *g = payload;

	(void)name;
	if (g->nskips < 8) {
		g->skip_lines[g->nskips] = line;
		strncpy(g->reasons[g->nskips], reason, 255);
		g->nskips++;
	}
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->ndocs; i++)
		folio_doc_free(g->docs[i]);
}

/* Read data (len bytes) as an input named name; fills g. */
static void read_input(got *g, const char *name, const char *data,
		       size_t len, folio_reader **keep)
{
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;

	memset(g, 0, sizeof *g);
	o.on_doc = keep_doc;
	o.on_skip = keep_skip;
	o.payload = g;
	ck_assert_int_eq(folio_reader_new(&r, &o), 0);
	ck_assert_int_eq(folio_reader_begin(r, name, NULL), 0);
	/* in two pieces, as a stream would come */
	ck_assert_int_eq(folio_reader_feed(r, data, len / 2), 0);
	ck_assert_int_eq(folio_reader_feed(r, data + len / 2, len - len / 2),
			 0);
	ck_assert_int_eq(folio_reader_end(r), 0);
	if (keep)
		*keep = r;
	else
		folio_reader_free(r);
}

/* French in Windows-1252 (curly quotes, accents, the euro sign). */
static const char cp1252_text[] =
	"Les \x93" "guillemets\x94 du caf\xe9 et la cr\xe8me br\xfbl\xe9"
	"e: na\xef" "ve fa\xe7" "ade, d\xe9j\xe0 vu, \x80 5.\n";

/* "中文文本的编码检测需要足够长的文字。" twice, in GB18030. */
static const char gb18030_text[] =
	"\xd6\xd0\xce\xc4\xce\xc4\xb1\xbe\xb5\xc4\xb1\xe0\xc2\xeb"
	"\xbc\xec\xb2\xe2\xd0\xe8\xd2\xaa\xd7\xe3\xb9\xbb\xb3\xa4"
	"\xb5\xc4\xce\xc4\xd7\xd6\xa1\xa3\xd6\xd0\xce\xc4\xce\xc4"
	"\xb1\xbe\xb5\xc4\xb1\xe0\xc2\xeb\xbc\xec\xb2\xe2\xd0\xe8"
	"\xd2\xaa\xd7\xe3\xb9\xbb\xb3\xa4\xb5\xc4\xce\xc4\xd7\xd6"
	"\xa1\xa3\n";

START_TEST(test_ingest_windows_1252_text_is_decoded_to_utf8)
{
	folio_reader *r = NULL;
	got g;

	read_input(&g, "a.txt", cp1252_text, sizeof cp1252_text - 1, &r);
	ck_assert_uint_eq(g.ndocs, 1);
	ck_assert_ptr_nonnull(strstr(folio_doc_body(g.docs[0], NULL),
				     "caf\xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(folio_doc_body(g.docs[0], NULL),
				     "\xe2\x82\xac"));
	ck_assert_str_eq(folio_reader_charset(r), "windows-1252");
	folio_reader_free(r);
	got_free(&g);
}
END_TEST

START_TEST(test_ingest_gb18030_text_is_decoded_to_utf8)
{
	got g;

	read_input(&g, "zh.txt", gb18030_text, sizeof gb18030_text - 1,
		   NULL);
	ck_assert_uint_eq(g.ndocs, 1);
	/* 中文 in UTF-8 */
	ck_assert_ptr_nonnull(strstr(folio_doc_body(g.docs[0], NULL),
				     "\xe4\xb8\xad\xe6\x96\x87"));
	got_free(&g);
}
END_TEST

/* One reader keeps one charset detector for all its inputs. */
START_TEST(test_ingest_one_reader_decodes_inputs_in_different_encodings)
{
	static const struct {
		const char *text;
		size_t len;
		const char *charset;
		const char *utf8; /* a piece of the decoded body */
	} inputs[] = {
		{cp1252_text, sizeof cp1252_text - 1, "windows-1252",
		 "caf\xc3\xa9"},
		{gb18030_text, sizeof gb18030_text - 1, "GB18030",
		 "\xe4\xb8\xad\xe6\x96\x87"},
		{cp1252_text, sizeof cp1252_text - 1, "windows-1252",
		 "\xe2\x82\xac"},
	};
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	got g;

	memset(&g, 0, sizeof g);
	o.on_doc = keep_doc;
	o.on_skip = keep_skip;
	o.payload = &g;
	ck_assert_int_eq(folio_reader_new(&r, &o), 0);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(folio_reader_begin(r, "in.txt", NULL), 0);
		ck_assert_int_eq(folio_reader_feed(r, inputs[i].text,
						   inputs[i].len),
				 0);
		ck_assert_int_eq(folio_reader_end(r), 0);
		ck_assert_uint_eq(g.ndocs, i + 1);
		ck_assert_str_eq(folio_reader_charset(r), inputs[i].charset);
		ck_assert_ptr_nonnull(strstr(folio_doc_body(g.docs[i], NULL),
					     inputs[i].utf8));
	}
	folio_reader_free(r);
	got_free(&g);
}
END_TEST

START_TEST(test_ingest_utf16_with_a_bom_is_decoded)
{
	static const char text[] = "\xff\xfeh\0i\0 \0\xe9\0";
	got g;

	read_input(&g, "u.txt", text, sizeof text - 1, NULL);
	ck_assert_uint_eq(g.ndocs, 1);
	ck_assert_str_eq(folio_doc_body(g.docs[0], NULL), "hi \xc3\xa9");
	got_free(&g);
}
END_TEST

START_TEST(test_ingest_binary_and_empty_input_is_skipped_with_a_reason)
{
	got g;

	read_input(&g, "b.txt", "ab\0cd", 5, NULL);
	ck_assert_uint_eq(g.ndocs, 0);
	ck_assert_uint_eq(g.nskips, 1);
	ck_assert_ptr_nonnull(strstr(g.reasons[0], "binary"));
	read_input(&g, "e.txt", "", 0, NULL);
	ck_assert_uint_eq(g.ndocs, 0);
	ck_assert_ptr_nonnull(strstr(g.reasons[0], "empty"));
}
END_TEST

START_TEST(test_ingest_html_gives_title_meta_and_visible_text_only)
{
	static const char html[] =
		"<html><head><title> A  page </title><meta name=description "
		"content=\"about it\"><style>p{}</style></head><body><script>"
		"hidden()</script><p>seen text</p></body></html>";
	got g;

	read_input(&g, "p.html", html, sizeof html - 1, NULL);
	ck_assert_uint_eq(g.ndocs, 1);
	ck_assert_str_eq(folio_doc_title(g.docs[0]), "A page");
	ck_assert_str_eq(folio_doc_field(g.docs[0], "description"),
			 "about it");
	ck_assert_ptr_nonnull(strstr(folio_doc_body(g.docs[0], NULL),
				     "seen text"));
	ck_assert_ptr_null(strstr(folio_doc_body(g.docs[0], NULL), "hidden"));
	got_free(&g);
}
END_TEST

START_TEST(test_ingest_a_malformed_json_line_is_skipped_by_its_number)
{
	static const char lines[] =
		"{\"id\":\"a\",\"body\":\"one\",\"tag\":\"x\"}\n"
		"{\"id\": oops}\n"
		"\n"
		"{\"id\":7,\"title\":\"seven\"}";
	got g;

	read_input(&g, "r.jsonl", lines, sizeof lines - 1, NULL);
	ck_assert_uint_eq(g.ndocs, 2);
	ck_assert_str_eq(folio_doc_id(g.docs[0]), "a");
	ck_assert_str_eq(folio_doc_field(g.docs[0], "tag"), "x");
	ck_assert_str_eq(folio_doc_id(g.docs[1]), "7");
	ck_assert_uint_eq(g.nskips, 1);
	ck_assert_uint_eq(g.skip_lines[0], 2);
	ck_assert_ptr_nonnull(strstr(g.reasons[0], "malformed JSON"));
	got_free(&g);
}
END_TEST

START_TEST(test_ingest_a_bad_map_entry_is_refused)
{
	const char *map[] = {"nofield"};
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	got g;

	o.on_doc = keep_doc;
	o.payload = &g;
	o.map = map;
	o.nmap = 1;
	ck_assert_int_eq(folio_reader_new(&r, &o), FOLIO_EINVALID);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "KEY=FIELD"));
}
END_TEST

START_TEST(test_ingest_input_past_max_bytes_is_skipped_not_kept)
{
	folio_reader_options o = FOLIO_READER_OPTIONS_INIT;
	folio_reader *r = NULL;
	got g;

	memset(&g, 0, sizeof g);
	o.on_doc = keep_doc;
	o.on_skip = keep_skip;
	o.payload = &g;
	o.max_bytes = 10;
	ck_assert_int_eq(folio_reader_new(&r, &o), 0);
	ck_assert_int_eq(folio_reader_begin(r, "big.txt", NULL), 0);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(folio_reader_feed(r, "0123456789", 10), 0);
	ck_assert_int_eq(folio_reader_end(r), 0);
	ck_assert_uint_eq(g.ndocs, 0);
	ck_assert_ptr_nonnull(strstr(g.reasons[0], "larger than"));
	folio_reader_free(r);
}
END_TEST

static Suite *ingest_suite(void)
{
	Suite *s = suite_create("ingest");
	TCase *tc = tcase_create("readers");

	tcase_add_test(tc, test_ingest_windows_1252_text_is_decoded_to_utf8);
	tcase_add_test(tc,
		       test_ingest_one_reader_decodes_inputs_in_different_encodings);
	tcase_add_test(tc, test_ingest_gb18030_text_is_decoded_to_utf8);
	tcase_add_test(tc, test_ingest_utf16_with_a_bom_is_decoded);
	tcase_add_test(tc,
		       test_ingest_binary_and_empty_input_is_skipped_with_a_reason);
	tcase_add_test(tc,
		       test_ingest_html_gives_title_meta_and_visible_text_only);
	tcase_add_test(tc,
		       test_ingest_a_malformed_json_line_is_skipped_by_its_number);
	tcase_add_test(tc, test_ingest_a_bad_map_entry_is_refused);
	tcase_add_test(tc, test_ingest_input_past_max_bytes_is_skipped_not_kept);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ingest_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
