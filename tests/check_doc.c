/*
 * check_doc.c - documents: the id, title, body and named fields a caller
 * sets, field name rules, and filling a document from a text file with
 * or without a front-matter block.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- Helpers ------------------------------------------------------ */

static folio_doc *new_doc(const char *id)
{
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_doc_new(&doc, id));
	ck_assert_ptr_nonnull(doc);
	return doc;
}

/*
 * A document filled by folio_doc_parse_text() from a heap copy of
 * exactly strlen(text) bytes (no NUL after them), so that ASan catches
 * a read past the end.
 */
static folio_doc *parsed(const char *text)
{
	folio_doc *doc = new_doc("parsed");
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	ck_assert_folio_ok(folio_doc_parse_text(doc, copy, len));
	free(copy);
	return doc;
}

/* Assert that doc's body is exactly the bytes of expected. */
static void assert_body(const folio_doc *doc, const char *expected)
{
	size_t len = 12345;
	const char *body = folio_doc_body(doc, &len);
	ck_assert_ptr_nonnull(body);
	ck_assert_uint_eq(len, strlen(expected));
	ck_assert_msg(memcmp(body, expected, len) == 0,
		      "body is \"%.*s\", expected \"%s\"", (int)len, body,
		      expected);
}

/* The fields of doc as "name=value;..." in their order, for exact
 * comparison; caller frees. */
static char *fields_of(const folio_doc *doc)
{
	size_t cap = 1;
	size_t n = folio_doc_field_count(doc);
	for (size_t i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL;
		ck_assert_folio_ok(folio_doc_field_at(doc, i, &name, &value));
		ck_assert_ptr_nonnull(name);
		ck_assert_ptr_nonnull(value);
		cap += strlen(name) + strlen(value) + 2;
	}
	char *out = calloc(1, cap);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL;
		folio_doc_field_at(doc, i, &name, &value);
		strcat(out, name);
		strcat(out, "=");
		strcat(out, value);
		strcat(out, ";");
		/* folio_doc_field() agrees with folio_doc_field_at(). */
		ck_assert_str_eq(folio_doc_field(doc, name), value);
	}
	return out;
}

static void assert_fields(const folio_doc *doc, const char *expected)
{
	char *got = fields_of(doc);
	ck_assert_str_eq(got, expected);
	free(got);
}

/* ---- New documents ------------------------------------------------ */

START_TEST(test_doc_new__starts_with_its_id_and_nothing_else)
{
	folio_doc *doc = new_doc("news/2019-05-24.txt");
	ck_assert_str_eq(folio_doc_id(doc), "news/2019-05-24.txt");
	ck_assert_str_eq(folio_doc_title(doc), "");
	assert_body(doc, "");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	ck_assert_ptr_null(folio_doc_field(doc, "source"));
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_new__keeps_its_own_copy_of_the_id)
{
	char id[] = "korea-1";
	folio_doc *doc = new_doc(id);
	id[0] = 'X';
	ck_assert_str_eq(folio_doc_id(doc), "korea-1");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_new__rejects_an_empty_or_missing_id)
{
	folio_doc *doc = new_doc("placeholder");
	folio_doc *keep = doc;
	ck_assert_int_eq(folio_doc_new(&doc, ""), FOLIO_EINVALID);
	ck_assert_ptr_null(doc);
	doc = keep;
	ck_assert_int_eq(folio_doc_new(&doc, NULL), FOLIO_EINVALID);
	ck_assert_ptr_null(doc);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID);
	ck_assert_str_ne(folio_error_last()->message, "");
	folio_doc_free(keep);
}
END_TEST

START_TEST(test_doc_new__accepts_any_utf8_id)
{
	folio_doc *doc = new_doc("Séoul · 서울 id with spaces=and:colons");
	ck_assert_str_eq(folio_doc_id(doc),
			 "Séoul · 서울 id with spaces=and:colons");
	folio_doc_free(doc);
}
END_TEST

/* ---- Title and body ----------------------------------------------- */

START_TEST(test_doc_set_title__sets_replaces_and_clears_the_title)
{
	folio_doc *doc = new_doc("a");
	char title[] = "Huawei in Korea";
	ck_assert_folio_ok(folio_doc_set_title(doc, title));
	title[0] = 'X'; /* the document keeps its own copy */
	ck_assert_str_eq(folio_doc_title(doc), "Huawei in Korea");
	ck_assert_folio_ok(folio_doc_set_title(doc, "Seoul weighs options"));
	ck_assert_str_eq(folio_doc_title(doc), "Seoul weighs options");
	ck_assert_folio_ok(folio_doc_set_title(doc, NULL));
	ck_assert_str_eq(folio_doc_title(doc), "");
	ck_assert_folio_ok(folio_doc_set_title(doc, "again"));
	ck_assert_folio_ok(folio_doc_set_title(doc, ""));
	ck_assert_str_eq(folio_doc_title(doc), "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_body__keeps_exactly_len_bytes)
{
	folio_doc *doc = new_doc("a");
	/* Only the first 11 bytes are the body; the rest must not be read
	 * or kept. */
	ck_assert_folio_ok(folio_doc_set_body(doc, "first line\nNOT BODY", 11));
	assert_body(doc, "first line\n");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_body__keeps_nul_bytes_and_invalid_utf8)
{
	static const char bytes[] = {'a', '\0', 'b', '\xff', '\n', '\\'};
	folio_doc *doc = new_doc("a");
	size_t len = 0;
	ck_assert_folio_ok(folio_doc_set_body(doc, bytes, sizeof bytes));
	const char *body = folio_doc_body(doc, &len);
	ck_assert_uint_eq(len, sizeof bytes);
	ck_assert_int_eq(memcmp(body, bytes, sizeof bytes), 0);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_body__copies_the_text_and_replaces_the_old_body)
{
	folio_doc *doc = new_doc("a");
	char text[] = "a long first body\nwith two lines\n";
	ck_assert_folio_ok(folio_doc_set_body(doc, text, strlen(text)));
	text[0] = 'X';
	assert_body(doc, "a long first body\nwith two lines\n");
	ck_assert_folio_ok(folio_doc_set_body(doc, "short", 5));
	assert_body(doc, "short");
	ck_assert_folio_ok(folio_doc_set_body(doc, "", 0));
	assert_body(doc, "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_body__accepts_a_null_length_pointer)
{
	folio_doc *doc = new_doc("a");
	ck_assert_folio_ok(folio_doc_set_body(doc, "text", 4));
	ck_assert_int_eq(strncmp(folio_doc_body(doc, NULL), "text", 4), 0);
	folio_doc_free(doc);
}
END_TEST

/* ---- Fields ------------------------------------------------------- */

START_TEST(test_doc_set_field__sets_fields_that_read_back_in_order)
{
	folio_doc *doc = new_doc("a");
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "Reuters"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", "2019-05-23"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "author", "John Power"));
	ck_assert_uint_eq(folio_doc_field_count(doc), 3);
	assert_fields(doc, "source=Reuters;date=2019-05-23;author=John Power;");
	ck_assert_str_eq(folio_doc_field(doc, "date"), "2019-05-23");
	ck_assert_ptr_null(folio_doc_field(doc, "url"));
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__keeps_its_own_copy_of_name_and_value)
{
	folio_doc *doc = new_doc("a");
	char name[] = "source";
	char value[] = "Reuters";
	ck_assert_folio_ok(folio_doc_set_field(doc, name, value));
	name[0] = 'X';
	value[0] = 'X';
	assert_fields(doc, "source=Reuters;");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__setting_a_field_twice_replaces_it_in_place)
{
	folio_doc *doc = new_doc("a");
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "Reuters"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", "2019-05-23"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "Yonhap"));
	ck_assert_uint_eq(folio_doc_field_count(doc), 2);
	assert_fields(doc, "source=Yonhap;date=2019-05-23;");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__null_removes_the_field_and_keeps_the_others)
{
	folio_doc *doc = new_doc("a");
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "Reuters"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", "2019-05-23"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "author", "John Power"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", NULL));
	ck_assert_uint_eq(folio_doc_field_count(doc), 2);
	ck_assert_ptr_null(folio_doc_field(doc, "date"));
	assert_fields(doc, "source=Reuters;author=John Power;");
	/* Removing a field the document lacks is not an error. */
	ck_assert_folio_ok(folio_doc_set_field(doc, "url", NULL));
	ck_assert_uint_eq(folio_doc_field_count(doc), 2);
	/* A removed field set again goes to the end. */
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", "2019"));
	assert_fields(doc, "source=Reuters;author=John Power;date=2019;");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__an_empty_value_is_kept)
{
	folio_doc *doc = new_doc("a");
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", ""));
	ck_assert_uint_eq(folio_doc_field_count(doc), 1);
	ck_assert_str_eq(folio_doc_field(doc, "source"), "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__accepts_lowercase_digits_and_underscore)
{
	static const char *const good[] = {
		"a", "source", "date", "lang", "x1", "9lives", "_", "a_b_c",
		/* 32 bytes, the longest allowed */
		"abcdefghijklmnopqrstuvwxyz_01234",
	};
	folio_doc *doc = new_doc("a");
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(folio_doc_set_field(doc, good[i], "v") == 0,
			      "field name '%s' was rejected: %s", good[i],
			      folio_error_last()->message);
	ck_assert_uint_eq(folio_doc_field_count(doc),
			  sizeof good / sizeof *good);
	ck_assert_str_eq(folio_doc_field(doc,
					 "abcdefghijklmnopqrstuvwxyz_01234"),
			 "v");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_set_field__rejects_names_not_of_that_form)
{
	static const char *const bad[] = {
		"",       "Source", "SOURCE", "has space", "has-dash",
		"a.b",    "a:b",    "é",      "source ",   " source",
		"title",  "id",     "body",
		/* 33 bytes, one too many */
		"abcdefghijklmnopqrstuvwxyz_012345",
	};
	folio_doc *doc = new_doc("a");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		folio_error_clear();
		ck_assert_msg(folio_doc_set_field(doc, bad[i], "v") ==
				      FOLIO_EINVALID,
			      "field name '%s' was accepted", bad[i]);
		ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID);
		ck_assert_str_ne(folio_error_last()->message, "");
	}
	ck_assert_int_eq(folio_doc_set_field(doc, NULL, "v"), FOLIO_EINVALID);
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	/* The reserved names did not change what they name either. */
	ck_assert_str_eq(folio_doc_id(doc), "a");
	ck_assert_str_eq(folio_doc_title(doc), "");
	assert_body(doc, "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_field_at__is_einvalid_past_the_last_field)
{
	folio_doc *doc = new_doc("a");
	const char *name = "unset", *value = "unset";
	ck_assert_int_eq(folio_doc_field_at(doc, 0, &name, &value),
			 FOLIO_EINVALID);
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "Reuters"));
	ck_assert_folio_ok(folio_doc_field_at(doc, 0, &name, &value));
	ck_assert_str_eq(name, "source");
	ck_assert_str_eq(value, "Reuters");
	ck_assert_int_eq(folio_doc_field_at(doc, 1, &name, &value),
			 FOLIO_EINVALID);
	folio_doc_free(doc);
}
END_TEST

/* ---- Text files with front matter --------------------------------- */

START_TEST(test_doc_parse_text__takes_title_and_fields_from_front_matter)
{
	folio_doc *doc = parsed("---\n"
				"title: US pressure on Seoul over Huawei\n"
				"source: South China Morning Post\n"
				"date: 2019-05-24\n"
				"---\n"
				"The article text...\n"
				"Second paragraph.\n");
	ck_assert_str_eq(folio_doc_id(doc), "parsed");
	ck_assert_str_eq(folio_doc_title(doc),
			 "US pressure on Seoul over Huawei");
	assert_fields(doc, "source=South China Morning Post;date=2019-05-24;");
	assert_body(doc, "The article text...\nSecond paragraph.\n");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__keeps_the_field_order_of_the_front_matter)
{
	folio_doc *doc = parsed("---\n"
				"url: https://example.org/a?b=c\n"
				"date: 2019-05-23\n"
				"author: John Power\n"
				"source: Reuters\n"
				"---\n"
				"Body.\n");
	assert_fields(doc, "url=https://example.org/a?b=c;date=2019-05-23;"
			   "author=John Power;source=Reuters;");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__body_is_exactly_the_rest_after_the_block)
{
	/* A blank line, indentation, a "---" further down and "key: value"
	 * lines in the body all belong to the body, untouched. */
	const char *rest = "\n  indented line\nsource: not a field\n---\n"
			   "last line without a newline";
	char text[256];
	strcpy(text, "---\ntitle: T\n---\n");
	strcat(text, rest);
	folio_doc *doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "T");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	assert_body(doc, rest);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__a_value_may_contain_colons)
{
	folio_doc *doc = parsed("---\n"
				"title: Huawei: the view from Seoul\n"
				"url: https://example.org/x\n"
				"---\n"
				"Body\n");
	ck_assert_str_eq(folio_doc_title(doc), "Huawei: the view from Seoul");
	assert_fields(doc, "url=https://example.org/x;");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__front_matter_cannot_change_the_id_or_body)
{
	folio_doc *doc = parsed("---\n"
				"id: other\n"
				"body: not the body\n"
				"has space: ignored\n"
				"source: Reuters\n"
				"---\n"
				"The real body.\n");
	ck_assert_str_eq(folio_doc_id(doc), "parsed");
	assert_fields(doc, "source=Reuters;");
	assert_body(doc, "The real body.\n");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__an_empty_block_gives_no_fields)
{
	folio_doc *doc = parsed("---\n---\nHeadline\nBody text.\n");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	assert_body(doc, "Headline\nBody text.\n");
	/* No title in the block: the body's first line, as without one. */
	ck_assert_str_eq(folio_doc_title(doc), "Headline");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__reads_front_matter_with_crlf_line_ends)
{
	folio_doc *doc = parsed("---\r\n"
				"title: Seoul weighs Huawei ban\r\n"
				"source: Yonhap\r\n"
				"date: 2019-05-23\r\n"
				"---\r\n"
				"First line.\r\n"
				"Second line.\r\n");
	ck_assert_str_eq(folio_doc_title(doc), "Seoul weighs Huawei ban");
	assert_fields(doc, "source=Yonhap;date=2019-05-23;");
	assert_body(doc, "First line.\r\nSecond line.\r\n");
	folio_doc_free(doc);
}
END_TEST

/* ---- Text files without front matter ------------------------------ */

START_TEST(test_doc_parse_text__without_front_matter_all_is_the_body)
{
	const char *text = "\n\nHuawei and Korea\n"
			   "The United States is turning up the heat.\n";
	folio_doc *doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "Huawei and Korea");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	assert_body(doc, text);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__a_first_line_of_120_bytes_is_a_title_121_is_not)
{
	char text[300];
	memset(text, 'a', 120);
	strcpy(text + 120, "\nbody\n");
	folio_doc *doc = parsed(text);
	ck_assert_uint_eq(strlen(folio_doc_title(doc)), 120);
	folio_doc_free(doc);
	memset(text, 'a', 121);
	strcpy(text + 121, "\nbody\n");
	doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__a_long_first_line_is_not_a_title)
{
	char text[4096];
	memset(text, 0, sizeof text);
	for (int i = 0; i < 150; i++)
		strcat(text, "word ");
	strcat(text, "\nSecond line.\n");
	folio_doc *doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "");
	assert_body(doc, text);
	folio_doc_free(doc);
}
END_TEST

/* reStructuredText and Markdown files open with markup, not words:
 * the title is the first line of text, without heading marks. */
START_TEST(test_doc_parse_text__the_title_skips_rules_and_markup)
{
	static const struct {
		const char *text, *title;
	} cases[] = {
		{"=============\nCFS Scheduler\n=============\n\nCFS is...\n",
		 "CFS Scheduler"},
		{".. SPDX-License-Identifier: GPL-2.0\n\n"
		 "==========\nPCI howto\n==========\n",
		 "PCI howto"},
		{".. _zsmalloc:\n\n========\nzsmalloc\n========\n", "zsmalloc"},
		{"## Huawei and Korea ##\n\nText.\n", "Huawei and Korea"},
		{"#hashtag first\n", "#hashtag first"},
		{"== Amlogic pinmux controller ==\n", "Amlogic pinmux controller"},
		{"=  Zynq nvmem binding =\n", "Zynq nvmem binding"},
		{"---\n***\n~~~\n", ""},
		{"==\n--\n**\n~~\n__\n==\n--\n**\n~~\nToo far down\n", ""},
		{"-- \n...\n한국 뉴스\n", "한국 뉴스"},
		{".. include:: ../disclaimer.rst\n\n:Original: core-api/irq\n"
		 ":Translator:\n\n  Si Yanteng <si@example.org>\n\n.. _irq:\n\n"
		 "====\nIRQs\n====\n",
		 "IRQs"},
		{":: not a field\n", ":: not a field"},
		{":smile:at the start\n", ":smile:at the start"},
		{":Author:\n   Jae-in Moon\n\nTitle after a field\n",
		 "Title after a field"},
		{"  An indented first line\n", "An indented first line"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		folio_doc *doc = parsed(cases[i].text);
		ck_assert_msg(strcmp(folio_doc_title(doc), cases[i].title) == 0,
			      "case %zu: title \"%s\", expected \"%s\"", i,
			      folio_doc_title(doc), cases[i].title);
		assert_body(doc, cases[i].text);
		folio_doc_free(doc);
	}
}
END_TEST

START_TEST(test_doc_parse_text__the_title_line_loses_its_crlf)
{
	const char *text = "Headline\r\nBody\r\n";
	folio_doc *doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "Headline");
	assert_body(doc, text);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__an_unterminated_block_is_not_front_matter)
{
	const char *text = "---\n"
			   "title: Not a title\n"
			   "source: Not a field\n"
			   "The text goes on without a closing line.\n";
	folio_doc *doc = parsed(text);
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	ck_assert_ptr_null(folio_doc_field(doc, "source"));
	ck_assert_str_ne(folio_doc_title(doc), "Not a title");
	assert_body(doc, text);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__a_block_not_at_the_start_is_body_text)
{
	const char *text = "Headline\n---\ntitle: Not a title\n---\nBody\n";
	folio_doc *doc = parsed(text);
	ck_assert_str_eq(folio_doc_title(doc), "Headline");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	assert_body(doc, text);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__empty_text_gives_an_empty_document)
{
	folio_doc *doc = parsed("");
	ck_assert_str_eq(folio_doc_title(doc), "");
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	assert_body(doc, "");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__reads_only_len_bytes)
{
	folio_doc *doc = new_doc("a");
	const char *text = "---\ntitle: T\n---\nBody\nNOT BODY";
	size_t len = strlen("---\ntitle: T\n---\nBody\n");
	ck_assert_folio_ok(folio_doc_parse_text(doc, text, len));
	ck_assert_str_eq(folio_doc_title(doc), "T");
	assert_body(doc, "Body\n");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_doc_parse_text__survives_binary_input)
{
	static const char bytes[] = "---\n\xff\xfe:\x80\n\0title: x\n"
				    "---\n\0\xc3";
	folio_doc *doc = new_doc("a");
	size_t len = 0;
	int rc = folio_doc_parse_text(doc, bytes, sizeof bytes - 1);
	ck_assert_int_le(rc, 0);
	/* Whatever it made of it, the document is usable. */
	ck_assert_ptr_nonnull(folio_doc_title(doc));
	ck_assert_ptr_nonnull(folio_doc_body(doc, &len));
	ck_assert_uint_le(len, sizeof bytes - 1);
	folio_doc_free(doc);
}
END_TEST

static Suite *doc_suite(void)
{
	const TTest *new_tests[] = {
		test_doc_new__starts_with_its_id_and_nothing_else,
		test_doc_new__keeps_its_own_copy_of_the_id,
		test_doc_new__rejects_an_empty_or_missing_id,
		test_doc_new__accepts_any_utf8_id,
	};
	const TTest *title_and_body_tests[] = {
		test_doc_set_title__sets_replaces_and_clears_the_title,
		test_doc_set_body__keeps_exactly_len_bytes,
		test_doc_set_body__keeps_nul_bytes_and_invalid_utf8,
		test_doc_set_body__copies_the_text_and_replaces_the_old_body,
		test_doc_body__accepts_a_null_length_pointer,
	};
	const TTest *fields_tests[] = {
		test_doc_set_field__sets_fields_that_read_back_in_order,
		test_doc_set_field__keeps_its_own_copy_of_name_and_value,
		test_doc_set_field__setting_a_field_twice_replaces_it_in_place,
		test_doc_set_field__null_removes_the_field_and_keeps_the_others,
		test_doc_set_field__an_empty_value_is_kept,
		test_doc_set_field__accepts_lowercase_digits_and_underscore,
		test_doc_set_field__rejects_names_not_of_that_form,
		test_doc_field_at__is_einvalid_past_the_last_field,
	};
	const TTest *front_matter_tests[] = {
		test_doc_parse_text__takes_title_and_fields_from_front_matter,
		test_doc_parse_text__keeps_the_field_order_of_the_front_matter,
		test_doc_parse_text__body_is_exactly_the_rest_after_the_block,
		test_doc_parse_text__a_value_may_contain_colons,
		test_doc_parse_text__front_matter_cannot_change_the_id_or_body,
		test_doc_parse_text__an_empty_block_gives_no_fields,
		test_doc_parse_text__reads_front_matter_with_crlf_line_ends,
	};
	const TTest *plain_text_tests[] = {
		test_doc_parse_text__without_front_matter_all_is_the_body,
		test_doc_parse_text__a_long_first_line_is_not_a_title,
		test_doc_parse_text__a_first_line_of_120_bytes_is_a_title_121_is_not,
		test_doc_parse_text__the_title_line_loses_its_crlf,
		test_doc_parse_text__an_unterminated_block_is_not_front_matter,
		test_doc_parse_text__a_block_not_at_the_start_is_body_text,
		test_doc_parse_text__empty_text_gives_an_empty_document,
		test_doc_parse_text__reads_only_len_bytes,
		test_doc_parse_text__survives_binary_input,
		test_doc_parse_text__the_title_skips_rules_and_markup,
	};
	Suite *s = suite_create("doc");

	FIXTURE_ADD_TCASE(s, "new", new_tests);
	FIXTURE_ADD_TCASE(s, "title and body", title_and_body_tests);
	FIXTURE_ADD_TCASE(s, "fields", fields_tests);
	FIXTURE_ADD_TCASE(s, "front matter", front_matter_tests);
	FIXTURE_ADD_TCASE(s, "plain text", plain_text_tests);
	return s;
}

int main(void)
{
	return fixture_run(doc_suite());
}
