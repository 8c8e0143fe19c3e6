/*
 * check_errors.c - how folio fails: the codes and messages of missing,
 * locked, corrupt and foreign indexes, misuse of handles, NULL
 * arguments, and the per-thread last error itself.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

/* ---- Helpers ------------------------------------------------------ */

/* A non-NULL pointer value that no allocation returns, to see that a
 * failed call sets its out-parameter to NULL. */
static char sentinel;
#define NOT_NULL(type) ((type *)(void *)&sentinel)

/* dir + "/" + name; caller frees. */
static char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	ck_assert_ptr_nonnull(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static folio_db *open_writable(const char *path, int create)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;
	opts.flags = FOLIO_DB_WRITABLE | (create ? FOLIO_DB_CREATE : 0);
	ck_assert_folio_ok(folio_db_open(&db, path, &opts));
	ck_assert_ptr_nonnull(db);
	return db;
}

/* Assert that the last error has code and a message containing part. */
static void assert_error(int code, const char *part)
{
	const folio_error *e = folio_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, code);
	ck_assert_ptr_nonnull(e->message);
	ck_assert_msg(strstr(e->message, part) != NULL,
		      "message \"%s\" does not mention \"%s\"", e->message,
		      part);
}

static const fixture_doc korea_docs[] = {
	{"korea", "US presses Seoul over Huawei",
	 "The United States is pressing South Korea to keep Huawei out.",
	 NULL},
	{"europe", "Carriers in Europe", "Operators weigh their 5G options.",
	 NULL},
};

/* ---- Missing indexes ---------------------------------------------- */

START_TEST(test_errors_missing__index_is_enotfound_naming_the_path)
{
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "no-such-index");
	folio_db *db = NOT_NULL(folio_db);
	ck_assert_int_eq(folio_db_open(&db, path, NULL), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ENOTFOUND, path);
	ck_assert_int_eq(folio_error_last()->column, 0);
	/* Looking did not create anything. */
	ck_assert(!exists(path));
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_missing__index_is_enotfound_for_a_writer_too)
{
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "no-such-index");
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NOT_NULL(folio_db);
	opts.flags = FOLIO_DB_WRITABLE;
	ck_assert_int_eq(folio_db_open(&db, path, &opts), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ENOTFOUND, path);
	ck_assert(!exists(path));
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_missing__index_in_an_empty_directory_is_enotfound)
{
	char *dir = fixture_tmpdir();
	folio_db *db = NOT_NULL(folio_db);
	ck_assert_int_eq(folio_db_open(&db, dir, NULL), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ENOTFOUND, dir);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Locks -------------------------------------------------------- */

START_TEST(test_errors_locked__second_writer_waits_for_the_first)
{
	char *dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *first = open_writable(dir, 1);
	folio_db *second = NOT_NULL(folio_db);
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	ck_assert_int_eq(folio_db_open(&second, dir, &opts), FOLIO_ELOCKED);
	ck_assert_ptr_null(second);
	assert_error(FOLIO_ELOCKED, dir);
	opts.flags = FOLIO_DB_WRITABLE;
	ck_assert_int_eq(folio_db_open(&second, dir, &opts), FOLIO_ELOCKED);
	ck_assert_ptr_null(second);

	/* Readers are not locked out by the writer. */
	folio_db *reader = NULL;
	ck_assert_folio_ok(folio_db_open(&reader, dir, NULL));
	folio_db_free(reader);

	folio_db_free(first);
	second = open_writable(dir, 0);
	folio_db_free(second);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Damaged and foreign indexes ---------------------------------- */

/* Overwrite every file of the index in dir with junk of the same size
 * (at least 64 bytes), or with nothing at all if empty is set. */
static void damage_index(const char *dir, int empty)
{
	static const char *const files[] = {
		"iamglass",      "postlist.glass", "termlist.glass",
		"docdata.glass", "position.glass", "record.glass",
		"spelling.glass", "synonym.glass",
	};
	char junk[8192];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)((i * 131 + 7) % 251);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *path = path_join(dir, files[i]);
		struct stat st;
		if (stat(path, &st) == 0) {
			size_t len = (size_t)st.st_size;
			if (len < 64)
				len = 64;
			if (len > sizeof junk)
				len = sizeof junk;
			write_file(path, junk, empty ? 0 : len);
		}
		free(path);
	}
}

/*
 * Use a damaged index every way a reader can.  Each call must return an
 * error code or succeed; none may crash (Check runs each test in its
 * own process and reports a crash as an error).
 */
static void use_damaged_index(const char *dir)
{
	folio_db *db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, dir, NULL);
	if (rc < 0) {
		ck_assert_ptr_null(db);
		ck_assert_str_ne(folio_error_last()->message, "");
		ck_assert_msg(rc == FOLIO_ECORRUPT || rc == FOLIO_EVERSION ||
				      rc == FOLIO_EIO || rc == FOLIO_ERROR,
			      "opening a damaged index gave %d (%s): %s", rc,
			      folio_error_name(rc),
			      folio_error_last()->message);
		return;
	}
	/* Xapian reads lazily: the damage may show only now. */
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	folio_doc *doc = NOT_NULL(folio_doc);
	folio_query *query = NULL;
	folio_results *results = NULL;
	rc = folio_db_stats_get(&stats, db);
	ck_assert_int_le(rc, 0);
	rc = folio_db_get(&doc, db, "korea");
	ck_assert_int_le(rc, 0);
	if (rc < 0)
		ck_assert_ptr_null(doc);
	folio_doc_free(doc);
	rc = folio_query_parse(&query, db, "huawei", NULL);
	ck_assert_int_le(rc, 0);
	if (rc == 0) {
		rc = folio_db_search(&results, db, query, NULL);
		ck_assert_int_le(rc, 0);
		if (rc < 0)
			ck_assert_ptr_null(results);
	}
	folio_results_free(results);
	folio_query_free(query);
	folio_db_free(db);
}

START_TEST(test_errors_corrupt__index_is_an_error_not_a_crash)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	damage_index(dir, 0);
	use_damaged_index(dir);

	/* A writer must not crash either, nor make it worse silently. */
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.flags = FOLIO_DB_WRITABLE;
	db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, dir, &opts);
	ck_assert_int_le(rc, 0);
	if (rc < 0)
		ck_assert_ptr_null(db);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_corrupt__junk_in_iamglass_is_ecorrupt)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	char *version = path_join(dir, "iamglass");
	write_file(version, "this is not a Xapian version file\n", 34);
	db = NOT_NULL(folio_db);
	ck_assert_int_eq(folio_db_open(&db, dir, NULL), FOLIO_ECORRUPT);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ECORRUPT, dir);
	free(version);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_corrupt__empty_index_files_are_an_error)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	damage_index(dir, 1);
	use_damaged_index(dir);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_foreign__empty_iamglass_alone_is_a_clear_error)
{
	char *dir = fixture_tmpdir();
	char *version = path_join(dir, "iamglass");
	write_file(version, "", 0);
	folio_db *db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, dir, NULL);
	ck_assert_msg(rc == FOLIO_ECORRUPT || rc == FOLIO_ENOTFOUND,
		      "opening a directory with an empty iamglass gave %d: %s",
		      rc, folio_error_last()->message);
	ck_assert_ptr_null(db);
	assert_error(rc, dir);
	free(version);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_foreign__plain_file_for_an_index_is_a_clear_error)
{
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "notes.txt");
	write_file(path, "Huawei and Korea\nnot an index\n", 30);

	folio_db *db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, path, NULL);
	ck_assert_msg(rc == FOLIO_ECORRUPT || rc == FOLIO_ENOTFOUND ||
			      rc == FOLIO_EINVALID,
		      "opening a plain file gave %d: %s", rc,
		      folio_error_last()->message);
	ck_assert_ptr_null(db);
	assert_error(rc, path);

	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	db = NOT_NULL(folio_db);
	rc = folio_db_open(&db, path, &opts);
	ck_assert_msg(rc < 0, "creating an index over a plain file worked");
	ck_assert_ptr_null(db);
	assert_error(rc, path);

	/* The file is as it was. */
	char buf[64] = "";
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	ck_assert_uint_eq(n, 30);
	ck_assert_str_eq(buf, "Huawei and Korea\nnot an index\n");
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_foreign__empty_plain_file_is_not_an_empty_index)
{
	/* Xapian reads a plain file as a stub database listing others, and
	 * an empty stub as a database with no documents: an empty file
	 * must not pass for an index all the same. */
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "empty.txt");
	write_file(path, "", 0);
	folio_db *db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, path, NULL);
	ck_assert_msg(rc == FOLIO_ECORRUPT || rc == FOLIO_ENOTFOUND ||
			      rc == FOLIO_EINVALID,
		      "opening an empty plain file gave %d (%s)", rc,
		      rc == 0 ? "it opened as an index"
			      : folio_error_last()->message);
	ck_assert_ptr_null(db);
	assert_error(rc, path);
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_foreign__creating_among_other_files_is_refused)
{
	char *dir = fixture_tmpdir();
	char *notes = path_join(dir, "notes.txt");
	char *version = path_join(dir, "iamglass");
	write_file(notes, "my notes\n", 9);
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	folio_db *db = NOT_NULL(folio_db);
	int rc = folio_db_open(&db, dir, &opts);
	ck_assert_msg(rc < 0, "an index was created among other files");
	ck_assert_ptr_null(db);
	assert_error(rc, dir);
	ck_assert(!exists(version));
	ck_assert(exists(notes));
	free(notes);
	free(version);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_foreign__xapian_database_not_by_folio_is_ecorrupt)
{
	char *dir = NULL;
	char cmd[8192];
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db_free(db);
	/* xapian-tools is a test dependency: fail, not skip, without it. */
	ck_assert_msg(system("command -v xapian-metadata >/dev/null 2>&1") ==
			      0,
		      "xapian-metadata is not on PATH: install xapian-tools "
		      "(scripts/install-deps.sh)");
	/* Erase every metadata entry (folio's settings among them) with
	 * Xapian's own tool: what is left is a Xapian database with
	 * documents that folio did not make. */
	snprintf(cmd, sizeof cmd,
		 "xapian-metadata list '%s' | while IFS= read -r key; do "
		 "xapian-metadata set '%s' \"$key\" ''; done && "
		 "test -z \"$(xapian-metadata list '%s')\"",
		 dir, dir, dir);
	ck_assert_msg(system(cmd) == 0, "could not erase the metadata");
	db = NOT_NULL(folio_db);
	ck_assert_int_eq(folio_db_open(&db, dir, NULL), FOLIO_ECORRUPT);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ECORRUPT, dir);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Misuse of handles -------------------------------------------- */

START_TEST(test_errors_readonly__writing_to_a_reader_is_einvalid)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_doc_new(&doc, "new"));
	ck_assert_folio_ok(folio_doc_set_title(doc, "New"));

	folio_error_clear();
	ck_assert_int_eq(folio_db_add(db, doc), FOLIO_EINVALID);
	assert_error(FOLIO_EINVALID, "read-only");
	folio_error_clear();
	ck_assert_int_eq(folio_db_delete(db, "korea"), FOLIO_EINVALID);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID);
	folio_error_clear();
	ck_assert_int_eq(folio_db_commit(db), FOLIO_EINVALID);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID);

	/* Nothing changed. */
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_db_stats_get(&stats, db));
	ck_assert_uint_eq(stats.documents, 2);
	folio_doc *got = NULL;
	ck_assert_folio_ok(folio_db_get(&got, db, "korea"));
	folio_doc_free(got);
	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_options__unknown_version_is_einvalid)
{
	char *dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NOT_NULL(folio_db);
	opts.version = FOLIO_DB_OPTIONS_VERSION + 100;
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	ck_assert_int_eq(folio_db_open(&db, dir, &opts), FOLIO_EINVALID);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(folio_db_options_init(&opts, 999), FOLIO_EINVALID);
	ck_assert_folio_ok(
		folio_db_options_init(&opts, FOLIO_DB_OPTIONS_VERSION));
	ck_assert_uint_eq(opts.version, FOLIO_DB_OPTIONS_VERSION);
	ck_assert_uint_eq(opts.flags, 0);
	ck_assert_ptr_null(opts.language);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_options__unknown_language_is_enotfound_listing_all)
{
	char *dir = fixture_tmpdir();
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NOT_NULL(folio_db);
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.language = "klingon";
	ck_assert_int_eq(folio_db_open(&db, dir, &opts), FOLIO_ENOTFOUND);
	ck_assert_ptr_null(db);
	assert_error(FOLIO_ENOTFOUND, "klingon");
	assert_error(FOLIO_ENOTFOUND, "english");
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- The last error ----------------------------------------------- */

START_TEST(test_errors_last__is_never_null_and_empty_after_clear)
{
	folio_error_clear();
	const folio_error *e = folio_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(e->message);
	ck_assert_str_eq(e->message, "");
	ck_assert_int_eq(e->code, FOLIO_OK);
	ck_assert_int_eq(e->column, 0);

	folio_doc *doc = NULL;
	ck_assert_int_eq(folio_doc_new(&doc, ""), FOLIO_EINVALID);
	e = folio_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, FOLIO_EINVALID);
	ck_assert_str_ne(e->message, "");

	folio_error_clear();
	e = folio_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, FOLIO_OK);
	ck_assert_str_eq(e->message, "");
}
END_TEST

START_TEST(test_errors_last__is_kept_until_the_next_failure)
{
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "missing");
	folio_db *db = NULL;
	folio_doc *doc = NULL;
	ck_assert_int_eq(folio_db_open(&db, path, NULL), FOLIO_ENOTFOUND);
	/* Calls that succeed leave the last error alone. */
	ck_assert_folio_ok(folio_doc_new(&doc, "a"));
	ck_assert_folio_ok(folio_doc_set_title(doc, "A"));
	assert_error(FOLIO_ENOTFOUND, path);
	/* The next failure replaces it. */
	ck_assert_int_eq(folio_doc_set_field(doc, "Bad Name", "x"),
			 FOLIO_EINVALID);
	assert_error(FOLIO_EINVALID, "Bad Name");
	folio_doc_free(doc);
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

static void *fail_in_thread(void *arg)
{
	int *seen = arg;
	const folio_error *e = folio_error_last();
	/* A new thread starts with no error, whatever the main one had. */
	seen[0] = e != NULL && e->code == FOLIO_OK && e->message != NULL &&
		  e->message[0] == '\0';
	folio_doc *doc = NULL;
	seen[1] = folio_doc_new(&doc, NULL) == FOLIO_EINVALID &&
		  folio_error_last()->code == FOLIO_EINVALID;
	return NULL;
}

START_TEST(test_errors_last__is_per_thread)
{
	char *dir = fixture_tmpdir();
	char *path = path_join(dir, "missing");
	folio_db *db = NULL;
	int seen[2] = {0, 0};
	pthread_t thread;
	ck_assert_int_eq(folio_db_open(&db, path, NULL), FOLIO_ENOTFOUND);
	ck_assert_int_eq(pthread_create(&thread, NULL, fail_in_thread, seen),
			 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert_msg(seen[0], "a new thread saw another thread's error");
	ck_assert_msg(seen[1], "a failure in a thread was not recorded");
	/* The other thread's failure did not touch this thread's error. */
	assert_error(FOLIO_ENOTFOUND, path);
	free(path);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_name__is_distinct_and_non_empty_for_every_code)
{
	static const int codes[] = {
		FOLIO_OK,      FOLIO_ERROR,     FOLIO_ENOTFOUND, FOLIO_EQUERY,
		FOLIO_ELOCKED, FOLIO_EMODIFIED, FOLIO_ECORRUPT,  FOLIO_ENOMEM,
		FOLIO_EINVALID, FOLIO_EIO,      FOLIO_EVERSION,
	};
	size_t n = sizeof codes / sizeof *codes;
	for (size_t i = 0; i < n; i++) {
		const char *name = folio_error_name(codes[i]);
		ck_assert_ptr_nonnull(name);
		ck_assert_msg(name[0] != '\0', "code %d has no name",
			      codes[i]);
		/* Each code has its own name. */
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(name,
					     folio_error_name(codes[j])) != 0,
				      "codes %d and %d are both \"%s\"",
				      codes[i], codes[j], name);
	}
	/* Codes it does not know still get a name. */
	ck_assert_ptr_nonnull(folio_error_name(-999));
	ck_assert_str_ne(folio_error_name(-999), "");
	ck_assert_ptr_nonnull(folio_error_name(42));
	ck_assert_str_ne(folio_error_name(42), "");
}
END_TEST

START_TEST(test_errors_version__of_the_library_is_the_header_version)
{
	ck_assert_str_eq(folio_version(), FOLIO_VERSION);
}
END_TEST

/* ---- NULL arguments ----------------------------------------------- */

/* Assert that call fails with FOLIO_EINVALID and says why. */
#define ASSERT_EINVALID(call)                                             \
	do {                                                              \
		folio_error_clear();                                      \
		int rc_ = (call);                                         \
		ck_assert_msg(rc_ == FOLIO_EINVALID,                      \
			      "%s gave %d, not FOLIO_EINVALID", #call, rc_); \
		ck_assert_int_eq(folio_error_last()->code, FOLIO_EINVALID); \
		ck_assert_str_ne(folio_error_last()->message, "");        \
	} while (0)

START_TEST(test_errors_null__to_index_functions_is_einvalid)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_db *other = NOT_NULL(folio_db);
	folio_doc *doc = NULL;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	ck_assert_folio_ok(folio_doc_new(&doc, "d"));

	ASSERT_EINVALID(folio_db_open(NULL, dir, NULL));
	ASSERT_EINVALID(folio_db_open(&other, NULL, NULL));
	ck_assert_ptr_null(other);
	other = NOT_NULL(folio_db);
	ASSERT_EINVALID(folio_db_open(&other, "", NULL));
	ck_assert_ptr_null(other);
	ASSERT_EINVALID(folio_db_add(NULL, doc));
	ASSERT_EINVALID(folio_db_add(db, NULL));
	ASSERT_EINVALID(folio_db_delete(NULL, "korea"));
	ASSERT_EINVALID(folio_db_commit(NULL));
	ASSERT_EINVALID(folio_db_reopen(NULL));
	ASSERT_EINVALID(folio_db_get(NULL, db, "korea"));
	ASSERT_EINVALID(folio_db_stats_get(NULL, db));
	ASSERT_EINVALID(folio_db_stats_get(&stats, NULL));
	ASSERT_EINVALID(folio_db_options_init(NULL, FOLIO_DB_OPTIONS_VERSION));
	folio_doc *got = NOT_NULL(folio_doc);
	ASSERT_EINVALID(folio_db_get(&got, db, NULL));
	ck_assert_ptr_null(got);
	got = NOT_NULL(folio_doc);
	ASSERT_EINVALID(folio_db_get(&got, NULL, "korea"));
	ck_assert_ptr_null(got);
	ck_assert_ptr_null(folio_db_analyzer(NULL));
	ck_assert_ptr_null(folio_db_warning(NULL));

	folio_doc_free(doc);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_null__to_document_functions_is_einvalid)
{
	folio_doc *doc = NULL;
	ck_assert_folio_ok(folio_doc_new(&doc, "d"));
	ASSERT_EINVALID(folio_doc_new(NULL, "x"));
	ASSERT_EINVALID(folio_doc_set_title(NULL, "t"));
	ASSERT_EINVALID(folio_doc_set_body(NULL, "b", 1));
	ASSERT_EINVALID(folio_doc_set_body(doc, NULL, 5));
	ASSERT_EINVALID(folio_doc_set_field(NULL, "source", "x"));
	ASSERT_EINVALID(folio_doc_set_field(doc, NULL, "x"));
	ASSERT_EINVALID(folio_doc_parse_text(NULL, "text", 4));
	ASSERT_EINVALID(folio_doc_parse_text(doc, NULL, 4));
	ASSERT_EINVALID(folio_doc_field_at(NULL, 0, NULL, NULL));
	ck_assert_uint_eq(folio_doc_field_count(NULL), 0);
	ck_assert_ptr_null(folio_doc_field(NULL, "source"));
	ck_assert_ptr_null(folio_doc_field(doc, NULL));
	folio_doc_free(doc);
}
END_TEST

START_TEST(test_errors_null__to_analyzer_functions_is_einvalid)
{
	folio_analyzer *analyzer = NULL;
	ASSERT_EINVALID(folio_analyzer_new(NULL, NULL));
	ASSERT_EINVALID(folio_analyzer_options_init(
		NULL, FOLIO_ANALYZER_OPTIONS_VERSION));
	ck_assert_folio_ok(folio_analyzer_new(&analyzer, NULL));
	ASSERT_EINVALID(folio_analyze(NULL, "text", 4, NULL, NULL));
	ASSERT_EINVALID(folio_analyze(analyzer, NULL, 4, NULL, NULL));
	folio_analyzer_free(analyzer);
}
END_TEST

START_TEST(test_errors_null__to_query_and_search_functions_is_einvalid)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_query *query = NULL;
	folio_query *q = NOT_NULL(folio_query);
	folio_results *r = NOT_NULL(folio_results);
	ck_assert_folio_ok(folio_query_parse(&query, db, "huawei", NULL));

	ASSERT_EINVALID(folio_query_parse(NULL, db, "huawei", NULL));
	ASSERT_EINVALID(folio_query_parse(&q, NULL, "huawei", NULL));
	ck_assert_ptr_null(q);
	q = NOT_NULL(folio_query);
	ASSERT_EINVALID(folio_query_parse(&q, db, NULL, NULL));
	ck_assert_ptr_null(q);
	ASSERT_EINVALID(
		folio_query_options_init(NULL, FOLIO_QUERY_OPTIONS_VERSION));

	ASSERT_EINVALID(folio_db_search(NULL, db, query, NULL));
	ASSERT_EINVALID(folio_db_search(&r, NULL, query, NULL));
	ck_assert_ptr_null(r);
	r = NOT_NULL(folio_results);
	ASSERT_EINVALID(folio_db_search(&r, db, NULL, NULL));
	ck_assert_ptr_null(r);
	ASSERT_EINVALID(
		folio_search_options_init(NULL, FOLIO_SEARCH_OPTIONS_VERSION));
	ck_assert_uint_eq(folio_results_count(NULL), 0);
	ck_assert_uint_eq(folio_results_estimate(NULL), 0);
	ck_assert_ptr_null(folio_results_doc(NULL, 0));
	ck_assert(folio_results_score(NULL, 0) == 0.0);

	folio_query_free(query);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_null__to_snippet_functions_is_einvalid)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_query *query = NULL;
	folio_results *results = NULL;
	folio_snippet *snippet = NOT_NULL(folio_snippet);
	ck_assert_folio_ok(folio_query_parse(&query, db, "huawei", NULL));
	ck_assert_folio_ok(folio_db_search(&results, db, query, NULL));
	ck_assert_uint_ge(folio_results_count(results), 1);

	ASSERT_EINVALID(folio_snippet_new(NULL, query, "text", 4, NULL));
	ASSERT_EINVALID(folio_snippet_new(&snippet, NULL, "text", 4, NULL));
	ck_assert_ptr_null(snippet);
	snippet = NOT_NULL(folio_snippet);
	ASSERT_EINVALID(folio_snippet_new(&snippet, query, NULL, 4, NULL));
	ck_assert_ptr_null(snippet);
	ASSERT_EINVALID(folio_results_snippet(NULL, results, 0, query, NULL));
	snippet = NOT_NULL(folio_snippet);
	ASSERT_EINVALID(folio_results_snippet(&snippet, NULL, 0, query, NULL));
	ck_assert_ptr_null(snippet);
	snippet = NOT_NULL(folio_snippet);
	ASSERT_EINVALID(
		folio_results_snippet(&snippet, results, 0, NULL, NULL));
	ck_assert_ptr_null(snippet);
	/* A hit that is not there is an invalid argument too. */
	snippet = NOT_NULL(folio_snippet);
	ASSERT_EINVALID(folio_results_snippet(
		&snippet, results, folio_results_count(results), query, NULL));
	ck_assert_ptr_null(snippet);
	ASSERT_EINVALID(folio_snippet_span(NULL, 0, NULL, NULL));
	ASSERT_EINVALID(
		folio_snippet_options_init(NULL,
					   FOLIO_SNIPPET_OPTIONS_VERSION));
	ck_assert_uint_eq(folio_snippet_span_count(NULL), 0);

	folio_results_free(results);
	folio_query_free(query);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_errors_free__every_free_function_accepts_null)
{
	folio_analyzer_free(NULL);
	folio_doc_free(NULL);
	folio_db_free(NULL);
	folio_query_free(NULL);
	folio_results_free(NULL);
	folio_snippet_free(NULL);
	/* Freeing nothing is not a failure. */
	ck_assert_int_eq(folio_error_last()->code, FOLIO_OK);
}
END_TEST

/* ---- Failed constructors ------------------------------------------ */

START_TEST(test_errors_out__is_set_to_null_when_a_call_fails)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);

	folio_doc *doc = NOT_NULL(folio_doc);
	ck_assert_int_eq(folio_db_get(&doc, db, "no-such-id"),
			 FOLIO_ENOTFOUND);
	ck_assert_ptr_null(doc);
	assert_error(FOLIO_ENOTFOUND, "no-such-id");

	folio_analyzer *analyzer = NOT_NULL(folio_analyzer);
	folio_analyzer_options aopts = FOLIO_ANALYZER_OPTIONS_INIT;
	aopts.language = "klingon";
	ck_assert_int_eq(folio_analyzer_new(&analyzer, &aopts),
			 FOLIO_ENOTFOUND);
	ck_assert_ptr_null(analyzer);

	folio_query *query = NOT_NULL(folio_query);
	ck_assert_int_eq(folio_query_parse(&query, db, "huawei )", NULL),
			 FOLIO_EQUERY);
	ck_assert_ptr_null(query);

	folio_results *results = NOT_NULL(folio_results);
	folio_search_options sopts = FOLIO_SEARCH_OPTIONS_INIT;
	sopts.version = 9999;
	ck_assert_folio_ok(folio_query_parse(&query, db, "huawei", NULL));
	ck_assert_int_eq(folio_db_search(&results, db, query, &sopts),
			 FOLIO_EINVALID);
	ck_assert_ptr_null(results);

	folio_query_free(query);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

/* ---- Query syntax errors ------------------------------------------ */

START_TEST(test_errors_query__syntax_error_sets_the_column)
{
	char *dir = NULL;
	folio_db *db = fixture_index(&dir, korea_docs, 2);
	folio_query *query = NOT_NULL(folio_query);

	/* The stray ')' is the 8th character. */
	ck_assert_int_eq(folio_query_parse(&query, db, "huawei ) korea", NULL),
			 FOLIO_EQUERY);
	ck_assert_ptr_null(query);
	ck_assert_int_eq(folio_error_last()->code, FOLIO_EQUERY);
	ck_assert_int_eq(folio_error_last()->column, 8);
	ck_assert_str_ne(folio_error_last()->message, "");

	/* Columns count characters, not bytes: "séoul" is 5 characters
	 * in 6 bytes, so the ')' is the 7th character (8th byte). */
	ck_assert_int_eq(folio_query_parse(&query, db, "séoul ) korea", NULL),
			 FOLIO_EQUERY);
	ck_assert_int_eq(folio_error_last()->column, 7);

	/* Another kind of error does not keep a stale column. */
	folio_doc *doc = NULL;
	ck_assert_int_eq(folio_doc_new(&doc, ""), FOLIO_EINVALID);
	ck_assert_int_eq(folio_error_last()->column, 0);
	folio_db_free(db);
	fixture_rmrf(dir);
	free(dir);
}
END_TEST

static Suite *errors_suite(void)
{
	const TTest *missing_tests[] = {
		test_errors_missing__index_is_enotfound_naming_the_path,
		test_errors_missing__index_is_enotfound_for_a_writer_too,
		test_errors_missing__index_in_an_empty_directory_is_enotfound,
	};
	const TTest *locked_tests[] = {
		test_errors_locked__second_writer_waits_for_the_first,
	};
	const TTest *damaged_tests[] = {
		test_errors_corrupt__index_is_an_error_not_a_crash,
		test_errors_corrupt__junk_in_iamglass_is_ecorrupt,
		test_errors_corrupt__empty_index_files_are_an_error,
		test_errors_foreign__empty_iamglass_alone_is_a_clear_error,
		test_errors_foreign__plain_file_for_an_index_is_a_clear_error,
		test_errors_foreign__empty_plain_file_is_not_an_empty_index,
		test_errors_foreign__creating_among_other_files_is_refused,
		test_errors_foreign__xapian_database_not_by_folio_is_ecorrupt,
	};
	const TTest *misuse_tests[] = {
		test_errors_readonly__writing_to_a_reader_is_einvalid,
		test_errors_options__unknown_version_is_einvalid,
		test_errors_options__unknown_language_is_enotfound_listing_all,
		test_errors_null__to_index_functions_is_einvalid,
		test_errors_null__to_document_functions_is_einvalid,
		test_errors_null__to_analyzer_functions_is_einvalid,
		test_errors_null__to_query_and_search_functions_is_einvalid,
		test_errors_null__to_snippet_functions_is_einvalid,
		test_errors_free__every_free_function_accepts_null,
		test_errors_out__is_set_to_null_when_a_call_fails,
	};
	const TTest *last_error_tests[] = {
		test_errors_last__is_never_null_and_empty_after_clear,
		test_errors_last__is_kept_until_the_next_failure,
		test_errors_last__is_per_thread,
		test_errors_name__is_distinct_and_non_empty_for_every_code,
		test_errors_version__of_the_library_is_the_header_version,
		test_errors_query__syntax_error_sets_the_column,
	};
	Suite *s = suite_create("errors");

	FIXTURE_ADD_TCASE(s, "missing", missing_tests);
	FIXTURE_ADD_TCASE(s, "locked", locked_tests);
	FIXTURE_ADD_TCASE(s, "damaged", damaged_tests);
	FIXTURE_ADD_TCASE(s, "misuse", misuse_tests);
	FIXTURE_ADD_TCASE(s, "last error", last_error_tests);
	return s;
}

int main(void)
{
	return fixture_run(errors_suite());
}
