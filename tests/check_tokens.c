/*
 * check_tokens.c - the token table: for real text in many scripts, the
 * terms the analyzer gives and the queries that must (and must not)
 * find it.
 *
 * Each row is a document.  All rows go into one index, so that "not
 * found by" also means "no other row's words are enough": C++ must not
 * find a document that only has "c", 华为 must not find one with 华 and
 * 为 apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

typedef struct token_row {
	const char *text;
	/* The terms of its words (not the ALT forms), or NULL to skip. */
	const char *terms;
	/* Queries, separated by " | ", that must find it... */
	const char *found_by;
	/* ... and that must not. */
	const char *not_found_by;
} token_row;

#define TILDES_30 "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"
#define TILDES_300                                                        \
	TILDES_30 TILDES_30 TILDES_30 TILDES_30 TILDES_30 TILDES_30       \
		TILDES_30 TILDES_30 TILDES_30 TILDES_30

static const token_row rows[] = {
	/* Acronyms with dots. */
	{"U.S. officials said", "us officials said", "US | U.S. | us", NULL},
	{"the U.S.A. team won", "the usa team won", "USA | U.S.A. | usa",
	 NULL},
	/* Apostrophes, straight and curly. */
	{"Huawei's phones", "huawei's phones",
	 "Huawei | Huawei's | Huawei\xe2\x80\x99s | HUAWEI'S", NULL},
	{"Huawei\xe2\x80\x99s routers", "huawei's routers",
	 "Huawei | Huawei's | Huawei\xe2\x80\x99s", NULL},
	{"l'avion d'Airbus", "l'avion d'airbus", "avion | l'avion | airbus",
	 NULL},
	/* Hyphens: the hyphenated form, the words as a phrase, joined. */
	{"send an e-mail today", "send an e mail today",
	 "e-mail | \"e mail\" | email | E-Mail", NULL},
	{"the anti-Huawei campaign", "the anti huawei campaign",
	 "anti-Huawei | \"anti huawei\" | antihuawei", NULL},
	{"long-term plans", "long term plans",
	 "long-term | \"long term\" | longterm", NULL},
	/* Numbers, as typed, with or without the thousands separator. */
	{"28,500 troops", "28500 troops", "28,500 | 28500", "28 | 500"},
	{"rose 3.5% in 2019 on 5G", "rose 3.5 in 2019 on 5g",
	 "3.5 | 3.5% | 2019 | 5G | 5g", NULL},
	/* Letters with symbols: each exactly; C++ is not every c. */
	{"LG U+ shares", "lg u+ shares", "\"LG U+\" | U+", NULL},
	{"written in C++ mostly", "written in c++ mostly", "C++ | c++",
	 "C# | .NET"},
	{"and C# too", "and c# too", "C# | c#", "C++"},
	{"the .NET framework", "the .net framework", ".NET | .net", "C#"},
	{"plain c and net and u letters", "plain c and net and u letters",
	 "c | net", "C++ | C# | .NET | U+ | \"LG U+\""},
	/* E-mail addresses and URLs: whole, and by their parts. */
	{"write to john@hannam.ac.kr now", NULL,
	 "john@hannam.ac.kr | hannam | ac.kr | john", NULL},
	{"see https://www.snu.ac.kr/news today", NULL,
	 "www.snu.ac.kr | snu | ac.kr | news | https://www.snu.ac.kr/news",
	 NULL},
	/* Accents: found with and without them, by default. */
	{"caf\xc3\xa9 na\xc3\xafve Z\xc3\xbcrich", "cafe naive zurich",
	 "cafe | caf\xc3\xa9 | CAF\xc3\x89 | naive | na\xc3\xafve | zurich | "
	 "Z\xc3\xbcrich | ZURICH",
	 NULL},
	{"Moon Jae-in said", "moon jae in said",
	 "Jae-in | jaein | \"jae in\" | \"Moon Jae-in\"", NULL},
	/* Full-width and compatibility forms. */
	{"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 \xef\xac\x81nance",
	 "abc finance", "ABC | abc | \xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 | "
			"finance | \xef\xac\x81nance",
	 NULL},
	/* Chinese: any run of characters, a known word or not. */
	{"\xe5\x8d\x8e\xe4\xb8\xba\xe6\x8a\x80\xe6\x9c\xaf\xe6\x9c\x89\xe9"
	 "\x99\x90\xe5\x85\xac\xe5\x8f\xb8\xe5\x8f\x91\xe5\xb8\x83\xe4\xba"
	 "\x86\xe6\x96\xb0\xe6\x89\x8b\xe6\x9c\xba", /* 华为技术有限公司发布了新手机 */
	 NULL,
	 "\xe5\x8d\x8e\xe4\xb8\xba | "                     /* 华为 */
	 "\xe5\x8d\x8e | "                                 /* 华 */
	 "\xe6\x8a\x80\xe6\x9c\xaf\xe6\x9c\x89\xe9\x99\x90 | " /* 技术有限 */
	 "\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8 | " /* 有限公司 */
	 "\xe5\x8f\xb8\xe5\x8f\x91 | "                     /* 司发 */
	 "\xe6\x96\xb0\xe6\x89\x8b\xe6\x9c\xba",           /* 新手机 */
	 "\xe6\x89\x8b\xe5\x8d\x8e | "                     /* 手华 */
	 "\xe6\x9c\xba\xe5\x8d\x8e"},                      /* 机华 */
	{"\xe5\x8d\x8e \xe5\x92\x8c \xe4\xb8\xba", /* 华 和 为: apart */
	 NULL, "\xe5\x8d\x8e | \xe4\xb8\xba",
	 "\xe5\x8d\x8e\xe4\xb8\xba"},
	/* ... and apart across ASCII punctuation or blanks alone, near or
	 * far (plain text walked on its own, not by ICU) */
	{"\xe5\x8d\x8e\xe4\xb8\xba " TILDES_300 " \xe6\x89\x8b\xe6\x9c\xba",
	 NULL, "\xe5\x8d\x8e\xe4\xb8\xba | \xe6\x89\x8b\xe6\x9c\xba",
	 "\xe4\xb8\xba\xe6\x89\x8b"},                      /* 为手 */
	{"\xe5\x8d\x8e\xe4\xb8\xba ~~ \xe6\x89\x8b\xe6\x9c\xba", /* 华为 ~~ 手机 */
	 NULL, "\xe5\x8d\x8e\xe4\xb8\xba | \xe6\x89\x8b\xe6\x9c\xba",
	 "\xe4\xb8\xba\xe6\x89\x8b"},                      /* 为手 */
	{"\xe5\x8d\x8e\xe4\xb8\xba \xe6\x89\x8b\xe6\x9c\xba", /* 华为 手机 */
	 NULL, "\xe5\x8d\x8e\xe4\xb8\xba | \xe6\x89\x8b\xe6\x9c\xba",
	 "\xe4\xb8\xba\xe6\x89\x8b"},
	/* Japanese: kanji and kana, by any run. */
	{"\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x81\xab\xe4\xbd\x8f\xe3"
	 "\x82\x93\xe3\x81\xa7\xe3\x81\x84\xe3\x81\xbe\xe3\x81\x99", /* 東京都に住んでいます */
	 NULL,
	 "\xe6\x9d\xb1\xe4\xba\xac | "             /* 東京 */
	 "\xe4\xba\xac\xe9\x83\xbd | "             /* 京都 */
	 "\xe4\xbd\x8f\xe3\x82\x93\xe3\x81\xa7 | " /* 住んで */
	 "\xe3\x81\x84\xe3\x81\xbe\xe3\x81\x99",   /* います */
	 NULL},
	{"\xef\xbd\xb6\xef\xbe\x80\xef\xbd\xb6\xef\xbe\x85", /* ｶﾀｶﾅ half-width */
	 NULL, "\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a", NULL},
	/* Korean: a noun with its particle. */
	{"\xed\x95\x9c\xea\xb5\xad\xec\x9d\x80 \xed\x99\x94\xec\x9b\xa8\xec"
	 "\x9d\xb4 \xec\x9e\xa5\xeb\xb9\x84\xeb\xa5\xbc", /* 한국은 화웨이 장비를 */
	 NULL,
	 "\xed\x95\x9c\xea\xb5\xad | "             /* 한국 */
	 "\xed\x95\x9c\xea\xb5\xad\xec\x9d\x98 | " /* 한국의 */
	 "\xed\x99\x94\xec\x9b\xa8\xec\x9d\xb4 | " /* 화웨이 */
	 "\xec\x9e\xa5\xeb\xb9\x84",               /* 장비 */
	 NULL},
	{"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xea\xb5\x90\xec\x9c\xa1", /* 한국어 교육 */
	 NULL, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",
	 "\xed\x95\x9c\xea\xb5\xad"},
	/* Thai and Lao: ICU's dictionaries. */
	{"\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2\xe0\xb9\x84\xe0"
	 "\xb8\x97\xe0\xb8\xa2\xe0\xb8\x87\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8"
	 "\xa2", /* ภาษาไทยง่าย */
	 NULL, "\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2 | " /* ภาษา */
	       "\xe0\xb9\x84\xe0\xb8\x97\xe0\xb8\xa2",             /* ไทย */
	 NULL},
	{"\xe0\xba\x9e\xe0\xba\xb2\xe0\xba\xaa\xe0\xba\xb2\xe0\xba\xa5\xe0"
	 "\xba\xb2\xe0\xba\xa7", /* ພາສາລາວ */
	 NULL, "\xe0\xba\x9e\xe0\xba\xb2\xe0\xba\xaa\xe0\xba\xb2 | " /* ພາສາ */
	       "\xe0\xba\xa5\xe0\xba\xb2\xe0\xba\xa7",             /* ລາວ */
	 NULL},
	/* Mixed scripts in one word: each part. */
	{"\xe8\x8a\xaf\xe8\xbe\xbe\xe8\x8c\x82" "F"
	 "\xe5\xb9\xbf\xe5\x91\x8a\xe4\xbd\x8d", /* 芯达茂F广告位 */
	 NULL,
	 "\xe8\x8a\xaf\xe8\xbe\xbe\xe8\x8c\x82 | " /* 芯达茂 */
	 "\xe5\xb9\xbf\xe5\x91\x8a\xe4\xbd\x8d | " /* 广告位 */
	 "\xe8\x8a\xaf\xe8\xbe\xbe\xe8\x8c\x82" "F"
	 "\xe5\xb9\xbf\xe5\x91\x8a\xe4\xbd\x8d",
	 NULL},
	{"LG\xec\x9c\xa0\xed\x94\x8c\xeb\x9f\xac\xec\x8a\xa4 shares", /* LG유플러스 */
	 NULL,
	 "LG\xec\x9c\xa0\xed\x94\x8c\xeb\x9f\xac\xec\x8a\xa4 | "
	 "\xec\x9c\xa0\xed\x94\x8c\xeb\x9f\xac\xec\x8a\xa4 | LG",
	 NULL},
	/* Scripts run together with no space: each word (ICU keeps them
	 * as one). */
	{"\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbe" "r\xc3\xa9sum\xc3\xa9", /* правоrésumé */
	 NULL, "\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbe | resume | "
	       "r\xc3\xa9sum\xc3\xa9",
	 NULL},
	/* Greek and Cyrillic: folded, Cyrillic й keeps its breve. */
	{"\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac "
	 "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xbe\xd0\xb2\xd1\x81\xd0\xba"
	 "\xd0\xb8\xd0\xb9", /* Ελληνικά Московский */
	 NULL, "\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xb1 | "
	       "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xbe\xd0\xb2\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9",
	 "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xbe\xd0\xb2\xd1\x81\xd0\xba\xd0\xb8\xd0\xb8"},
};

#define NROWS (sizeof rows / sizeof rows[0])

static char *dir;
static folio_db *db;
static char ids[NROWS][8];

static void setup(void)
{
	fixture_doc docs[NROWS];
	for (size_t i = 0; i < NROWS; i++) {
		snprintf(ids[i], sizeof ids[i], "r%02zu", i);
		docs[i] = (fixture_doc){ids[i], "", rows[i].text, NULL};
	}
	db = fixture_index(&dir, docs, NROWS);
}

static void teardown(void)
{
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}

/* 1 if the space-separated list has the id. */
static int has_id(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; (p = strstr(p, id)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* Run each query of the " | "-separated list on row i: each must find
 * it (want 1) or must not (want 0). */
static void check_queries(size_t i, const char *list, int want)
{
	const char *p = list;
	while (p != NULL && *p) {
		const char *bar = strstr(p, " | ");
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char query[256];
		char *found;
		ck_assert_uint_lt(n, sizeof query);
		memcpy(query, p, n);
		query[n] = '\0';
		found = fixture_search_ids(db, query);
		ck_assert_msg(has_id(found, ids[i]) == want,
			      "row %zu ('%s'): the query '%s' %s it (hits: "
			      "'%s')",
			      i, rows[i].text, query,
			      want ? "does not find" : "finds", found);
		free(found);
		p = bar ? bar + 3 : NULL;
	}
}

/* The base terms of a text, space-separated. */
typedef struct term_list {
	char text[1024];
	size_t len;
} term_list;

static int add_term(const folio_token *t, void *payload)
{
	term_list *l = payload;
	if (t->flags & FOLIO_TOKEN_ALT)
		return 0;
	ck_assert_uint_lt(l->len + t->term_len + 2, sizeof l->text);
	if (l->len)
		l->text[l->len++] = ' ';
	memcpy(l->text + l->len, t->term, t->term_len);
	l->len += t->term_len;
	l->text[l->len] = '\0';
	return 0;
}

START_TEST(test_tokens_table__each_row_has_its_terms)
{
	const token_row *r = &rows[_i];
	term_list l = {"", 0};
	if (r->terms == NULL)
		return;
	ck_assert_folio_ok(folio_analyze(folio_db_analyzer(db), r->text,
					 strlen(r->text), add_term, &l));
	ck_assert_msg(strcmp(l.text, r->terms) == 0,
		      "row %d ('%s') has the terms '%s', expected '%s'", _i,
		      r->text, l.text, r->terms);
}
END_TEST

START_TEST(test_tokens_table__each_row_is_found_by_what_people_type)
{
	check_queries((size_t)_i, rows[_i].found_by, 1);
}
END_TEST

START_TEST(test_tokens_table__each_row_is_not_found_by_other_words)
{
	if (rows[_i].not_found_by)
		check_queries((size_t)_i, rows[_i].not_found_by, 0);
}
END_TEST

/* ---- Positions and offsets of the ALT forms ------------------------ */

typedef struct alt_list {
	char text[1024];
	size_t len;
	const char *input;
} alt_list;

static int add_alt(const folio_token *t, void *payload)
{
	alt_list *l = payload;
	int n;
	if (!(t->flags & FOLIO_TOKEN_ALT))
		return 0;
	n = snprintf(l->text + l->len, sizeof l->text - l->len,
		     "%s%.*s@%u+%u'%.*s'", l->len ? " " : "",
		     (int)t->term_len, t->term, t->position, t->span,
		     (int)(t->end - t->start), l->input + t->start);
	ck_assert_int_gt(n, 0);
	l->len += (size_t)n;
	ck_assert_uint_lt(l->len, sizeof l->text);
	return 0;
}

static const char *alts_of(const char *text)
{
	static alt_list l;
	l.len = 0;
	l.text[0] = '\0';
	l.input = text;
	ck_assert_folio_ok(folio_analyze(folio_db_analyzer(db), text,
					 strlen(text), add_alt, &l));
	return l.text;
}

START_TEST(test_tokens_alt__forms_cover_the_words_they_join)
{
	ck_assert_str_eq(alts_of("an e-mail"), "email@1+2'e-mail'");
	ck_assert_str_eq(alts_of("state-of-the-art"),
			 "stateoftheart@0+4'state-of-the-art'");
	ck_assert_str_eq(alts_of("C++ and .NET"), "c@0+1'C' net@2+1'NET'");
	ck_assert_str_eq(alts_of("hannam.ac.kr"),
			 "hannam.ac.kr@0+3'hannam.ac.kr'");
	/* 华为技: each pair of touching characters. */
	ck_assert_str_eq(alts_of("\xe5\x8d\x8e\xe4\xb8\xba\xe6\x8a\x80"),
			 "\xe5\x8d\x8e\xe4\xb8\xba@0+2'\xe5\x8d\x8e\xe4\xb8\xba' "
			 "\xe4\xb8\xba\xe6\x8a\x80@1+2'\xe4\xb8\xba\xe6\x8a\x80'");
	/* No pair across a space or punctuation. */
	ck_assert_str_eq(alts_of("\xe5\x8d\x8e \xe4\xb8\xba"), "");
	/* A dash with spaces is not a hyphen. */
	ck_assert_str_eq(alts_of("north - south"), "");
}
END_TEST

/* ---- Snippets highlight what matched, in every script ------------- */

/* The highlighted text of the snippet of text for query, "[a][b]". */
static const char *highlights(const char *query, const char *text)
{
	static char out[512];
	folio_query *q = NULL;
	folio_snippet *snip = NULL;
	size_t len = 0;
	const char *s;

	ck_assert_folio_ok(folio_query_parse(&q, db, query, NULL));
	ck_assert_folio_ok(
		folio_snippet_new(&snip, q, text, strlen(text), NULL));
	s = folio_snippet_text(snip, NULL);
	out[0] = '\0';
	for (size_t i = 0; i < folio_snippet_span_count(snip); i++) {
		size_t a, b;
		ck_assert_folio_ok(folio_snippet_span(snip, i, &a, &b));
		len += (size_t)snprintf(out + len, sizeof out - len, "[%.*s]",
					(int)(b - a), s + a);
		ck_assert_uint_lt(len, sizeof out);
	}
	folio_snippet_free(snip);
	folio_query_free(q);
	return out;
}

START_TEST(test_tokens_snippets__highlight_the_characters_that_matched)
{
	/* 华为 in 华为和华 为: the pair, not the lone 华 or 为. */
	ck_assert_str_eq(
		highlights("\xe5\x8d\x8e\xe4\xb8\xba",
			   "\xe5\x8d\x8e\xe4\xb8\xba\xe5\x92\x8c\xe5\x8d\x8e "
			   "\xe4\xb8\xba"),
		"[\xe5\x8d\x8e][\xe4\xb8\xba]");
	/* 한국 in 한국은: the word with its particle. */
	ck_assert_str_eq(highlights("\xed\x95\x9c\xea\xb5\xad",
				    "\xed\x95\x9c\xea\xb5\xad\xec\x9d\x80 "
				    "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"),
			 "[\xed\x95\x9c\xea\xb5\xad\xec\x9d\x80]");
	ck_assert_str_eq(highlights("email", "an e-mail, an email"),
			 "[e][mail][email]");
	ck_assert_str_eq(highlights("cafe", "Caf\xc3\xa9 and cafe"),
			 "[Caf\xc3\xa9][cafe]");
	ck_assert_str_eq(highlights("C++", "C++ and C"), "[C++]");
}
END_TEST

/* ---- The option to keep accents ------------------------------------ */

START_TEST(test_tokens_accents__kept_when_the_index_says_so)
{
	char *kdir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *kdb = NULL;
	folio_doc *doc = NULL;
	char *found;

	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.accents = FOLIO_ACCENTS_KEEP;
	ck_assert_folio_ok(folio_db_open(&kdb, kdir, &opts));
	ck_assert_folio_ok(folio_doc_new(&doc, "k1"));
	ck_assert_folio_ok(folio_doc_set_body(doc, "un caf\xc3\xa9", 8));
	ck_assert_folio_ok(folio_db_add(kdb, doc));
	folio_doc_free(doc);
	ck_assert_folio_ok(folio_db_commit(kdb));
	folio_db_free(kdb);

	/* Reopened without asking: the index says accents count. */
	ck_assert_folio_ok(folio_db_open(&kdb, kdir, NULL));
	found = fixture_search_ids(kdb, "caf\xc3\xa9");
	ck_assert_str_eq(found, "k1");
	free(found);
	found = fixture_search_ids(kdb, "cafe");
	ck_assert_str_eq(found, "");
	free(found);
	folio_db_free(kdb);

	/* Asking to ignore them now is refused, with what to do. */
	opts.flags = FOLIO_DB_READONLY;
	opts.accents = FOLIO_ACCENTS_IGNORE;
	ck_assert_int_eq(folio_db_open(&kdb, kdir, &opts), FOLIO_EINVALID);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "rebuild"));
	fixture_rmrf(kdir);
	free(kdir);
}
END_TEST

/* ---- A document in another language ------------------------------ */

START_TEST(test_tokens_languages__a_document_is_stemmed_in_its_own)
{
	static const char *const fr[] = {"lang=fr", NULL};
	static const char *const none[] = {NULL};
	/* "chevaux" stems to "cheval" in French, to itself in English. */
	fixture_doc docs[] = {
		{"fr", "", "Les chevaux sont nationaux.", fr},
		{"en", "", "The chevaux are here.", none},
	};
	char *ldir = NULL, *found;
	folio_db *ldb = fixture_index(&ldir, docs, 2);

	found = fixture_search_ids(ldb, "cheval");
	ck_assert_str_eq(found, "fr");
	free(found);
	/* Words the two languages stem alike still find both. */
	found = fixture_search_ids(ldb, "chevaux");
	ck_assert_ptr_nonnull(strstr(found, "fr"));
	ck_assert_ptr_nonnull(strstr(found, "en"));
	free(found);
	folio_db_free(ldb);
	fixture_rmrf(ldir);
	free(ldir);
}
END_TEST

static Suite *tokens_suite(void)
{
	Suite *s = suite_create("tokens");
	TCase *tc = tcase_create("table");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_tokens_table__each_row_has_its_terms, 0,
			    (int)NROWS);
	tcase_add_loop_test(tc,
			    test_tokens_table__each_row_is_found_by_what_people_type,
			    0, (int)NROWS);
	tcase_add_loop_test(tc,
			    test_tokens_table__each_row_is_not_found_by_other_words,
			    0, (int)NROWS);
	tcase_add_test(tc, test_tokens_alt__forms_cover_the_words_they_join);
	tcase_add_test(tc,
		       test_tokens_snippets__highlight_the_characters_that_matched);
	tcase_add_test(tc, test_tokens_accents__kept_when_the_index_says_so);
	tcase_add_test(tc,
		       test_tokens_languages__a_document_is_stemmed_in_its_own);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(tokens_suite());
}
