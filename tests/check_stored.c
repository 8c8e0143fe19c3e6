/*
 * check_stored.c - a stored document read back in its buffer
 * (folio__doc_deserialize_take, what a search page does for each hit:
 * the body is read in place and unescaped on first use) is the
 * document the copying way reads, whatever the stored text holds, and
 * the buffer is freed or kept exactly once.
 *
 * It calls the library's internal functions, so it links the static
 * library (the shared one exports only folio_*).
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

/* A malloc'ed copy of s, NUL-terminated, as the shim hands out data. */
static char *owned(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void assert_same_doc(const folio_doc *a, const folio_doc *b)
{
	size_t alen = 0, blen = 0;
	const char *abody = folio_doc_body(a, &alen);
	const char *bbody = folio_doc_body(b, &blen);

	ck_assert_str_eq(folio_doc_id(a), folio_doc_id(b));
	ck_assert_str_eq(folio_doc_title(a), folio_doc_title(b));
	ck_assert_uint_eq(alen, blen);
	ck_assert_mem_eq(abody, bbody, alen);
	ck_assert_int_eq(abody[alen], '\0');
	ck_assert_uint_eq(folio_doc_field_count(a), folio_doc_field_count(b));
	for (size_t i = 0; i < folio_doc_field_count(a); i++) {
		const char *an, *av, *bn, *bv;
		ck_assert_folio_ok(folio_doc_field_at(a, i, &an, &av));
		ck_assert_folio_ok(folio_doc_field_at(b, i, &bn, &bv));
		ck_assert_str_eq(an, bn);
		ck_assert_str_eq(av, bv);
	}
}

START_TEST(test_stored__a_taken_body_reads_as_a_copied_one)
{
	static const char *const bodies[] = {
		"",
		"plain",
		"line\nline\n\n",
		"\\",
		"a \\n that is no newline, C:\\path\\, \\\\\\\\",
		"ends in a backslash\\",
		"\n\\\n\\n\n",
	};

	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		folio_doc *doc = NULL, *copied = NULL, *taken = NULL;
		folio__buf b = FOLIO__BUF_INIT;
		char *data;

		ck_assert_folio_ok(folio_doc_new(&doc, "id\\with\nodd bytes"));
		ck_assert_folio_ok(folio_doc_set_title(doc, "a \\ title"));
		ck_assert_folio_ok(folio_doc_set_field(doc, "source", "x\ny"));
		ck_assert_folio_ok(
			folio_doc_set_body(doc, bodies[i], strlen(bodies[i])));
		ck_assert_folio_ok(folio__doc_serialize(doc, &b));
		ck_assert_folio_ok(folio__doc_deserialize(&copied, b.ptr, b.len));
		data = owned(b.ptr, b.len);
		ck_assert_folio_ok(folio__doc_deserialize_take(
			&taken, data, b.len, data, free));
		assert_same_doc(copied, doc);
		assert_same_doc(taken, doc);
		folio_doc_free(doc);
		folio_doc_free(copied);
		folio_doc_free(taken);
		folio__buf_free(&b);
	}
}
END_TEST

START_TEST(test_stored__a_second_body_line_replaces_the_first)
{
	static const char data[] = "id=x\nbody=one\\nA\nbody=two\ntitle=T\n";
	folio_doc *doc = NULL;
	char *copy = owned(data, sizeof data - 1);
	size_t len = 0;

	/* Both bodies lie in the buffer the rest is read from: the second
	 * must not free the first under the reading. */
	ck_assert_folio_ok(folio__doc_deserialize_take(
		&doc, copy, sizeof data - 1, copy, free));
	ck_assert_str_eq(folio_doc_body(doc, &len), "two");
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(folio_doc_title(doc), "T");
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_stored__a_read_body_serializes_and_is_replaced_cleanly)
{
	static const char data[] = "id=x\ntitle=T\nbody=a\\nb\\\\c";
	folio_doc *doc = NULL, *again = NULL;
	folio__buf b = FOLIO__BUF_INIT;
	char *copy = owned(data, sizeof data - 1);
	size_t len = 0;

	ck_assert_folio_ok(folio__doc_deserialize_take(
		&doc, copy, sizeof data - 1, copy, free));
	/* Written out again before anyone read the body: unescaped once,
	 * escaped again, the same stored form. */
	ck_assert_folio_ok(folio__doc_serialize(doc, &b));
	ck_assert_folio_ok(folio__doc_deserialize(&again, b.ptr, b.len));
	ck_assert_str_eq(folio_doc_body(again, &len), "a\nb\\c");
	ck_assert_str_eq(folio_doc_body(doc, &len), "a\nb\\c");
	ck_assert_uint_eq(len, 5);
	/* A new body replaces the one in the stored data (which stays for
	 * the document); ASan sees any double free or leak. */
	ck_assert_folio_ok(folio_doc_set_body(doc, "new", 3));
	ck_assert_folio_ok(folio_doc_set_body(doc, "newer", 5));
	ck_assert_str_eq(folio_doc_body(doc, &len), "newer");
	ck_assert_str_eq(folio_doc_title(doc), "T");
	folio_doc_free(doc);
	folio_doc_free(again);
	folio__buf_free(&b);
}
END_TEST

START_TEST(test_stored__data_without_a_body_reads_as_an_empty_body)
{
	static const char data[] = "id=x\ntitle=T\n";
	folio_doc *doc = NULL;
	char *copy = owned(data, sizeof data - 1);
	size_t len = 1;

	ck_assert_folio_ok(folio__doc_deserialize_take(
		&doc, copy, sizeof data - 1, copy, free));
	ck_assert_str_eq(folio_doc_body(doc, &len), "");
	ck_assert_uint_eq(len, 0);
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_stored__data_not_made_by_folio_is_refused)
{
	static const char *const bad[] = {"", "title=T\nbody=b\n",
					  "body=b\nid=x\n", "no lines at all"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		folio_doc *doc = NULL;
		size_t len = strlen(bad[i]);
		char *copy = owned(bad[i], len);

		ck_assert_int_eq(folio__doc_deserialize_take(&doc, copy, len,
							     copy, free),
				 FOLIO_ECORRUPT);
		ck_assert_ptr_null(doc);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stored");
	const TTest *const tests[] = {
		test_stored__a_taken_body_reads_as_a_copied_one,
		test_stored__a_second_body_line_replaces_the_first,
		test_stored__a_read_body_serializes_and_is_replaced_cleanly,
		test_stored__data_without_a_body_reads_as_an_empty_body,
		test_stored__data_not_made_by_folio_is_refused,
	};

	FIXTURE_ADD_TCASE(s, "stored", tests);
	return fixture_run(s);
}
