/*
 * check_body_store.c - in an index of format 3 a document's body lives
 * in the body store (the index's metadata, by id, packed with LZ4), not
 * in its stored data; it reads back exactly, goes with its document
 * when that is replaced or deleted, and a damaged or missing one is an
 * error that names the document.  An index of format 2 is still read,
 * and written as it is.
 *
 * It looks at the stored data and the metadata through the shim, so it
 * links the static library (the shared one exports only folio_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

static folio_db *open_index(const char *path, int create)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;

	opts.flags = FOLIO_DB_WRITABLE | (create ? FOLIO_DB_CREATE : 0);
	ck_assert_folio_ok(folio_db_open(&db, path, &opts));
	return db;
}

static folio_db *new_index(char **dir_out)
{
	char path[4096];

	*dir_out = fixture_tmpdir();
	snprintf(path, sizeof path, "%s/db", *dir_out);
	return open_index(path, 1);
}

static void add_doc(folio_db *db, const char *id, const char *body,
		    size_t len)
{
	folio_doc *doc = NULL;

	ck_assert_folio_ok(folio_doc_new(&doc, id));
	ck_assert_folio_ok(folio_doc_set_title(doc, "A title"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "source", "wire"));
	ck_assert_folio_ok(folio_doc_set_body(doc, body, len));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
}

/* The stored data of id, as Xapian keeps it (caller frees). */
static char *stored_data(folio_db *db, const char *id)
{
	char idterm[300], *data = NULL;
	size_t len = 0;

	snprintf(idterm, sizeof idterm, "Q%s", id);
	ck_assert_folio_ok(folio__xdb_get_data(&data, &len, db->xdb, idterm));
	return data;
}

/* The packed body the store holds for id, or NULL (caller frees). */
static char *packed_body(folio_db *db, const char *id, size_t *len)
{
	char key[300], *data = NULL, *copy = NULL;
	void *store = NULL;

	snprintf(key, sizeof key, "%s%s", FOLIO__META_BODY_PREFIX, id);
	int rc = folio__xdb_get_metadata_bytes(&data, len, &store, db->xdb,
					       key);
	if (rc == FOLIO_ENOTFOUND)
		return NULL;
	ck_assert_int_eq(rc, 0);
	copy = malloc(*len + 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, data, *len + 1);
	folio__xdata_free(store);
	return copy;
}

static void set_packed_body(folio_db *db, const char *id, const char *packed,
			    size_t len)
{
	ck_assert_folio_ok(folio__body_store_put(db->xdb, id, packed, len));
	ck_assert_folio_ok(folio_db_commit(db));
}

static void assert_body(folio_db *db, const char *id, const char *body,
			size_t len)
{
	folio_doc *doc = NULL;
	size_t got = 0;

	ck_assert_folio_ok(folio_db_get(&doc, db, id));
	const char *b = folio_doc_body(doc, &got);
	ck_assert_uint_eq(got, len);
	ck_assert_mem_eq(b, body, len);
	ck_assert_int_eq(b[len], '\0');
	folio_doc_free(doc);
}

/* A long body of numbered words, with the bytes a body line escapes. */
static char *long_body(size_t words, size_t *len)
{
	folio__buf b = FOLIO__BUF_INIT;

	for (size_t i = 0; i < words; i++)
		ck_assert_folio_ok(folio__buf_printf(
			&b, "%s word%zu%s", i % 7 ? "" : "zebra",
			(i * 2654435761u) % 100003, i % 11 ? "" : "\\n\n"));
	*len = b.len;
	return b.ptr;
}

/* Format 3 keeps no head apart from the data, however long the body:
 * the data is the head. */
static int no_head(const char *term, const char *value, void *p)
{
	(void)p;
	ck_assert_msg(*value == '\0', "%s has a head", term);
	return 0;
}

START_TEST(test_body_store__bodies_live_in_the_store_and_read_back_whole)
{
	char *dir = NULL;
	folio_db *db = new_index(&dir);
	size_t big_len = 0;
	char *big = long_body(400000, &big_len); /* over 4 MB */
	struct {
		const char *id, *body;
		size_t len;
	} docs[] = {
		{"empty", "", 0},
		{"short", "a zebra", 7},
		{"escapes", "C:\\path\\ \\n\nzebra\\", 0},
		{"big", big, big_len},
	};
	const size_t n = sizeof docs / sizeof docs[0];

	ck_assert_int_eq(db->body_store, 1);
	docs[2].len = strlen(docs[2].body);
	for (size_t i = 0; i < n; i++)
		add_doc(db, docs[i].id, docs[i].body, docs[i].len);
	ck_assert_folio_ok(folio_db_commit(db));
	for (size_t i = 0; i < n; i++) {
		size_t plen = 0;
		char *data = stored_data(db, docs[i].id);
		char *packed = packed_body(db, docs[i].id, &plen);

		/* The data keeps the head, and says where the body is. */
		ck_assert_ptr_null(strstr(data, "\nbody="));
		ck_assert_ptr_nonnull(strstr(data, "\nsource=wire\n"));
		if (docs[i].len == 0) {
			ck_assert_ptr_null(strstr(data, FOLIO__BODY_STORE_KEY));
			ck_assert_ptr_null(packed);
		} else {
			ck_assert_ptr_nonnull(
				strstr(data, "\n" FOLIO__BODY_STORE_LINE));
			ck_assert_ptr_nonnull(packed);
			ck_assert_int_eq(packed[0], 'L');
		}
		assert_body(db, docs[i].id, docs[i].body, docs[i].len);
		free(data);
		free(packed);
	}
	ck_assert_folio_ok(folio__xdb_list_values(db->xdb, "Q",
						  FOLIO__VALUE_HEAD, no_head,
						  NULL));
	/* Packed, the long body is much smaller than it is. */
	size_t plen = 0;
	char *packed = packed_body(db, "big", &plen);
	ck_assert_uint_lt(plen, big_len / 2);
	free(packed);

	/* A page of hits reads each body when asked, and snippets cut
	 * from it highlight the words. */
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_snippet *snip = NULL;
	ck_assert_folio_ok(folio_query_parse(&q, db, "zebra", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 3);
	for (size_t i = 0; i < folio_results_count(r); i++) {
		const folio_doc *hit = folio_results_doc(r, i);
		size_t j = 0, len = 0;
		while (strcmp(docs[j].id, folio_doc_id(hit)) != 0)
			j++;
		ck_assert_int_eq(hit->body_stored, 1);
		ck_assert_int_eq(hit->body_unread, 1);
		ck_assert_folio_ok(folio_results_snippet(&snip, r, i, q, NULL));
		ck_assert_ptr_nonnull(strstr(folio_snippet_text(snip, NULL), "zebra"));
		if (strcmp(docs[j].id, "short") == 0)
			ck_assert_str_eq(folio_snippet_text(snip, NULL),
					 "a zebra");
		folio_snippet_free(snip);
		snip = NULL;
		/* Cut from a body unpacked aside: the hit's is still unread. */
		ck_assert_int_eq(hit->body_unread, 1);
		const char *body = folio_doc_body(hit, &len);
		ck_assert_uint_eq(len, docs[j].len);
		ck_assert_mem_eq(body, docs[j].body, len);
	}
	folio_results_free(r);
	/* The long body's snippet, then the short one's, from the same
	 * scratch buffer: nothing of the long one is left over. */
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < folio_results_count(r); i++) {
			const char *id = folio_doc_id(folio_results_doc(r, i));
			if (strcmp(id, pass ? "short" : "big") != 0)
				continue;
			ck_assert_folio_ok(
				folio_results_snippet(&snip, r, i, q, NULL));
			if (pass)
				ck_assert_str_eq(folio_snippet_text(snip, NULL),
						 "a zebra");
			folio_snippet_free(snip);
			snip = NULL;
		}
	folio_results_free(r);
	folio_query_free(q);
	free(big);
	fixture_close(&db, &dir);
}
END_TEST

START_TEST(test_body_store__a_body_goes_with_its_document)
{
	char *dir = NULL;
	folio_db *db = new_index(&dir);
	size_t plen = 0;
	char *packed = NULL;

	add_doc(db, "a", "a zebra", 7);
	add_doc(db, "b", "a zebra too", 11);
	ck_assert_folio_ok(folio_db_commit(db));
	folio_query *q = NULL;
	folio_results *r = NULL;
	ck_assert_folio_ok(folio_query_parse(&q, db, "zebra", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 2);

	/* Emptied: its stored body goes; deleted: the same. */
	add_doc(db, "a", "", 0);
	ck_assert_folio_ok(folio_db_delete(db, "b"));
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_ptr_null(packed = packed_body(db, "a", &plen));
	ck_assert_ptr_null(packed = packed_body(db, "b", &plen));
	assert_body(db, "a", "", 0);

	/* A page read before: "a" reads as it is now, "b" is gone. */
	for (size_t i = 0; i < 2; i++) {
		const folio_doc *hit = folio_results_doc(r, i);
		int is_a = strcmp(folio_doc_id(hit), "a") == 0;
		ck_assert_str_eq(folio_doc_body(hit, NULL), "");
		if (!is_a)
			ck_assert_ptr_nonnull(strstr(
				folio_error_last()->message, "left the index"));
	}
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

START_TEST(test_body_store__a_format_2_index_is_read_and_written_as_it_is)
{
	char *dir = fixture_tmpdir(), path[4096], *format = NULL;
	size_t plen = 0;

	snprintf(path, sizeof path, "%s/db", dir);
	folio_db *db = open_index(path, 1);
	/* Made as folio made indexes before the store: bodies inline. */
	ck_assert_folio_ok(folio__xdb_set_metadata(db->xdb, FOLIO__META_FORMAT,
						   "2"));
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_index(path, 0);
	ck_assert_int_eq(db->body_store, 0);
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_uint_eq(stats.format, 2);
	add_doc(db, "old", "a zebra of old", 14);
	ck_assert_folio_ok(folio_db_commit(db));
	char *data = stored_data(db, "old");
	ck_assert_ptr_nonnull(strstr(data, "\nbody=a zebra of old"));
	ck_assert_ptr_null(strstr(data, FOLIO__BODY_STORE_KEY));
	ck_assert_ptr_null(packed_body(db, "old", &plen));
	assert_body(db, "old", "a zebra of old", 14);
	char *ids = fixture_search_ids(db, "zebra");
	ck_assert_str_eq(ids, "old");
	ck_assert_folio_ok(folio__xdb_get_metadata(&format, db->xdb,
						   FOLIO__META_FORMAT));
	ck_assert_str_eq(format, "2");
	free(format);
	free(ids);
	free(data);
	fixture_close(&db, &dir);
}
END_TEST

/* What a damaged store gives: FOLIO_ECORRUPT, naming the document. */
static void assert_corrupt(folio_db *db, const char *id, const char *what)
{
	folio_doc *doc = NULL;
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_snippet *snip = NULL;

	ck_assert_int_eq(folio_db_get(&doc, db, id), FOLIO_ECORRUPT);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, id));
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, what));
	ck_assert_folio_ok(folio_query_parse(&q, db, "zebra", NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, NULL));
	ck_assert_uint_eq(folio_results_count(r), 1);
	ck_assert_int_eq(folio_results_snippet(&snip, r, 0, q, NULL),
			 FOLIO_ECORRUPT);
	ck_assert_ptr_null(snip);
	folio_results_free(r);
	folio_query_free(q);
}

START_TEST(test_body_store__a_damaged_or_missing_body_is_an_error)
{
	char *dir = NULL;
	folio_db *db = new_index(&dir);
	size_t plen = 0;
	const char *body = "a zebra, a zebra, and more of a zebra";

	add_doc(db, "d", body, strlen(body));
	ck_assert_folio_ok(folio_db_commit(db));
	char *packed = packed_body(db, "d", &plen);
	ck_assert_ptr_nonnull(packed);

	/* Cut short. */
	set_packed_body(db, "d", packed, plen - 1);
	assert_corrupt(db, "d", "damaged");
	/* Claiming a longer body than the block holds. */
	packed[1]++;
	set_packed_body(db, "d", packed, plen);
	assert_corrupt(db, "d", "damaged");
	packed[1]--;
	/* Another packing, and too short for a header. */
	packed[0] = 'Z';
	set_packed_body(db, "d", packed, plen);
	assert_corrupt(db, "d", "damaged");
	set_packed_body(db, "d", "L", 1);
	assert_corrupt(db, "d", "damaged");
	/* Gone, while the data says it is there. */
	set_packed_body(db, "d", NULL, 0);
	assert_corrupt(db, "d", "missing");
	/* Put back, it reads again. */
	packed[0] = 'L';
	set_packed_body(db, "d", packed, plen);
	assert_body(db, "d", body, strlen(body));
	free(packed);
	fixture_close(&db, &dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("body_store");
	const TTest *const tests[] = {
		test_body_store__bodies_live_in_the_store_and_read_back_whole,
		test_body_store__a_body_goes_with_its_document,
		test_body_store__a_format_2_index_is_read_and_written_as_it_is,
		test_body_store__a_damaged_or_missing_body_is_an_error,
	};

	FIXTURE_ADD_TCASE(s, "body_store", tests);
	return fixture_run(s);
}
