/*
 * check_corpus.c - the promises folio makes about the sample corpus in
 * data/, checked for every word of every article: typing any word as a
 * query, in any letter case, finds its article, and the article's snippet
 * highlights a word as the article writes it with the same stem.
 */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define MAX_DOCS 16

typedef struct article {
	char id[256];
	char *text; /* the whole file */
	size_t len;
} article;

static article articles[MAX_DOCS];
static size_t narticles;
static char *dir;
static folio_db *db;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const article *)a)->id, ((const article *)b)->id);
}

/* Index every .txt file of $FOLIO_TEST_DATA as folio index would. */
static void setup(void)
{
	const char *data = getenv("FOLIO_TEST_DATA");
	ck_assert_msg(data != NULL, "FOLIO_TEST_DATA is not set");
	DIR *d = opendir(data);
	ck_assert_msg(d != NULL, "cannot open %s", data);
	struct dirent *e;
	narticles = 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		ck_assert_uint_lt(narticles, MAX_DOCS);
		article *a = &articles[narticles++];
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", data, e->d_name);
		snprintf(a->id, sizeof a->id, "%s", e->d_name);
		a->text = read_file(path, &a->len);
	}
	closedir(d);
	ck_assert_uint_eq(narticles, 5);
	qsort(articles, narticles, sizeof articles[0], by_id);

	dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	ck_assert_folio_ok(folio_db_open(&db, dir, &opts));
	for (size_t i = 0; i < narticles; i++) {
		folio_doc *doc = NULL;
		ck_assert_folio_ok(folio_doc_new(&doc, articles[i].id));
		ck_assert_folio_ok(folio_doc_parse_text(doc, articles[i].text,
							articles[i].len));
		ck_assert_folio_ok(folio_db_add(db, doc));
		folio_doc_free(doc);
	}
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	ck_assert_folio_ok(folio_db_open(&db, dir, NULL));
}

static void teardown(void)
{
	folio_db_free(db);
	db = NULL;
	fixture_rmrf(dir);
	free(dir);
	for (size_t i = 0; i < narticles; i++)
		free(articles[i].text);
	narticles = 0;
}

/* The stem the index's analyzer gives the first word of text. */
typedef struct first_stem {
	char stem[256];
	int found;
} first_stem;

static int take_first(const folio_token *t, void *payload)
{
	first_stem *f = payload;
	snprintf(f->stem, sizeof f->stem, "%.*s", (int)t->stem_len, t->stem);
	f->found = 1;
	return 1;
}

static first_stem stem_of(const char *text, size_t len)
{
	first_stem f = {"", 0};
	folio_analyze(folio_db_analyzer(db), text, len, take_first, &f);
	return f;
}

/*
 * Search for query; assert that article a is among the hits and that
 * its snippet highlights some word whose stem is want_stem.
 */
static void assert_found_and_highlighted(const char *query, const article *a,
					 const char *want_stem)
{
	folio_query *q = NULL;
	folio_results *r = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	opts.limit = MAX_DOCS;
	ck_assert_folio_ok(folio_query_parse(&q, db, query, NULL));
	ck_assert_folio_ok(folio_db_search(&r, db, q, &opts));
	size_t hit = SIZE_MAX;
	for (size_t i = 0; i < folio_results_count(r); i++)
		if (strcmp(folio_doc_id(folio_results_doc(r, i)), a->id) == 0)
			hit = i;
	ck_assert_msg(hit != SIZE_MAX, "query '%s' did not find %s", query,
		      a->id);
	folio_snippet *s = NULL;
	ck_assert_folio_ok(folio_results_snippet(&s, r, hit, q, NULL));
	size_t len = 0;
	const char *text = folio_snippet_text(s, &len);
	int highlighted = 0;
	for (size_t i = 0; i < folio_snippet_span_count(s); i++) {
		size_t start = 0, end = 0;
		ck_assert_folio_ok(folio_snippet_span(s, i, &start, &end));
		ck_assert_uint_le(end, len);
		first_stem f = stem_of(text + start, end - start);
		highlighted |= f.found && strcmp(f.stem, want_stem) == 0;
	}
	ck_assert_msg(highlighted,
		      "the snippet of %s for '%s' highlights no word with "
		      "stem '%s': %s",
		      a->id, query, want_stem, text);
	folio_snippet_free(s);
	folio_results_free(r);
	folio_query_free(q);
}

static int is_operator(const char *w)
{
	return strcmp(w, "AND") == 0 || strcmp(w, "OR") == 0 ||
	       strcmp(w, "NOT") == 0;
}

/* The words of a text: their byte spans and stems. */
typedef struct word_list {
	struct {
		size_t start, end;
		char stem[256];
	} * items;
	size_t count, cap;
} word_list;

/* Each word of the text: the base tokens (an ALT form such as "jaein"
 * for "Jae-in" is found through its words, and the token table checks
 * it). */
static int collect_word(const folio_token *t, void *payload)
{
	word_list *w = payload;
	if (t->flags & FOLIO_TOKEN_ALT)
		return 0;
	if (w->count == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->items = realloc(w->items, w->cap * sizeof *w->items);
		ck_assert_ptr_nonnull(w->items);
	}
	w->items[w->count].start = t->start;
	w->items[w->count].end = t->end;
	snprintf(w->items[w->count].stem, sizeof w->items[0].stem, "%.*s",
		 (int)t->stem_len, t->stem);
	w->count++;
	return 0;
}

/* Type the word body[start, end) as a query: as written, then in lower
 * and upper case (ASCII letters). */
static void check_word(const article *a, const char *body, size_t start,
		       size_t end, const char *stem)
{
	char typed[512];
	size_t n = end - start;
	if (n >= sizeof typed)
		return;
	memcpy(typed, body + start, n);
	typed[n] = '\0';
	for (int variant = 0; variant < 3; variant++) {
		for (size_t i = 0; variant && i < n; i++)
			typed[i] =
				(char)(variant == 1
					       ? tolower((
							 unsigned char)typed[i])
					       : toupper((unsigned char)
								 typed[i]));
		/* An upper-case AND, OR or NOT is an operator, by design. */
		if (!is_operator(typed))
			assert_found_and_highlighted(typed, a, stem);
	}
}

START_TEST(test_corpus_words__every_word_in_any_case_finds_its_article)
{
	size_t words = 0;
	for (size_t i = 0; i < narticles; i++) {
		folio_doc *doc = NULL;
		word_list w = {NULL, 0, 0};
		ck_assert_folio_ok(folio_db_get(&doc, db, articles[i].id));
		size_t len = 0;
		const char *body = folio_doc_body(doc, &len);
		ck_assert_folio_ok(folio_analyze(folio_db_analyzer(db), body,
						 len, collect_word, &w));
		ck_assert_uint_gt(w.count, 200);
		for (size_t k = 0; k < w.count; k++)
			check_word(&articles[i], body, w.items[k].start,
				   w.items[k].end, w.items[k].stem);
		words += w.count;
		free(w.items);
		folio_doc_free(doc);
	}
	ck_assert_uint_gt(words, 2000);
}
END_TEST

/* Ids of the articles whose text contains needle, space-separated. */
static void ids_containing(char *out, size_t cap, const char *needle)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < narticles; i++) {
		if (!strstr(articles[i].text, needle))
			continue;
		size_t n = strlen(articles[i].id);
		ck_assert_uint_lt(len + n + 1, cap);
		if (len > 0)
			out[len++] = ' ';
		memcpy(out + len, articles[i].id, n + 1);
		len += n;
	}
}

/* Hits sorted by id, to compare sets. */
static char *sorted_ids(const char *query)
{
	char *ids = fixture_search_ids(db, query);
	char *words[MAX_DOCS];
	size_t n = 0;
	for (char *w = strtok(ids, " "); w && n < MAX_DOCS;
	     w = strtok(NULL, " "))
		words[n++] = w;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(words[j - 1], words[j]) > 0;
		     j--) {
			char *t = words[j];
			words[j] = words[j - 1];
			words[j - 1] = t;
		}
	char *out = calloc(1, 4096);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), 4096 - strlen(out), "%s%s",
			 i ? " " : "", words[i]);
	free(ids);
	return out;
}

START_TEST(test_corpus_search__huawei_finds_all_five_articles)
{
	char *ids = sorted_ids("huawei");
	char want[4096];
	ids_containing(want, sizeof want, "Huawei");
	ck_assert_str_eq(ids, want);
	ck_assert_uint_eq(strlen(want) > 0, 1);
	free(ids);
}
END_TEST

START_TEST(test_corpus_search__a_phrase_finds_exactly_the_articles_with_it)
{
	char *ids = sorted_ids("\"LG Uplus\"");
	char want[4096];
	ids_containing(want, sizeof want, "LG Uplus");
	ck_assert_str_eq(ids, want);
	/* The words apart are not the phrase: "LG U+" is no "LG Uplus". */
	ck_assert_ptr_null(strstr(ids, "002_"));
	free(ids);
}
END_TEST

START_TEST(test_corpus_search__forms_with_one_stem_find_the_same_articles)
{
	char *pressure = sorted_ids("pressure");
	char *pressuring = sorted_ids("pressuring");
	char *pressured = sorted_ids("PRESSURED");
	ck_assert_str_eq(pressure, pressuring);
	ck_assert_str_eq(pressure, pressured);
	char want[4096];
	ids_containing(want, sizeof want, "ressur");
	ck_assert_str_eq(pressure, want);
	free(pressure);
	free(pressuring);
	free(pressured);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("data");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(
		tc,
		test_corpus_words__every_word_in_any_case_finds_its_article);
	tcase_add_test(tc, test_corpus_search__huawei_finds_all_five_articles);
	tcase_add_test(
		tc,
		test_corpus_search__a_phrase_finds_exactly_the_articles_with_it);
	tcase_add_test(
		tc,
		test_corpus_search__forms_with_one_stem_find_the_same_articles);
	suite_add_tcase(s, tc);
	return fixture_run(s);
}
