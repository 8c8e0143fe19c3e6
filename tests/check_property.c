/*
 * check_property.c - a property of the whole pipeline, tried on random
 * text in many scripts: any phrase cut from a document at word
 * boundaries, searched as a quoted phrase, finds that document, and the
 * document's snippet highlights exactly that phrase's words.
 *
 * This is DESIGN.md's first invariant ("whatever text a document
 * contains, typing that text as a query finds it, and the snippet
 * highlights exactly the words that matched") checked through the
 * public API only, so it holds the analyzer to it whatever the analyzer
 * does inside: the word boundaries come from folio_analyze()'s token
 * offsets, not from this file.
 *
 * Documents are made with a fixed seed from the small word lists below:
 * English, accented Latin, Cyrillic, Greek, Chinese, Japanese kana,
 * Korean Hangul, Thai, Arabic, and mixtures of them.  Each script is its
 * own test, so a failure names the script; a failing test lists the
 * first few phrases that failed and why, and goes on checking the rest,
 * so one run tells how many fail.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define DOCS 10      /* documents per script */
#define WORDS_MIN 20 /* words per document */
#define WORDS_MAX 40
#define PHRASES 4       /* phrases tried per document */
#define PHRASE_TOKENS 4 /* at most this many tokens in a phrase */
#define BODY_CAP 8192
#define REPORT_CAP 2048 /* bytes of failure examples kept */
#define REPORT_EXAMPLES 6

/* ---- The scripts ------------------------------------------------- */

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

/* A few stopwords and words that share stems ("pressure", "pressured"),
 * so that phrases also hold words a query might treat specially. */
static const char *const english[] = {
	"the",    "of",      "and",      "search",    "engine",    "Korea",
	"Huawei", "network", "pressure", "pressured", "equipment", "government",
	"market", "shares",  "report",   "security",  "trade",     "ally",
	"phone",  "carrier", "Seoul",    "data",      "cloud",     "signal",
	"towers", "policy",  "minister", "company",   "exports",   "running"};

/* Precomposed and one decomposed ("cafe" + U+0301) accented word. */
static const char *const latin[] = {
	"café",      "élève",   "façade",       "naïve",   "Ärger",
	"Übersicht", "straße",  "señor",        "niño",    "corazón",
	"João",      "coração", "Łódź",         "żółć",    "Dvořák",
	"garçon",    "über",    "fiancée",      "résumé",  "Škoda",
	"crème",     "brûlée",  "cafe\xCC\x81", "Øresund", "smörgåsbord"};

static const char *const cyrillic[] = {
	"Москва",     "Россия",        "поиск",    "система", "данные",
	"сеть",       "правительство", "компания", "рынок",   "ёлка",
	"объявление", "тщательно",     "Україна",  "їжак",    "ґанок",
	"давление",   "безопасность",  "телефон",  "в",       "и"};

static const char *const greek[] = {
	"Αθήνα",     "ελληνικά", "αναζήτηση", "σύστημα", "δεδομένα",
	"κυβέρνηση", "αγορά",    "τηλέφωνο",  "ΟΔΟΣ",    "λόγος",
	"ψυχή",      "Ωκεανός",  "φιλοσοφία", "και",     "της"};

/* Written without spaces, as Chinese is. */
static const char *const chinese[] = {
	"中国",   "韩国",     "美国",     "华为",     "设备", "政府",   "压力",
	"市场",   "网络",     "安全",     "公司",     "内核", "文档",   "搜索",
	"引擎",   "数据",     "我们",     "的",       "是",   "了",     "在",
	"服务器", "操作系统", "自由软件", "驱动程序", "内存", "调度器", "进程"};

/* Hiragana and katakana words, without spaces. */
static const char *const kana[] = {
	"ひらがな",     "カタカナ",     "こんにちは", "ありがとう",
	"コンピュータ", "ネットワーク", "さくら",     "すし",
	"テスト",       "データ",       "の",         "は",
	"を",           "です",         "ます",       "サーバー",
	"ソフトウェア", "メモリ",       "ドライバ",   "ファイル"};

/* Spaced words, nouns with particles attached as Korean writes them. */
static const char *const hangul[] = {"한국",   "서울",   "화웨이",   "정부",
				     "장비",   "압력",   "시장",     "네트워크",
				     "보안",   "회사",   "검색",     "엔진",
				     "데이터", "한국은", "서울에서", "미국의",
				     "정부가", "장비를", "대한민국", "커널"};

/* Written without spaces between words, as Thai is. */
static const char *const thai[] = {
	"ประเทศ", "ไทย",    "ภาษา", "คอมพิวเตอร์", "ข้อมูล",       "ระบบ",
	"ค้นหา",   "รัฐบาล",  "ตลาด", "เครือข่าย",   "บริษัท",       "ความ",
	"ปลอดภัย", "กรุงเทพ", "สวัสดี", "โทรศัพท์",    "หน่วยความจำ", "ไฟล์"};

/* One word with its short vowels written (كِتَاب). */
static const char *const arabic[] = {
	"البحث", "محرك",  "كوريا",  "الحكومة", "السوق", "الشبكة",
	"الأمن", "شركة",  "بيانات", "هاتف",    "عربي",  "مرحبا",
	"كتاب",  "مدرسة", "العالم", "كِتَاب",    "في",    "من"};

static const char *const punct_latin[] = {",", ".", ";", ":", "!"};
static const char *const punct_cjk[] = {"，", "。", "、", "！"};
static const char *const punct_arabic[] = {"،", ".", "؟"};
/* Thai marks the end of a phrase with a space. */
static const char *const punct_thai[] = {" "};

typedef struct script {
	const char *name;
	const char *const *words;
	size_t nwords;
	const char *sep; /* between words */
	const char *const *punct;
	size_t npunct;
} script;

static const script scripts[] = {
	{"english", english, COUNT(english), " ", punct_latin,
	 COUNT(punct_latin)},
	{"latin", latin, COUNT(latin), " ", punct_latin, COUNT(punct_latin)},
	{"cyrillic", cyrillic, COUNT(cyrillic), " ", punct_latin,
	 COUNT(punct_latin)},
	{"greek", greek, COUNT(greek), " ", punct_latin, COUNT(punct_latin)},
	{"chinese", chinese, COUNT(chinese), "", punct_cjk, COUNT(punct_cjk)},
	{"kana", kana, COUNT(kana), "", punct_cjk, COUNT(punct_cjk)},
	{"hangul", hangul, COUNT(hangul), " ", punct_latin, COUNT(punct_latin)},
	{"thai", thai, COUNT(thai), "", punct_thai, COUNT(punct_thai)},
	{"arabic", arabic, COUNT(arabic), " ", punct_arabic,
	 COUNT(punct_arabic)},
};

enum {
	ENGLISH,
	LATIN,
	CYRILLIC,
	GREEK,
	CHINESE,
	KANA,
	HANGUL,
	THAI,
	ARABIC,
	SCRIPTS
};

/* ---- Random text ------------------------------------------------- */

/* splitmix64: small, and the same sequence on every platform. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *state, size_t n)
{
	return (size_t)(next_random(state) % n);
}

typedef struct body {
	char text[BODY_CAP];
	size_t len;
} body;

static void append(body *b, const char *s)
{
	size_t n = strlen(s);
	ck_assert_msg(b->len + n < BODY_CAP,
		      "a test document outgrew %d "
		      "bytes",
		      BODY_CAP);
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
}

/*
 * Append n words of script sc, joined as the script joins them, with
 * punctuation after some.  A separator or punctuation is never left at
 * the end, so that whitespace never ends the text.
 */
static void append_words(body *b, uint64_t *rng, const script *sc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		append(b, sc->words[below(rng, sc->nwords)]);
		if (i + 1 == n)
			break;
		if (below(rng, 8) == 0 && strcmp(sc->punct[0], " ") != 0) {
			append(b, sc->punct[below(rng, sc->npunct)]);
			/* Spaced scripts put a space after punctuation. */
			if (*sc->sep != '\0')
				append(b, " ");
		} else if (below(rng, 8) == 0 && *sc->sep == '\0') {
			append(b, sc->punct[below(rng, sc->npunct)]);
		} else {
			append(b, sc->sep);
		}
	}
}

/* A document of one script. */
static void make_doc(body *b, uint64_t *rng, const script *sc)
{
	b->len = 0;
	b->text[0] = '\0';
	append_words(b, rng, sc,
		     WORDS_MIN + below(rng, WORDS_MAX - WORDS_MIN + 1));
}

/*
 * A document mixing scripts: runs of 1 to 4 words of one script, joined
 * by a space, or directly when the next run is of another script, as in
 * "使用Linux内核" or "データベースDB".
 */
static void make_mixed_doc(body *b, uint64_t *rng)
{
	size_t words = 0, want = WORDS_MIN + below(rng, WORDS_MAX - WORDS_MIN);
	size_t last = SCRIPTS;

	b->len = 0;
	b->text[0] = '\0';
	while (words < want) {
		size_t s = below(rng, SCRIPTS), n = 1 + below(rng, 4);
		if (last != SCRIPTS)
			append(b, s != last && below(rng, 2) ? "" : " ");
		append_words(b, rng, &scripts[s], n);
		words += n;
		last = s;
	}
}

/* ---- The property ------------------------------------------------ */

typedef struct token {
	size_t start, end;
	char stem[128];
} token;

typedef struct tokens {
	token *v;
	size_t n, cap;
} tokens;

static int collect(const folio_token *t, void *payload)
{
	tokens *ts = payload;
	token *tok;

	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? 2 * ts->cap : 64;
		ts->v = realloc(ts->v, ts->cap * sizeof *ts->v);
		ck_assert_ptr_nonnull(ts->v);
	}
	tok = &ts->v[ts->n++];
	tok->start = t->start;
	tok->end = t->end;
	snprintf(tok->stem, sizeof tok->stem, "%.*s", (int)t->stem_len,
		 t->stem);
	return 0;
}

static int by_offsets(const void *a, const void *b)
{
	const token *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* The failures of one test, with the first few described. */
typedef struct report {
	size_t tried, failed;
	char text[REPORT_CAP];
	size_t len;
} report;

static void report_failure(report *r, const char *phrase, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->failed++ >= REPORT_EXAMPLES || r->len + 1 >= REPORT_CAP)
		return;
	n = snprintf(r->text + r->len, REPORT_CAP - r->len, "\n  %s: ", phrase);
	if (n > 0)
		r->len = r->len + (size_t)n < REPORT_CAP ? r->len + (size_t)n
							 : REPORT_CAP - 1;
	va_start(ap, fmt);
	n = vsnprintf(r->text + r->len, REPORT_CAP - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len = r->len + (size_t)n < REPORT_CAP ? r->len + (size_t)n
							 : REPORT_CAP - 1;
}

/* 1 if the search results hold the document id. */
static int found(const folio_results *res, const char *id)
{
	for (size_t i = 0; i < folio_results_count(res); i++)
		if (strcmp(folio_doc_id(folio_results_doc(res, i)), id) == 0)
			return 1;
	return 0;
}

/* 1 if the spans of s cover every byte of [start, end). */
static int covered(const folio_snippet *s, size_t start, size_t end)
{
	size_t at = start;
	for (size_t i = 0; i < folio_snippet_span_count(s) && at < end; i++) {
		size_t a, b;
		folio_snippet_span(s, i, &a, &b);
		if (a <= at && b > at)
			at = b;
	}
	return at >= end;
}

/* 1 if stem is the stem of a token that lies within [start, end). */
static int stem_in(const tokens *ts, size_t start, size_t end, const char *stem)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].start >= start && ts->v[i].end <= end &&
		    strcmp(ts->v[i].stem, stem) == 0)
			return 1;
	return 0;
}

/*
 * Check the snippet of the document text b for the phrase made of the
 * tokens ts[from, to), which spans the bytes [start, end).  With room
 * for the whole text, the snippet is the text itself (the documents have
 * single spaces and no space at either end), so its spans are offsets
 * into the text.  Every token of the phrase must be covered by the
 * spans, and every span must hold only tokens whose stems are the
 * phrase's: nothing else is highlighted.
 */
static void check_snippet(report *r, const folio_query *q, const body *b,
			  const tokens *ts, size_t from, size_t to,
			  size_t start, size_t end, const char *phrase)
{
	folio_snippet_options opts = FOLIO_SNIPPET_OPTIONS_INIT;
	folio_snippet *s = NULL;
	const char *text;
	size_t len;

	opts.max_chars = 2 * BODY_CAP;
	ck_assert_folio_ok(folio_snippet_new(&s, q, b->text, b->len, &opts));
	text = folio_snippet_text(s, &len);
	if (len != b->len || memcmp(text, b->text, len) != 0) {
		report_failure(r, phrase,
			       "the snippet is not the whole document");
		goto out;
	}
	for (size_t i = from; i < to; i++) {
		if (!covered(s, ts->v[i].start, ts->v[i].end)) {
			report_failure(r, phrase,
				       "the word \"%.*s\" is not highlighted",
				       (int)(ts->v[i].end - ts->v[i].start),
				       b->text + ts->v[i].start);
			goto out;
		}
	}
	for (size_t i = 0; i < folio_snippet_span_count(s); i++) {
		size_t a, e, inside = 0;
		folio_snippet_span(s, i, &a, &e);
		for (size_t k = 0; k < ts->n; k++) {
			if (ts->v[k].start < a || ts->v[k].end > e)
				continue;
			inside++;
			if (!stem_in(ts, start, end, ts->v[k].stem)) {
				report_failure(r, phrase,
					       "\"%.*s\" is highlighted but "
					       "is not a word of the phrase",
					       (int)(e - a), text + a);
				goto out;
			}
		}
		if (inside == 0) {
			report_failure(r, phrase,
				       "the highlight \"%.*s\" holds no "
				       "whole word",
				       (int)(e - a), text + a);
			goto out;
		}
	}
out:
	folio_snippet_free(s);
}

/* Try PHRASES phrases cut from the document b, whose id is id. */
static void check_doc(report *r, folio_db *db, uint64_t *rng, const body *b,
		      const char *id)
{
	folio_search_options sopts = FOLIO_SEARCH_OPTIONS_INIT;
	tokens ts = {NULL, 0, 0};
	char query[BODY_CAP + 3];

	ck_assert_folio_ok(folio_analyze(folio_db_analyzer(db), b->text, b->len,
					 collect, &ts));
	ck_assert_msg(ts.n > 0, "the analyzer found no word in \"%s\"",
		      b->text);
	qsort(ts.v, ts.n, sizeof *ts.v, by_offsets);
	sopts.limit = DOCS + 1;

	for (int p = 0; p < PHRASES; p++) {
		size_t from = below(rng, ts.n), to, start, end;
		folio_query *q = NULL;
		folio_results *res = NULL;

		/* The tokens from..to-1 in order of offsets make the
		 * phrase: from the first's start to the furthest end. */
		to = from + 1 + below(rng, PHRASE_TOKENS);
		if (to > ts.n)
			to = ts.n;
		start = ts.v[from].start;
		end = start;
		for (size_t k = from; k < to; k++)
			if (ts.v[k].end > end)
				end = ts.v[k].end;
		snprintf(query, sizeof query, "\"%.*s\"", (int)(end - start),
			 b->text + start);
		r->tried++;

		if (folio_query_parse(&q, db, query, NULL) < 0) {
			report_failure(r, query, "the query does not parse: %s",
				       folio_error_last()->message);
			continue;
		}
		ck_assert_folio_ok(folio_db_search(&res, db, q, &sopts));
		if (!found(res, id))
			report_failure(r, query,
				       "not found in document %s (%s)", id,
				       folio_query_describe(q));
		else
			check_snippet(r, q, b, &ts, from, to, start, end,
				      query);
		folio_results_free(res);
		folio_query_free(q);
	}
	free(ts.v);
}

/*
 * Index DOCS documents of the script sc (mixed scripts when sc is NULL),
 * made with the seed, and check phrases cut from each.
 */
static void check_property(const script *sc, uint64_t seed)
{
	static body bodies[DOCS];
	fixture_doc docs[DOCS];
	char ids[DOCS][16];
	uint64_t rng = seed;
	report r = {0, 0, "", 0};
	char *dir = NULL;
	folio_db *db;

	for (int i = 0; i < DOCS; i++) {
		if (sc != NULL)
			make_doc(&bodies[i], &rng, sc);
		else
			make_mixed_doc(&bodies[i], &rng);
		snprintf(ids[i], sizeof ids[i], "doc%d", i);
		docs[i] = (fixture_doc){ids[i], NULL, bodies[i].text, NULL};
	}
	db = fixture_index(&dir, docs, DOCS);
	for (int i = 0; i < DOCS; i++)
		check_doc(&r, db, &rng, &bodies[i], ids[i]);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);

	ck_assert_msg(r.failed == 0, "%s: %zu of %zu phrases failed, e.g.:%s",
		      sc ? sc->name : "mixed", r.failed, r.tried, r.text);
	ck_assert_uint_ge(r.tried, DOCS * PHRASES);
}

/* ---- Tests ------------------------------------------------------- */

START_TEST(test_property_phrase__of_english_text_is_found_and_highlighted)
{
	check_property(&scripts[ENGLISH], 1);
}
END_TEST

START_TEST(test_property_phrase__of_diacritics_is_found_and_highlighted)
{
	check_property(&scripts[LATIN], 2);
}
END_TEST

START_TEST(test_property_phrase__of_cyrillic_text_is_found_and_highlighted)
{
	check_property(&scripts[CYRILLIC], 3);
}
END_TEST

START_TEST(test_property_phrase__of_greek_text_is_found_and_highlighted)
{
	check_property(&scripts[GREEK], 4);
}
END_TEST

START_TEST(test_property_phrase__of_chinese_text_is_found_and_highlighted)
{
	check_property(&scripts[CHINESE], 5);
}
END_TEST

START_TEST(test_property_phrase__of_japanese_kana_is_found_and_highlighted)
{
	check_property(&scripts[KANA], 6);
}
END_TEST

START_TEST(test_property_phrase__of_korean_hangul_is_found_and_highlighted)
{
	check_property(&scripts[HANGUL], 7);
}
END_TEST

START_TEST(test_property_phrase__of_thai_text_is_found_and_highlighted)
{
	check_property(&scripts[THAI], 8);
}
END_TEST

START_TEST(test_property_phrase__of_arabic_text_is_found_and_highlighted)
{
	check_property(&scripts[ARABIC], 9);
}
END_TEST

START_TEST(test_property_phrase__of_mixed_scripts_is_found_and_highlighted)
{
	check_property(NULL, 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("property");
	const TTest *tests[] = {
		test_property_phrase__of_english_text_is_found_and_highlighted,
		test_property_phrase__of_diacritics_is_found_and_highlighted,
		test_property_phrase__of_cyrillic_text_is_found_and_highlighted,
		test_property_phrase__of_greek_text_is_found_and_highlighted,
		test_property_phrase__of_chinese_text_is_found_and_highlighted,
		test_property_phrase__of_japanese_kana_is_found_and_highlighted,
		test_property_phrase__of_korean_hangul_is_found_and_highlighted,
		test_property_phrase__of_thai_text_is_found_and_highlighted,
		test_property_phrase__of_arabic_text_is_found_and_highlighted,
		test_property_phrase__of_mixed_scripts_is_found_and_highlighted,
	};

	FIXTURE_ADD_TCASE(s, "phrases", tests);
	return fixture_run(s);
}
