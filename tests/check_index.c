/*
 * check_index.c - the index: adding, replacing and deleting documents,
 * commits and what readers see of them, stored documents, figures, the
 * language an index is built with, and that a folio index is a standard
 * Xapian database that Xapian's own tools read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- Helpers ------------------------------------------------------ */

static folio_db *open_db(const char *dir, unsigned flags, const char *lang)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;
	opts.flags = flags;
	opts.language = lang;
	ck_assert_folio_ok(folio_db_open(&db, dir, &opts));
	ck_assert_ptr_nonnull(db);
	return db;
}

static folio_db *open_writer(const char *dir)
{
	return open_db(dir, FOLIO_DB_WRITABLE | FOLIO_DB_CREATE, NULL);
}

static folio_db *open_reader(const char *dir)
{
	return open_db(dir, FOLIO_DB_READONLY, NULL);
}

static void add(folio_db *db, const char *id, const char *title,
		const char *body)
{
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_doc_new(&doc, id));
	if (title)
		ck_assert_folio_ok(folio_doc_set_title(doc, title));
	if (body)
		ck_assert_folio_ok(folio_doc_set_body(doc, body, strlen(body)));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
}

static uint64_t count_docs(folio_db *db)
{
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	return stats.documents;
}

/* Assert the ids query finds on db, in rank order. */
static void assert_hits(folio_db *db, const char *query, const char *ids)
{
	char *got = fixture_search_ids(db, query);
	ck_assert_msg(strcmp(got, ids) == 0,
		      "query \"%s\" found \"%s\", expected \"%s\"", query, got,
		      ids);
	free(got);
}

/* dir + "/" + name; caller frees. */
static char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	ck_assert_ptr_nonnull(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

/* The whole of a small file, NUL-terminated; caller frees. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap + 1);
	ck_assert_ptr_nonnull(buf);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* 1 if the line-oriented text has a line that is exactly line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n' || p[-1] == ' ') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static const char *const korea_fields[] = {
	"source=South China Morning Post", "date=2019-05-24", NULL};

static const fixture_doc korea_docs[] = {
	{"korea", "US pressure on Seoul over Huawei",
	 "The United States is turning up the heat on its ally South Korea "
	 "over Huawei.",
	 korea_fields},
	{"europe", "Carriers in Europe",
	 "Operators weigh the cost of replacing equipment in their "
	 "networks.",
	 NULL},
};

/* ---- Adding, replacing, deleting ---------------------------------- */

START_TEST(test_index_add__makes_the_document_searchable)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	assert_hits(db, "huawei", "korea");
	assert_hits(db, "operators", "europe");
	/* Title words are found by a plain query too. */
	assert_hits(db, "seoul", "korea");
	assert_hits(db, "carriers", "europe");
	assert_hits(db, "zte", "");
	ck_assert_uint_eq(count_docs(db), 2);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_add__replaces_a_document_with_the_same_id)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	add(db, "a", "Apples", "apples and pears");
	add(db, "b", "Other", "cherries");
	ck_assert_folio_ok(folio_db_commit(db));
	add(db, "a", "Bananas", "bananas and kiwis");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_reader(dir);
	ck_assert_uint_eq(count_docs(db), 2);
	assert_hits(db, "bananas", "a");
	assert_hits(db, "kiwis", "a");
	/* The old words no longer match, in the body or the title. */
	assert_hits(db, "pears", "");
	assert_hits(db, "apples", "");
	assert_hits(db, "cherries", "b");
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_db_get(&doc, db, "a"));
	ck_assert_str_eq(folio_doc_title(doc), "Bananas");
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_add__twice_before_a_commit_keeps_only_the_second)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	add(db, "a", NULL, "first version");
	add(db, "a", NULL, "second version");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_reader(dir);
	ck_assert_uint_eq(count_docs(db), 1);
	assert_hits(db, "first", "");
	assert_hits(db, "second", "a");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_add__ids_are_matched_exactly)
{
	/* One id a prefix of another, ids with spaces, case and
	 * non-ASCII: each is its own document. */
	static const char *const ids[] = {"doc1", "doc10", "Doc1",
					  "doc 1", "dôc1", "doc1/x"};
	size_t n = sizeof ids / sizeof *ids;
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	for (size_t i = 0; i < n; i++)
		add(db, ids[i], ids[i], "shared words");
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_uint_eq(count_docs(db), n);
	ck_assert_folio_ok(folio_db_delete(db, "doc1"));
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_reader(dir);
	ck_assert_uint_eq(count_docs(db), n - 1);
	folio_doc *doc = NULL;
	ck_assert_int_eq(folio_db_get(&doc, db, "doc1"), FOLIO_ENOTFOUND);
	for (size_t i = 1; i < n; i++) {
		ck_assert_folio_ok(folio_db_get(&doc, db, ids[i]));
		ck_assert_str_eq(folio_doc_id(doc), ids[i]);
		ck_assert_str_eq(folio_doc_title(doc), ids[i]);
		folio_doc_free(doc);
	}
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_delete__removes_the_document)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	db = open_writer(dir);
	ck_assert_folio_ok(folio_db_delete(db, "korea"));
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_reader(dir);
	ck_assert_uint_eq(count_docs(db), 1);
	assert_hits(db, "huawei", "");
	assert_hits(db, "seoul", "");
	assert_hits(db, "operators", "europe");
	folio_doc *doc = (folio_doc *)(void *)&dir;
	ck_assert_int_eq(folio_db_get(&doc, db, "korea"), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_delete__an_unknown_id_is_enotfound)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	db = open_writer(dir);
	ck_assert_int_eq(folio_db_delete(db, "no-such-doc"), FOLIO_ENOTFOUND);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message,
				     "no-such-doc"));
	/* Deleting twice: the second time there is nothing to delete. */
	ck_assert_folio_ok(folio_db_delete(db, "korea"));
	ck_assert_int_eq(folio_db_delete(db, "korea"), FOLIO_ENOTFOUND);
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_uint_eq(count_docs(db), 1);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Commits ------------------------------------------------------ */

START_TEST(test_index_commit__uncommitted_changes_are_invisible_to_readers)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db *early = db; /* opened before the changes */
	folio_db *writer = open_writer(dir);
	add(writer, "new", "Nokia", "nokia ericsson");
	ck_assert_folio_ok(folio_db_delete(writer, "europe"));

	folio_db *late = open_reader(dir); /* opened after, before commit */
	ck_assert_uint_eq(count_docs(late), 2);
	assert_hits(late, "nokia", "");
	assert_hits(late, "operators", "europe");
	ck_assert_folio_ok(folio_db_reopen(early));
	assert_hits(early, "nokia", "");
	assert_hits(early, "operators", "europe");

	ck_assert_folio_ok(folio_db_commit(writer));
	/* Committed: a reader sees it once it reopens. */
	ck_assert_folio_ok(folio_db_reopen(early));
	ck_assert_uint_eq(count_docs(early), 2);
	assert_hits(early, "nokia", "new");
	assert_hits(early, "operators", "");
	folio_db *after = open_reader(dir);
	assert_hits(after, "nokia", "new");
	assert_hits(after, "operators", "");

	folio_db_free(after);
	folio_db_free(late);
	folio_db_free(early);
	folio_db_free(writer);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_free__discards_uncommitted_changes)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);

	db = open_writer(dir);
	add(db, "new", "Nokia", "nokia ericsson");
	add(db, "korea", "Superseded", "superseded text");
	ck_assert_folio_ok(folio_db_delete(db, "europe"));
	folio_db_free(db); /* no commit */

	db = open_reader(dir);
	ck_assert_uint_eq(count_docs(db), 2);
	assert_hits(db, "nokia", "");
	assert_hits(db, "superseded", "");
	assert_hits(db, "huawei", "korea");
	assert_hits(db, "operators", "europe");
	folio_db_free(db);

	/* The next writer starts from the last commit too. */
	db = open_writer(dir);
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_uint_eq(count_docs(db), 2);
	folio_db_free(db);
	db = open_reader(dir);
	assert_hits(db, "nokia", "");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_commit__each_commit_adds_to_the_last)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	add(db, "a", NULL, "alpha");
	ck_assert_folio_ok(folio_db_commit(db));
	add(db, "b", NULL, "beta");
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_folio_ok(folio_db_commit(db)); /* nothing to commit */
	ck_assert_uint_eq(count_docs(db), 2);
	folio_db_free(db);
	db = open_reader(dir);
	assert_hits(db, "alpha", "a");
	assert_hits(db, "beta", "b");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Stored documents --------------------------------------------- */

START_TEST(test_index_get__returns_the_stored_title_body_and_fields)
{
	/* Newlines, backslashes, escapes and lines that look like the
	 * stored form itself must all come back byte for byte. */
	static const char body[] =
		"first line\n"
		"id=evil\n"
		"title=Not the title\n"
		"body=not the body\n"
		"source=not a field\n"
		"key=value\n"
		"a backslash \\ and \\\\ two, \\n not a newline\n"
		"\n"
		"\r\n"
		"tab\there\n"
		"ends with a backslash \\";
	static const char *const fields[] = {
		"source=Yonhap = News\\Agency",
		"date=2019-05-23",
		"note=two\nlines \\n and a \\",
		"url=https://example.org/?a=b&c=d",
		NULL,
	};
	fixture_doc docs[] = {
		{"doc=1\\x", "Title with = and \\ in it", body, fields},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 1);
	folio_doc *doc = NULL;
	size_t len = 0;
	ck_assert_folio_ok(folio_db_get(&doc, db, "doc=1\\x"));
	ck_assert_str_eq(folio_doc_id(doc), "doc=1\\x");
	ck_assert_str_eq(folio_doc_title(doc), "Title with = and \\ in it");
	const char *got = folio_doc_body(doc, &len);
	ck_assert_uint_eq(len, sizeof body - 1);
	ck_assert_msg(memcmp(got, body, len) == 0, "body came back as \"%.*s\"",
		      (int)len, got);
	ck_assert_uint_eq(folio_doc_field_count(doc), 4);
	for (size_t i = 0; i < 4; i++) {
		const char *name = NULL, *value = NULL;
		const char *eq = strchr(fields[i], '=');
		ck_assert_folio_ok(folio_doc_field_at(doc, i, &name, &value));
		ck_assert_uint_eq(strlen(name), (size_t)(eq - fields[i]));
		ck_assert_int_eq(strncmp(name, fields[i], strlen(name)), 0);
		ck_assert_str_eq(value, eq + 1);
	}
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_get__keeps_nul_bytes_and_invalid_utf8_in_the_body)
{
	static const char body[] = {'a', '\0', 'b', '\n', '\xff', '\xfe',
				    '\\', '\0', 'n', '\xc3'};
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	folio_doc *doc = NULL;
	size_t len = 0;
	ck_assert_folio_ok(folio_doc_new(&doc, "bin"));
	ck_assert_folio_ok(folio_doc_set_body(doc, body, sizeof body));
	ck_assert_folio_ok(folio_db_add(db, doc));
	folio_doc_free(doc);
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	db = open_reader(dir);
	ck_assert_folio_ok(folio_db_get(&doc, db, "bin"));
	const char *got = folio_doc_body(doc, &len);
	ck_assert_uint_eq(len, sizeof body);
	ck_assert_int_eq(memcmp(got, body, sizeof body), 0);
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_get__an_empty_document_comes_back_empty)
{
	fixture_doc docs[] = {{"empty", NULL, NULL, NULL}};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 1);
	folio_doc *doc = NULL;
	size_t len = 99;
	ck_assert_folio_ok(folio_db_get(&doc, db, "empty"));
	ck_assert_str_eq(folio_doc_id(doc), "empty");
	ck_assert_str_eq(folio_doc_title(doc), "");
	folio_doc_body(doc, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(folio_doc_field_count(doc), 0);
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_get__an_unknown_id_is_enotfound)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_doc *doc = NULL;
	ck_assert_int_eq(folio_db_get(&doc, db, "Korea"), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "Korea"));
	/* The document is a copy: freeing it leaves the index alone. */
	ck_assert_folio_ok(folio_db_get(&doc, db, "korea"));
	folio_doc_free(doc);
	ck_assert_folio_ok(folio_db_get(&doc, db, "korea"));
	ck_assert_str_eq(folio_doc_field(doc, "source"),
			 "South China Morning Post");
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Figures and language ----------------------------------------- */

START_TEST(test_index_stats__count_documents_and_report_the_language)
{
	/* Bodies of 2, 4 and 6 words and no titles: 4 words on average. */
	fixture_doc docs[] = {
		{"two", NULL, "alpha beta", NULL},
		{"four", NULL, "alpha beta gamma delta", NULL},
		{"six", NULL, "alpha beta gamma delta epsilon zeta", NULL},
	};
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, docs, 3);
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_uint_eq(stats.version, FOLIO_DB_STATS_VERSION);
	ck_assert_uint_eq(stats.documents, 3);
	/* At least the six distinct words (and the ids, stems...). */
	ck_assert_uint_ge(stats.terms, 6);
	ck_assert_msg(stats.average_length > 3.99 &&
			      stats.average_length < 4.01,
		      "average length %g, expected 4 words",
		      stats.average_length);
	ck_assert_uint_gt(stats.size_bytes, 0);
	ck_assert_str_eq(stats.language, "english");
	ck_assert_ptr_nonnull(stats.unicode_version);
	ck_assert_str_ne(stats.unicode_version, "");
	ck_assert_uint_eq(stats.format, 3);
	/* A struct of version 1 is filled up to its end, and no further:
	 * format lies past it, and keeps what the caller put there. */
	folio_db_stats v1 = FOLIO_DB_STATS_INIT;
	v1.version = 1;
	v1.format = 9;
	ck_assert_folio_ok(folio_db_stats_get(&v1, db));
	ck_assert_uint_eq(v1.documents, 3);
	ck_assert_uint_eq(v1.format, 9);
	folio_db_free(db);

	db = open_writer(dir);
	ck_assert_folio_ok(folio_db_delete(db, "six"));
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_uint_eq(stats.documents, 2);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_stats__of_a_new_index_are_zero)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_commit(db));
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_uint_eq(stats.documents, 0);
	ck_assert_uint_eq(stats.terms, 0);
	ck_assert(stats.average_length == 0.0);
	ck_assert_str_eq(stats.language, "english");
	/* A caller that did not set the version is told so. */
	folio_db_stats bad = FOLIO_DB_STATS_INIT;
	bad.version = 0;
	ck_assert_int_eq(folio_db_stats_get(&bad, db), FOLIO_EINVALID);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_open__a_french_index_reopens_as_french)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_db(dir, FOLIO_DB_WRITABLE | FOLIO_DB_CREATE,
			       "french");
	add(db, "fr", "Séoul", "Les États-Unis font pression sur Séoul.");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);

	/* No language asked for: the index's own. */
	db = open_reader(dir);
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_str_eq(stats.language, "french");
	ck_assert_str_eq(folio_analyzer_language(folio_db_analyzer(db)),
			 "french");
	assert_hits(db, "pression", "fr");
	folio_db_free(db);

	/* The same language by its ISO code is the same language. */
	db = open_db(dir, FOLIO_DB_READONLY, "fr");
	folio_db_free(db);
	db = open_db(dir, FOLIO_DB_WRITABLE, "french");
	folio_db_free(db);

	/* Another language is refused, read-only or writable, and the
	 * index keeps its own. */
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.language = "english";
	db = (folio_db *)(void *)&opts;
	ck_assert_int_eq(folio_db_open(&db, dir, &opts), FOLIO_EINVALID);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "french"));
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	ck_assert_int_eq(folio_db_open(&db, dir, &opts), FOLIO_EINVALID);
	ck_assert_ptr_null(db);
	db = open_reader(dir);
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_str_eq(stats.language, "french");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_open__a_new_index_is_english_by_default)
{
	char *dir = fixture_tmpdir();
	folio_db *db = open_writer(dir);
	ck_assert_str_eq(folio_analyzer_language(folio_db_analyzer(db)),
			 "english");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	db = open_db(dir, FOLIO_DB_READONLY, "english");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- A standard Xapian database ----------------------------------- */

/* Xapian's tools are a dependency of the tests (xapian-tools, installed
 * by scripts/install-deps.sh): fail, not skip, when they are missing,
 * so that a machine without them cannot pass these tests unchecked. */
static void have_tools(void)
{
	ck_assert_msg(system("command -v xapian-check >/dev/null 2>&1 && "
			     "command -v xapian-delve >/dev/null 2>&1 && "
			     "command -v xapian-metadata >/dev/null 2>&1") ==
			      0,
		      "xapian-check, xapian-delve or xapian-metadata is not on "
		      "PATH: install xapian-tools (scripts/install-deps.sh)");
}

/* Overwrite one setting the index records, with Xapian's own tool. */
static void set_setting(const char *dir, const char *key, const char *value)
{
	char cmd[8192];
	have_tools();
	snprintf(cmd, sizeof cmd, "xapian-metadata set '%s' '%s' '%s'", dir,
		 key, value);
	ck_assert_msg(system(cmd) == 0, "could not run: %s", cmd);
}

START_TEST(test_index_settings__an_unknown_format_is_eversion)
{
	char *dir = NULL;
	folio_db_free(fixture_index(&dir, korea_docs, 2));
	set_setting(dir, "folio.format", "99");
	folio_db *db = NULL;
	ck_assert_int_eq(folio_db_open(&db, dir, NULL), FOLIO_EVERSION);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(folio_error_last()->message, "rebuild"));
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_settings__other_text_folding_is_eversion)
{
	char *dir = NULL;
	folio_db_free(fixture_index(&dir, korea_docs, 2));
	set_setting(dir, "folio.folding", "lowercase");
	folio_db *db = NULL;
	ck_assert_int_eq(folio_db_open(&db, dir, NULL), FOLIO_EVERSION);
	ck_assert_ptr_nonnull(
		strstr(folio_error_last()->message, "'lowercase'"));
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_settings__another_unicode_version_opens_with_a_warning)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	/* Built with this Unicode: no warning. */
	ck_assert_ptr_null(folio_db_warning(db));
	folio_db_free(db);
	set_setting(dir, "folio.unicode", "6.0");
	db = open_reader(dir);
	const char *warning = folio_db_warning(db);
	ck_assert_ptr_nonnull(warning);
	ck_assert_ptr_nonnull(strstr(warning, "Unicode 6.0"));
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_str_eq(stats.unicode_version, "6.0");
	/* Searching still works. */
	assert_hits(db, "korea", "korea");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_settings__the_recorded_language_is_used_for_queries)
{
	/* A French index opened with no language stems queries in French:
	 * "continuellement" finds "continuel" only through French stems. */
	char *dir = fixture_tmpdir();
	folio_db *db = open_db(dir, FOLIO_DB_WRITABLE | FOLIO_DB_CREATE,
			       "french");
	add(db, "fr", NULL, "Il parle continuel.");
	ck_assert_folio_ok(folio_db_commit(db));
	folio_db_free(db);
	db = open_reader(dir);
	assert_hits(db, "continuellement", "fr");
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_index_xapian__check_and_delve_read_a_folio_index)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	have_tools();
	char *scratch = fixture_tmpdir();
	char *check_out = path_join(scratch, "check.out");
	char *delve_out = path_join(scratch, "delve.out");
	char cmd[8192];

	snprintf(cmd, sizeof cmd, "xapian-check '%s' >'%s' 2>&1", dir,
		 check_out);
	int rc = system(cmd);
	char *text = read_file(check_out);
	ck_assert_msg(rc == 0, "xapian-check failed:\n%s", text);
	ck_assert_msg(strstr(text, "No errors found") != NULL,
		      "xapian-check said:\n%s", text);
	free(text);

	/* -a lists every term, one a line. */
	snprintf(cmd, sizeof cmd, "xapian-delve -a -1 '%s' >'%s' 2>&1", dir,
		 delve_out);
	rc = system(cmd);
	text = read_file(delve_out);
	ck_assert_msg(rc == 0, "xapian-delve failed:\n%s", text);
	/* Q<id> for the unique ids, S for title words, Z for stems:
	 * Xapian's (omega's) conventions. */
	ck_assert_msg(has_line(text, "Qkorea"), "no term Qkorea in:\n%s",
		      text);
	ck_assert_msg(has_line(text, "Qeurope"), "no term Qeurope in:\n%s",
		      text);
	ck_assert_msg(has_line(text, "Sseoul"), "no term Sseoul in:\n%s",
		      text);
	ck_assert_msg(has_line(text, "Zkorea"), "no term Zkorea in:\n%s",
		      text);
	free(text);

	/* Each unique id term indexes exactly one document. */
	snprintf(cmd, sizeof cmd, "xapian-delve -t Qkorea '%s' >'%s' 2>&1",
		 dir, delve_out);
	rc = system(cmd);
	text = read_file(delve_out);
	ck_assert_msg(rc == 0, "xapian-delve -t failed:\n%s", text);
	ck_assert_msg(strstr(text, "termfreq 1") != NULL,
		      "Qkorea does not index one document:\n%s", text);
	free(text);

	fixture_rmrf(scratch);
	free(scratch);
	free(check_out);
	free(delve_out);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

static Suite *index_suite(void)
{
	const TTest *add_and_delete_tests[] = {
		test_index_add__makes_the_document_searchable,
		test_index_add__replaces_a_document_with_the_same_id,
		test_index_add__twice_before_a_commit_keeps_only_the_second,
		test_index_add__ids_are_matched_exactly,
		test_index_delete__removes_the_document,
		test_index_delete__an_unknown_id_is_enotfound,
	};
	const TTest *commit_tests[] = {
		test_index_commit__uncommitted_changes_are_invisible_to_readers,
		test_index_free__discards_uncommitted_changes,
		test_index_commit__each_commit_adds_to_the_last,
	};
	const TTest *get_tests[] = {
		test_index_get__returns_the_stored_title_body_and_fields,
		test_index_get__keeps_nul_bytes_and_invalid_utf8_in_the_body,
		test_index_get__an_empty_document_comes_back_empty,
		test_index_get__an_unknown_id_is_enotfound,
	};
	const TTest *stats_and_language_tests[] = {
		test_index_stats__count_documents_and_report_the_language,
		test_index_stats__of_a_new_index_are_zero,
		test_index_open__a_french_index_reopens_as_french,
		test_index_open__a_new_index_is_english_by_default,
	};
	const TTest *settings_tests[] = {
		test_index_settings__an_unknown_format_is_eversion,
		test_index_settings__other_text_folding_is_eversion,
		test_index_settings__another_unicode_version_opens_with_a_warning,
		test_index_settings__the_recorded_language_is_used_for_queries,
	};
	const TTest *xapian_tests[] = {
		test_index_xapian__check_and_delve_read_a_folio_index,
	};
	Suite *s = suite_create("index");

	FIXTURE_ADD_TCASE(s, "add and delete", add_and_delete_tests);
	FIXTURE_ADD_TCASE(s, "commit", commit_tests);
	FIXTURE_ADD_TCASE(s, "get", get_tests);
	FIXTURE_ADD_TCASE(s, "stats and language", stats_and_language_tests);
	FIXTURE_ADD_TCASE(s, "settings", settings_tests);
	FIXTURE_ADD_TCASE(s, "xapian", xapian_tests);
	return s;
}

int main(void)
{
	return fixture_run(index_suite());
}
