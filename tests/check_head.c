/*
 * check_head.c - in an index of format 2, a page of hits is read from
 * each document's head (value slot FOLIO__VALUE_HEAD: the stored form
 * without the body), and the body from the stored data only when asked
 * for; documents without a head (indexes made before it) still give
 * whole hits; merging keeps the heads.
 *
 * It writes documents through the shim and looks inside hits, so it
 * links the static library (the shared one exports only folio_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

/* An empty index of format 2 (the format that keeps heads; format 3
 * keeps bodies apart instead, see check_body_store.c) in a new scratch
 * directory, open writable. */
static folio_db *format2_index(const char *path)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;

	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	ck_assert_folio_ok(folio_db_open(&db, path, &opts));
	ck_assert_folio_ok(folio__xdb_set_metadata(
		db->xdb, FOLIO__META_FORMAT, FOLIO__FORMAT_INLINE_BODIES));
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	opts.flags = FOLIO_DB_WRITABLE;
	ck_assert_folio_ok(folio_db_open(&db, path, &opts));
	ck_assert_int_eq(db->body_store, 0);
	return db;
}

static folio_db *writable_index(char **dir_out, const char *name)
{
	char path[4096];

	*dir_out = fixture_tmpdir();
	snprintf(path, sizeof path, "%s/%s", *dir_out, name);
	return format2_index(path);
}

/*
 * Write document id by hand: the word "zebra" (and its stem), stored
 * data data and, if head is not NULL, that head; as folio wrote
 * documents before heads when head is NULL.
 */
static void write_raw(folio_db *db, const char *id, const char *head,
		      const char *data)
{
	folio__xdoc *xdoc = NULL;
	char idterm[256];

	snprintf(idterm, sizeof idterm, "Q%s", id);
	ck_assert_folio_ok(folio__xdoc_new(&xdoc));
	ck_assert_folio_ok(
		folio__xdoc_add_term(xdoc, idterm, strlen(idterm), 0));
	ck_assert_folio_ok(folio__xdoc_add_posting(xdoc, "zebra", 5, 1, 1));
	ck_assert_folio_ok(folio__xdoc_add_term(xdoc, "Zzebra", 6, 1));
	ck_assert_folio_ok(folio__xdoc_set_data(xdoc, data, strlen(data)));
	if (head)
		ck_assert_folio_ok(folio__xdoc_set_value(
			xdoc, FOLIO__VALUE_HEAD, head, strlen(head)));
	ck_assert_folio_ok(folio__xdb_replace(db->xdb, idterm, xdoc));
	folio__xdoc_free(xdoc);
}

static void add_doc(folio_db *db, const char *id, const char *title,
		    const char *body, const char *source)
{
	folio_doc *doc = NULL;

	ck_assert_folio_ok(folio_doc_new(&doc, id));
	ck_assert_folio_ok(folio_doc_set_title(doc, title));
	ck_assert_folio_ok(folio_doc_set_body(doc, body, strlen(body)));
	if (source)
		ck_assert_folio_ok(folio_doc_set_field(doc, "source", source));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
}

static folio_results *search_with(folio_db *db, folio_query **q,
				  const char *text,
				  const folio_search_options *opts)
{
	folio_results *r = NULL;

	ck_assert_folio_ok(folio_query_parse(q, db, text, NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, *q, opts));
	return r;
}

static folio_results *search(folio_db *db, folio_query **q, const char *text)
{
	return search_with(db, q, text, NULL);
}

START_TEST(test_head__a_hit_shows_its_head_and_reads_its_body_when_asked)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL;
	size_t len = 0;

	/* The head and the data disagree on the title: which one a hit
	 * shows tells which one the search read. */
	write_raw(db, "d1", "id=d1\ntitle=From the head\nsource=head\n",
		  "id=d1\ntitle=From the data\nsource=data\n"
		  "body=a zebra\\nin the data\n");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 1);
	const folio_doc *hit = folio_results_doc(r, 0);
	ck_assert_str_eq(folio_doc_id(hit), "d1");
	ck_assert_str_eq(folio_doc_title(hit), "From the head");
	ck_assert_str_eq(folio_doc_field(hit, "source"), "head");
	ck_assert_int_eq(hit->body_unread, 1);
	ck_assert_ptr_null(hit->store);
	/* Asked for, the body comes from the data, once. */
	const char *body = folio_doc_body(hit, &len);
	ck_assert_str_eq(body, "a zebra\nin the data");
	ck_assert_uint_eq(len, strlen("a zebra\nin the data"));
	ck_assert_int_eq(hit->body_unread, 0);
	ck_assert_ptr_eq(folio_doc_body(hit, NULL), body);
	ck_assert_str_eq(folio_doc_title(hit), "From the head");
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

START_TEST(test_head__a_document_without_a_head_gives_a_whole_hit)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL;
	folio_snippet *snip = NULL;

	write_raw(db, "old", NULL,
		  "id=old\ntitle=Old layout\nsource=then\n"
		  "body=a zebra from before\n");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 1);
	const folio_doc *hit = folio_results_doc(r, 0);
	ck_assert_str_eq(folio_doc_id(hit), "old");
	ck_assert_str_eq(folio_doc_title(hit), "Old layout");
	ck_assert_str_eq(folio_doc_field(hit, "source"), "then");
	ck_assert_int_eq(hit->body_unread, 0);
	ck_assert_str_eq(folio_doc_body(hit, NULL), "a zebra from before");
	ck_assert_folio_ok(folio_results_snippet(&snip, r, 0, q, NULL));
	ck_assert_str_eq(folio_snippet_text(snip, NULL), "a zebra from before");
	folio_snippet_free(snip);
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

START_TEST(test_head__snippets_and_explanations_read_an_unread_body)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL;
	folio_snippet *snip = NULL;
	folio_explain *e = NULL;
	static const char body[] = "C:\\zebra\\ lines\nof a zebra herd";

	/* An id the stored form escapes, as a body read is checked to be
	 * the hit's own by its id. */
	add_doc(db, "C:\\notes\\z\n", "Herds", body, "field notes");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 1);
	ck_assert_int_eq(folio_results_doc(r, 0)->body_unread, 1);
	ck_assert_folio_ok(folio_results_explain(&e, r, 0, q));
	ck_assert_uint_ge(folio_explain_count(e), 1);
	const folio_explain_term *t = folio_explain_term_at(e, 0);
	ck_assert_uint_eq(t->noffsets, 2);
	ck_assert_uint_eq(t->offsets[0][0], 3);
	ck_assert_uint_eq(t->offsets[1][0], strlen("C:\\zebra\\ lines\nof a "));
	ck_assert_folio_ok(folio_results_snippet(&snip, r, 0, q, NULL));
	/* (A snippet shows a line break as a space.) */
	ck_assert_str_eq(folio_snippet_text(snip, NULL),
			 "C:\\zebra\\ lines of a zebra herd");
	ck_assert_str_eq(folio_doc_body(folio_results_doc(r, 0), NULL), body);
	ck_assert_str_eq(folio_doc_field(folio_results_doc(r, 0), "source"),
			 "field notes");
	ck_assert_str_eq(folio_doc_id(folio_results_doc(r, 0)),
			 "C:\\notes\\z\n");
	folio_explain_free(e);
	folio_snippet_free(snip);
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

START_TEST(test_head__a_body_read_after_its_document_changed)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL;
	folio_snippet *snip = NULL;

	add_doc(db, "kept", "Kept", "a zebra, first told", NULL);
	add_doc(db, "gone", "Gone", "a zebra that leaves", NULL);
	ck_assert_folio_ok(folio_db_commit(db));
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 2);
	/* The page is no longer the index's (folio.h), but reading it
	 * gives the document as it is now, or an error: never another
	 * document's body, never a crash. */
	add_doc(db, "kept", "Kept", "a zebra, told again", NULL);
	ck_assert_folio_ok(folio_db_delete(db, "gone"));
	ck_assert_folio_ok(folio_db_commit(db));
	for (size_t i = 0; i < 2; i++) {
		const folio_doc *hit = folio_results_doc(r, i);
		if (strcmp(folio_doc_id(hit), "kept") == 0) {
			ck_assert_str_eq(folio_doc_body(hit, NULL),
					 "a zebra, told again");
			continue;
		}
		ck_assert_int_eq(folio_results_snippet(&snip, r, i, q, NULL),
				 FOLIO_ENOTFOUND);
		ck_assert_ptr_null(snip);
		ck_assert_str_eq(folio_doc_body(hit, NULL), "");
		ck_assert_ptr_nonnull(
			strstr(folio_error_last()->message, "gone"));
	}
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

/* The head in slot FOLIO__VALUE_HEAD of every document of db, read
 * back as a document, must be doc's (id, title and fields). */
typedef struct head_check {
	size_t seen;
} head_check;

static int check_one_head(const char *term, const char *value, void *p)
{
	head_check *c = p;
	folio_doc *head = NULL;

	ck_assert_msg(*value != '\0', "%s has no head", term);
	ck_assert_folio_ok(folio__doc_deserialize(&head, value, strlen(value)));
	ck_assert_str_eq(folio_doc_id(head), term + 1);
	ck_assert_str_eq(folio_doc_body(head, NULL), "");
	if (strcmp(term, "Qb1") == 0) {
		ck_assert_str_eq(folio_doc_title(head), "Beta");
		ck_assert_str_eq(folio_doc_field(head, "date"), "2020-05-01");
		ck_assert_str_eq(folio_doc_field(head, "author"), "Bob");
	}
	folio_doc_free(head);
	c->seen++;
	return 0;
}

START_TEST(test_head__merging_and_stamping_keep_the_heads)
{
	static const char *const names[] = {"a", "b"};
	char *dir = NULL, paths[2][4096], out[4096];
	const char *inputs[2] = {paths[0], paths[1]};
	folio_db *db = writable_index(&dir, "a");
	folio_query *q = NULL;
	head_check c = {0};
	int found = 0;

	add_doc(db, "a1", "Alpha", "zebra stripes", NULL);
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	/* b numbers its fields otherwise than a: its documents are
	 * copied with their slots moved, a's compacted. */
	snprintf(paths[1], sizeof paths[1], "%s/b", dir);
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	db = format2_index(paths[1]);
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_doc_new(&doc, "b1"));
	ck_assert_folio_ok(folio_doc_set_title(doc, "Beta"));
	ck_assert_folio_ok(folio_doc_set_body(doc, "zebra spots", 11));
	ck_assert_folio_ok(folio_doc_set_field(doc, "date", "2020-05-01"));
	ck_assert_folio_ok(folio_doc_set_field(doc, "author", "Bob"));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
	add_doc(db, "b2", "Gamma", "zebra herd", "x");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	snprintf(paths[0], sizeof paths[0], "%s/%s", dir, names[0]);
	snprintf(out, sizeof out, "%s/merged", dir);
	ck_assert_folio_ok(folio_db_merge(out, inputs, 2));

	opts.flags = FOLIO_DB_WRITABLE;
	ck_assert_folio_ok(folio_db_open(&db, out, &opts));
	/* An incremental run updates only a document's stamp. */
	ck_assert_folio_ok(folio__xdb_set_doc_value(
		db->xdb, "Qb1", FOLIO__VALUE_STAMP, "s", 1, &found));
	ck_assert_int_eq(found, 1);
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_folio_ok(folio__xdb_list_values(
		db->xdb, "Q", FOLIO__VALUE_HEAD, check_one_head, &c));
	ck_assert_uint_eq(c.seen, 3);
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 3);
	for (size_t i = 0; i < 3; i++) {
		const folio_doc *hit = folio_results_doc(r, i);
		ck_assert_int_eq(hit->body_unread, 1);
		ck_assert_ptr_nonnull(
			strstr(folio_doc_body(hit, NULL), "zebra "));
	}
	folio_results_free(r);
	folio_query_free(q);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* with_bodies reads each hit whole with the page: its body is the one
 * the search saw, whatever became of the document since.  A struct of
 * version 2 ends before with_bodies, so what lies there is not read. */
START_TEST(test_head__with_bodies_reads_each_hit_whole_with_the_page)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL, *q2 = NULL;
	folio_snippet *snip = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;

	add_doc(db, "gone", "Gone", "a zebra that leaves", NULL);
	ck_assert_folio_ok(folio_db_commit(db));
	opts.with_bodies = 1;
	folio_results *whole = search_with(db, &q, "zebra", &opts);
	opts.version = 2; /* with_bodies is past its end: unread */
	folio_results *lazy = search_with(db, &q2, "zebra", &opts);
	ck_assert_folio_ok(folio_db_delete(db, "gone"));
	ck_assert_folio_ok(folio_db_commit(db));

	ck_assert_str_eq(folio_doc_body(folio_results_doc(whole, 0), NULL),
			 "a zebra that leaves");
	ck_assert_folio_ok(folio_results_snippet(&snip, whole, 0, q, NULL));
	folio_snippet_free(snip);
	snip = NULL;
	ck_assert_int_eq(folio_results_snippet(&snip, lazy, 0, q2, NULL),
			 FOLIO_ENOTFOUND);
	folio_results_free(whole);
	folio_results_free(lazy);
	folio_query_free(q);
	folio_query_free(q2);
	fixture_close(&db, &dir);
}
END_TEST

/* Only a body of FOLIO__HEAD_MIN_BODY_DEFAULT bytes or more gets a head;
 * a shorter document's hit is read whole with the page, which costs
 * about the same and keeps the index small.  Which hits were read whole
 * shows after their documents are deleted: their bodies are still
 * there. */
START_TEST(test_head__only_a_long_body_gets_a_head)
{
	char *dir = NULL;
	folio_db *db = writable_index(&dir, "db");
	folio_query *q = NULL;
	folio_snippet *snip = NULL;
	size_t n = FOLIO__HEAD_MIN_BODY_DEFAULT;
	char *longer = malloc(n + 1);

	ck_assert_ptr_nonnull(longer);
	memset(longer, 'x', n);
	memcpy(longer, "a zebra ", 8);
	longer[n] = '\0';
	folio__head_min_body = FOLIO__HEAD_MIN_BODY_DEFAULT;
	add_doc(db, "short", "Short", "a zebra, briefly", NULL);
	add_doc(db, "long", "Long", longer, NULL);
	ck_assert_folio_ok(folio_db_commit(db));
	folio_results *r = search(db, &q, "zebra");
	ck_assert_uint_eq(folio_results_count(r), 2);
	ck_assert_folio_ok(folio_db_delete(db, "short"));
	ck_assert_folio_ok(folio_db_delete(db, "long"));
	ck_assert_folio_ok(folio_db_commit(db));
	for (size_t i = 0; i < 2; i++) {
		const folio_doc *hit = folio_results_doc(r, i);
		int whole = strcmp(folio_doc_id(hit), "short") == 0;
		ck_assert_int_eq(folio_results_snippet(&snip, r, i, q, NULL),
				 whole ? 0 : FOLIO_ENOTFOUND);
		folio_snippet_free(snip);
		snip = NULL;
	}
	folio__head_min_body = 0;
	free(longer);
	folio_results_free(r);
	folio_query_free(q);
	fixture_close(&db, &dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("head");
	const TTest *const tests[] = {
		test_head__a_hit_shows_its_head_and_reads_its_body_when_asked,
		test_head__a_document_without_a_head_gives_a_whole_hit,
		test_head__snippets_and_explanations_read_an_unread_body,
		test_head__a_body_read_after_its_document_changed,
		test_head__merging_and_stamping_keep_the_heads,
		test_head__with_bodies_reads_each_hit_whole_with_the_page,
		test_head__only_a_long_body_gets_a_head,
	};

	/* Every document gets a head, however short, but in the test of
	 * the threshold itself. */
	folio__head_min_body = 0;

	FIXTURE_ADD_TCASE(s, "head", tests);
	return fixture_run(s);
}
