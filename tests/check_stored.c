/*
 * check_stored.c - a stored document read back by taking its buffer
 * (folio__doc_deserialize_take, what a search page does for each hit)
 * is the document the copying way reads, whatever the stored text
 * holds, and the buffer is freed or kept exactly once.
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

		ck_assert_folio_ok(folio_doc_new(&doc, "id\\with\nodd bytes"));
		ck_assert_folio_ok(folio_doc_set_title(doc, "a \\ title"));
		ck_assert_folio_ok(folio_doc_set_field(doc, "source", "x\ny"));
		ck_assert_folio_ok(
			folio_doc_set_body(doc, bodies[i], strlen(bodies[i])));
		ck_assert_folio_ok(folio__doc_serialize(doc, &b));
		ck_assert_folio_ok(folio__doc_deserialize(&copied, b.ptr, b.len));
		ck_assert_folio_ok(folio__doc_deserialize_take(
			&taken, owned(b.ptr, b.len), b.len));
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
	size_t len = 0;

	/* The first body was taken into the buffer the rest is read from:
	 * the second must not free it under the reading. */
	ck_assert_folio_ok(folio__doc_deserialize_take(
		&doc, owned(data, sizeof data - 1), sizeof data - 1));
	ck_assert_str_eq(folio_doc_body(doc, &len), "two");
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(folio_doc_title(doc), "T");
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

		ck_assert_int_eq(folio__doc_deserialize_take(
					 &doc, owned(bad[i], len), len),
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
		test_stored__data_not_made_by_folio_is_refused,
	};

	FIXTURE_ADD_TCASE(s, "stored", tests);
	return fixture_run(s);
}
