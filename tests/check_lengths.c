/*
 * check_lengths.c - the file of document lengths beside the index
 * (folio.norms, docs/index-layout.md): a search that reads its lengths
 * from it ranks exactly as one that reads them from Xapian, every kind of
 * query alike; each commit keeps it current (documents added, replaced
 * and deleted), and a merge writes the merged index's own; and a file
 * that does not describe the index as it is (from before a commit, cut
 * short) is not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

#define NDOCS 120 /* pseudo-relevance feedback needs 100 */
/* Longer than the file's 2 bytes can say: read from Xapian instead. */
#define HUGE_WORDS 70000

static folio_db *db;
static char *dir;

static const char *const words[] = {
	"alpha", "beta",   "gamma",   "delta",  "running", "runs",
	"ran",   "silver", "harbour", "engine", "quiet",   "lantern",
	"pilot", "north",  "orchard", "copper", "signal",  "meadow",
};
#define NWORDS (sizeof words / sizeof words[0])

/* Every kind of query folio weighs: words, their forms, AND, OR, NOT,
 * phrases, NEAR, wildcards, titles, feedback (5 words), dates. */
static const char *const queries[] = {
	"alpha",
	"running",
	"alpha beta",
	"alpha OR lantern",
	"alpha -beta",
	"\"silver harbour\"",
	"pilot NEAR/3 north",
	"harb*",
	"title:engine",
	"quiet copper signal meadow orchard",
	"alpha date:2020",
	"word",
};
#define NQUERIES (sizeof queries / sizeof queries[0])

static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

/* A body of n words drawn from words (seeded by seed). */
static char *body_of(unsigned seed, size_t n)
{
	char *body = malloc(n * 9 + 1), *p = body;
	ck_assert_ptr_nonnull(body);
	*p = '\0';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? " " : "",
			     words[next_random(&seed) % NWORDS]);
	return body;
}

static const char *const dated[] = {"date=2020-03-01", NULL};

static void setup(void)
{
	fixture_doc docs[NDOCS + 1];
	char ids[NDOCS + 1][16], titles[NDOCS][32];
	char *bodies[NDOCS + 1];
	unsigned seed = 7;

	for (size_t i = 0; i < NDOCS; i++) {
		snprintf(ids[i], sizeof ids[i], "d%zu", i);
		snprintf(titles[i], sizeof titles[i], "%s %s",
			 words[next_random(&seed) % NWORDS],
			 words[next_random(&seed) % NWORDS]);
		/* 5 to about 2,000 words: lengths BM25 tells apart. */
		bodies[i] = body_of((unsigned)i, 5 + next_random(&seed) % 2000);
		docs[i] = (fixture_doc){ids[i], titles[i], bodies[i],
					i % 3 ? NULL : dated};
	}
	bodies[NDOCS] = malloc(HUGE_WORDS * 5 + 1);
	ck_assert_ptr_nonnull(bodies[NDOCS]);
	strcpy(bodies[NDOCS], "alpha");
	for (size_t i = 1; i < HUGE_WORDS; i++)
		memcpy(bodies[NDOCS] + 5 + (i - 1) * 5, " word", 6);
	snprintf(ids[NDOCS], sizeof ids[NDOCS], "huge");
	docs[NDOCS] = (fixture_doc){ids[NDOCS], "huge", bodies[NDOCS], NULL};
	db = fixture_index(&dir, docs, NDOCS + 1);
	for (size_t i = 0; i <= NDOCS; i++)
		free(bodies[i]);
}

static void teardown(void)
{
	fixture_close(&db, &dir);
}

static char *norms_path(void)
{
	char *path = malloc(strlen(dir) + 32);
	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/folio.norms", dir);
	return path;
}

static char *read_norms(size_t *len)
{
	char *path = norms_path();
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "no %s: a commit or a merge writes it", path);
	free(path);
	char *data = malloc(1 << 20);
	ck_assert_ptr_nonnull(data);
	*len = fread(data, 1, 1 << 20, f);
	fclose(f);
	return data;
}

static void write_norms(const char *data, size_t len)
{
	char *path = norms_path();
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

static void remove_norms(void)
{
	char *path = norms_path();
	ck_assert_int_eq(unlink(path), 0);
	free(path);
}

/* Open dir again, to see the file as it now is. */
static void reopen(void)
{
	folio_db_free(db);
	db = NULL;
	ck_assert_folio_ok(folio_db_open(&db, dir, NULL));
}

/* Each query's first 50 hits, "id score" a line, the score to the last
 * bit; caller frees. */
static char *rankings(void)
{
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	ck_assert_ptr_nonnull(out);
	for (size_t k = 0; k < NQUERIES; k++) {
		folio_query *q = NULL;
		folio_results *r = NULL;
		folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
		opts.limit = 50;
		ck_assert_folio_ok(folio_query_parse(&q, db, queries[k], NULL));
		ck_assert_folio_ok(folio_db_search(&r, db, q, &opts));
		ck_assert_msg(folio_results_count(r) > 0, "%s found nothing",
			      queries[k]);
		len += (size_t)snprintf(out + len, cap - len, "%s:\n",
					queries[k]);
		for (size_t i = 0; i < folio_results_count(r); i++)
			len += (size_t)snprintf(
				out + len, cap - len, "%s %a\n",
				folio_doc_id(folio_results_doc(r, i)),
				folio_results_score(r, i));
		ck_assert_uint_lt(len, cap - 1);
		folio_results_free(r);
		folio_query_free(q);
	}
	return out;
}

/* The rankings with the lengths read from Xapian: without the file. */
static char *rankings_without_file(void)
{
	remove_norms();
	reopen();
	return rankings();
}

/* a and b the same rankings; else fail at the first line that differs
 * (whole, they are too long for a message). */
static void assert_same(const char *a, const char *b)
{
	size_t at = 0, line = 0;
	while (a[at] != '\0' && a[at] == b[at]) {
		if (a[at] == '\n')
			line = at + 1;
		at++;
	}
	ck_assert_msg(a[at] == b[at], "rankings differ at: %.60s | %.60s",
		      a + line, b + line);
}

/* Whether searches of db read the file (folio_db_stats_get). */
static int file_is_read(void)
{
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	return stats.lengths_current;
}

/*
 * The rankings of db as it is, which read the file if current says so
 * (checked, so that a file left unread cannot pass for a right one),
 * asserted the same as without the file; caller frees.  Removes the
 * file.
 */
static char *rankings_as_without_file(int current)
{
	ck_assert_int_eq(file_is_read() != 0, current != 0);
	char *with = rankings();
	char *without = rankings_without_file();
	assert_same(with, without);
	free(without);
	return with;
}

START_TEST(test_lengths__file_ranks_every_query_as_xapian_does)
{
	free(rankings_as_without_file(1));
}
END_TEST

/* Not a pass by default: lengths made wrong in the file move the
 * scores, so the searches above did read it. */
START_TEST(test_lengths__file_is_what_the_search_reads)
{
	char *before = rankings();
	size_t len;
	char *data = read_norms(&len);
	/* The lengths are the last 2 * (last docid + 1) bytes. */
	size_t lengths = 2 * (NDOCS + 2);
	ck_assert_uint_gt(len, lengths);
	for (size_t at = len - lengths; at < len; at += 2) {
		data[at] = 1;
		data[at + 1] = 0;
	}
	write_norms(data, len);
	reopen();
	char *after = rankings();
	ck_assert_msg(strcmp(before, after) != 0,
		      "wrong lengths in the file changed no score");
	free(data);
	free(before);
	free(after);
}
END_TEST

/* Add one document, replace one with a much longer body, delete one. */
static void change_documents(void)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_doc *doc = NULL;
	folio_db_free(db);
	db = NULL;
	opts.flags = FOLIO_DB_WRITABLE;
	ck_assert_folio_ok(folio_db_open(&db, dir, &opts));
	char *body = body_of(99, 3000);
	ck_assert_folio_ok(folio_doc_new(&doc, "d3"));
	ck_assert_folio_ok(folio_doc_set_body(doc, body, strlen(body)));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
	ck_assert_folio_ok(folio_doc_new(&doc, "new"));
	ck_assert_folio_ok(folio_doc_set_body(doc, "alpha beta running", 18));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
	ck_assert_folio_ok(folio_db_delete(db, "d5"));
	ck_assert_folio_ok(folio_db_commit(db));
	free(body);
	reopen();
}

START_TEST(test_lengths__commit_brings_the_file_up_to_date)
{
	char *before = rankings();
	ck_assert_ptr_nonnull(strstr(before, "\nd5 "));
	change_documents();
	char *with = rankings_as_without_file(1);
	ck_assert_ptr_null(strstr(with, "\nd5 "));
	free(before);
	free(with);
}
END_TEST

START_TEST(test_lengths__file_from_before_a_commit_is_not_read)
{
	size_t len;
	char *old = read_norms(&len);
	change_documents();
	write_norms(old, len); /* as if the new one had not been written */
	reopen();
	free(rankings_as_without_file(0));
	free(old);
}
END_TEST

START_TEST(test_lengths__file_cut_short_is_not_read)
{
	size_t len;
	char *data = read_norms(&len);
	char *before = rankings();
	write_norms(data, len - 2);
	reopen();
	char *cut = rankings_as_without_file(0);
	assert_same(before, cut);
	free(data);
	free(before);
	free(cut);
}
END_TEST

/* A commit after one whose file could not be used writes it whole. */
START_TEST(test_lengths__commit_without_a_file_writes_it_whole)
{
	char *before = rankings();
	remove_norms();
	change_documents();
	size_t len;
	free(read_norms(&len));
	char *with = rankings_as_without_file(1);
	ck_assert_msg(strcmp(before, with) != 0,
		      "the changed documents changed no score");
	free(before);
	free(with);
}
END_TEST

/* Merged from parts, as parallel writers build an index: the merged
 * index gets its own file (the parts' docids are renumbered). */
START_TEST(test_lengths__merged_index_has_its_own_file)
{
	static const fixture_doc more[] = {
		{"m1", "alpha", "alpha alpha running harbour", NULL},
		{"m2", "silver", "silver harbour pilot north alpha", NULL},
	};
	char *other_dir = NULL, *merged = NULL;
	folio_db *other = fixture_index(&other_dir, more, 2);
	const char *parts[] = {dir, other_dir};

	folio_db_free(other);
	merged = fixture_tmpdir();
	ck_assert_folio_ok(folio_db_merge(merged, parts, 2));
	folio_db_free(db);
	db = NULL;
	fixture_rmrf(dir);
	free(dir);
	dir = merged; /* teardown removes it */
	reopen();
	char *with = rankings_as_without_file(1);
	ck_assert_ptr_nonnull(strstr(with, "\nm1 "));
	free(with);
	fixture_rmrf(other_dir);
	free(other_dir);
}
END_TEST

/* folio_db_stats_get says whether searches read the file. */
START_TEST(test_lengths__stats_say_whether_the_file_is_current)
{
	ck_assert_int_ne(file_is_read(), 0);
	remove_norms();
	reopen();
	ck_assert_int_eq(file_is_read(), 0);
}
END_TEST

/* Each test changes the index: each has its own (a checked fixture). */
static Suite *lengths_suite(void)
{
	const TTest *tests[] = {
		test_lengths__file_ranks_every_query_as_xapian_does,
		test_lengths__file_is_what_the_search_reads,
		test_lengths__commit_brings_the_file_up_to_date,
		test_lengths__file_from_before_a_commit_is_not_read,
		test_lengths__file_cut_short_is_not_read,
		test_lengths__commit_without_a_file_writes_it_whole,
		test_lengths__merged_index_has_its_own_file,
		test_lengths__stats_say_whether_the_file_is_current,
	};
	Suite *s = suite_create("lengths");
	TCase *tc = FIXTURE_ADD_TCASE(s, "file", tests);

	tcase_add_checked_fixture(tc, setup, teardown);
	return s;
}

int main(void)
{
	return fixture_run(lengths_suite());
}
