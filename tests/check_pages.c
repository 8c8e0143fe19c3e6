/*
 * check_pages.c - a page of hits is the top of the whole ranking.
 *
 * Xapian finds the best hits without scoring every match: it skips the
 * documents whose best possible score (from each term's upper bound)
 * cannot reach the page.  folio gives Xapian tighter bounds than its
 * own (lib/xapian-shim.cc, bm25_weight), so a bound that is too tight
 * would drop a hit that belongs on the page.  This suite searches a
 * random index with many queries and checks that every page, at any
 * offset and size, is exactly that slice of the ranking of every match.
 *
 * The index is made, with a fixed seed, to give bounds something to
 * get wrong: titles that repeat a word, bodies from one word to
 * thousands, bursts of one word in a few documents, and words never
 * named twice in one document, so that the terms' largest wdf, their
 * collection frequencies and the document lengths all vary widely.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define DOCS 700
#define QUERIES 160
#define ALL 2000 /* more than any query matches: the whole ranking */
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static const char *const words[] = {
	"alpha",  "bravo",   "charlie", "delta",  "echo",    "foxtrot",
	"golf",   "hotel",   "india",   "juliet", "kilo",    "lima",
	"mike",   "november", "oscar",  "papa",   "quebec",  "romeo",
	"sierra", "tango",   "uniform", "victor", "whiskey", "xray",
	"yankee", "zulu",    "amber",   "basalt", "cobalt",  "dune"};

/* Words named once in a title and once in a few bodies, never more:
 * every wdf is 1, so the tightest bound is exact. */
static const char *const rare[] = {"granite", "harbor", "ivory", "jasper",
				   "kestrel", "lantern"};

static folio_db *db;
static char *dir;
static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next_random(void)
{
	/* xorshift64*: the same documents and queries on every run. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Du) >> 32);
}

/* A word, the first ones far more often (about Zipf's law). */
static const char *some_word(void)
{
	uint32_t r = next_random() % 1000;
	size_t i = (size_t)(COUNT(words) * (r / 1000.0) * (r / 1000.0));
	return words[i < COUNT(words) ? i : COUNT(words) - 1];
}

static void append(char **s, size_t *len, size_t *cap, const char *w)
{
	size_t n = strlen(w);
	if (*len + n + 2 > *cap) {
		*cap = (*len + n + 2) * 2;
		*s = realloc(*s, *cap);
		ck_assert_ptr_nonnull(*s);
	}
	if (*len > 0)
		(*s)[(*len)++] = ' ';
	memcpy(*s + *len, w, n + 1);
	*len += n;
}

static size_t body_words(void)
{
	switch (next_random() % 4) {
	case 0:
		return 1 + next_random() % 12;
	case 1:
	case 2:
		return 40 + next_random() % 200;
	default:
		return 800 + next_random() % 2500;
	}
}

static void setup(void)
{
	fixture_doc *docs = calloc(DOCS, sizeof *docs);
	char **texts = calloc(DOCS * 3, sizeof *texts);

	ck_assert_ptr_nonnull(docs);
	ck_assert_ptr_nonnull(texts);
	for (size_t i = 0; i < DOCS; i++) {
		char *title = NULL, *body = NULL, *id = malloc(16);
		size_t tlen = 0, tcap = 0, blen = 0, bcap = 0;
		size_t nt = 1 + next_random() % 5, nb = body_words();
		const char *burst = some_word();

		ck_assert_ptr_nonnull(id);
		snprintf(id, 16, "d%zu", i);
		for (size_t k = 0; k < nt; k++) {
			const char *w = some_word();
			/* A third of the titles name a word two or three
			 * times. */
			size_t times = next_random() % 3 == 0
					       ? 2 + next_random() % 2
					       : 1;
			while (times-- > 0)
				append(&title, &tlen, &tcap, w);
		}
		if (next_random() % 4 == 0)
			append(&title, &tlen, &tcap,
			       rare[next_random() % COUNT(rare)]);
		for (size_t k = 0; k < nb; k++)
			append(&body, &blen, &bcap,
			       next_random() % 10 == 0 ? burst : some_word());
		if (next_random() % 8 == 0)
			append(&body, &blen, &bcap,
			       rare[next_random() % COUNT(rare)]);
		docs[i] = (fixture_doc){id, title, body, NULL};
		texts[3 * i] = id;
		texts[3 * i + 1] = title;
		texts[3 * i + 2] = body;
	}
	db = fixture_index(&dir, docs, DOCS);
	for (size_t i = 0; i < DOCS * 3; i++)
		free(texts[i]);
	free(texts);
	free(docs);
}

static void teardown(void)
{
	fixture_close(&db, &dir);
}

/* A random query: one to three words, ANDed, ORed, negated, quoted or
 * in the title. */
static void make_query(char *out, size_t cap)
{
	const char *a = some_word(), *b = some_word(), *c = some_word();

	if (next_random() % 3 == 0)
		a = rare[next_random() % COUNT(rare)];

	switch (next_random() % 8) {
	case 0:
		snprintf(out, cap, "%s", a);
		break;
	case 1:
		snprintf(out, cap, "%s %s", a, b);
		break;
	case 2:
		snprintf(out, cap, "%s OR %s", a, b);
		break;
	case 3:
		snprintf(out, cap, "%s OR %s OR %s", a, b, c);
		break;
	case 4:
		snprintf(out, cap, "%s %s %s", a, b, c);
		break;
	case 5:
		snprintf(out, cap, "%s -%s", a, b);
		break;
	case 6:
		snprintf(out, cap, "\"%s %s\" OR %s", a, b, c);
		break;
	default:
		snprintf(out, cap, "title:%s OR %s", a, b);
		break;
	}
}

static folio_results *search(folio_query *q, size_t offset, size_t limit)
{
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	folio_results *r = NULL;

	opts.offset = offset;
	opts.limit = limit;
	ck_assert_folio_ok(folio_db_search(&r, db, q, &opts));
	return r;
}

static int near_equal(double x, double y)
{
	return fabs(x - y) <= 1e-9 * (fabs(x) > 1 ? fabs(x) : 1);
}

/* The number of places where the page (offset, limit) differs from the
 * slice of the whole ranking, with the first one described into why. */
static size_t page_errors(const char *text, folio_query *q,
			  const folio_results *all, size_t offset,
			  size_t limit, char *why, size_t cap)
{
	folio_results *page = search(q, offset, limit);
	size_t total = folio_results_count(all), errors = 0;
	size_t want = offset >= total ? 0
				      : (total - offset < limit ? total - offset
								: limit);

	if (folio_results_count(page) != want) {
		snprintf(why, cap, "'%s' at %zu+%zu: %zu hits, not %zu", text,
			 offset, limit, folio_results_count(page), want);
		folio_results_free(page);
		return 1;
	}
	for (size_t i = 0; i < want; i++) {
		size_t k = offset + i;
		const char *got = folio_doc_id(folio_results_doc(page, i));
		const char *exp = folio_doc_id(folio_results_doc(all, k));
		double gs = folio_results_score(page, i);
		double es = folio_results_score(all, k);
		/* Hits with the same score may come in either order when
		 * Xapian adds the same weights in another order. */
		int tied = (k + 1 < total &&
			    near_equal(es, folio_results_score(all, k + 1))) ||
			   (k > 0 &&
			    near_equal(es, folio_results_score(all, k - 1)));
		if (near_equal(gs, es) && (strcmp(got, exp) == 0 || tied))
			continue;
		if (errors++ == 0)
			snprintf(why, cap,
				 "'%s' at %zu+%zu: place %zu is %s (%.6f), "
				 "the whole ranking has %s (%.6f)",
				 text, offset, limit, k, got, gs, exp, es);
	}
	folio_results_free(page);
	return errors;
}

START_TEST(test_pages__every_page_is_a_slice_of_the_whole_ranking)
{
	static const size_t pages[][2] = {{0, 10}, {0, 1}, {0, 3}, {4, 6},
					  {95, 10}, {150, 20}};
	size_t failed = 0, tried = 0, matched = 0;
	char why[512] = "", first[512] = "";

	for (size_t n = 0; n < QUERIES; n++) {
		char text[128];
		folio_query *q = NULL;
		folio_results *all;

		make_query(text, sizeof text);
		ck_assert_folio_ok(folio_query_parse(&q, db, text, NULL));
		all = search(q, 0, ALL);
		ck_assert_uint_lt(folio_results_count(all), ALL);
		matched += folio_results_count(all) > 0;
		for (size_t p = 0; p < COUNT(pages); p++) {
			size_t e = page_errors(text, q, all, pages[p][0],
					       pages[p][1], why, sizeof why);
			tried++;
			if (e > 0 && failed++ == 0)
				memcpy(first, why, sizeof first);
		}
		folio_results_free(all);
		folio_query_free(q);
	}
	ck_assert_msg(failed == 0, "%zu of %zu pages differ; first: %s",
		      failed, tried, first);
	/* The queries must find things for the check to mean anything. */
	ck_assert_uint_gt(matched, QUERIES * 3 / 4);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_pages__every_page_is_a_slice_of_the_whole_ranking,
	};
	Suite *s = suite_create("pages");
	TCase *tc = FIXTURE_ADD_TCASE(s, "pages", tests);

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	return fixture_run(s);
}
