/*
 * fixture.h - helpers the Check suites share: scratch directories and
 * small indexes built through the public API only.
 */
#ifndef FOLIO_TEST_FIXTURE_H
#define FOLIO_TEST_FIXTURE_H

#include <check.h>
#include <stddef.h>

#include "folio.h"

/* A new empty directory under $TMPDIR (or /tmp); caller frees the path. */
char *fixture_tmpdir(void);

/* Remove a directory tree (best effort). */
void fixture_rmrf(const char *path);

/* Free *db and remove the index directory *dir (and free it); both end
 * NULL, so a suite's teardown may run after a failed setup. */
void fixture_close(folio_db **db, char **dir);

/* A document to put in a fixture index; fields is "name=value" strings,
 * NULL-terminated, or NULL. */
typedef struct fixture_doc {
	const char *id;
	const char *title;
	const char *body;
	const char *const *fields;
} fixture_doc;

/*
 * Create an index in a new scratch directory holding docs (n of them),
 * committed, and return it open read-only.  *dir_out gets the directory
 * (free it, after fixture_rmrf).  Fails the test on any error.
 */
folio_db *fixture_index(char **dir_out, const fixture_doc *docs, size_t n);

/* Ids of the hits for query on db, space-separated in rank order
 * ("" for none); caller frees.  Fails the test on an error. */
char *fixture_search_ids(folio_db *db, const char *query);

/* Add the n tests to s as one test case called name, and return it
 * (to add a fixture to). */
TCase *fixture_add_tcase(Suite *s, const char *name,
			 const TTest *const *tests, size_t n);

/* The same for an array of tests. */
#define FIXTURE_ADD_TCASE(s, name, tests)                                  \
	fixture_add_tcase(s, name, tests, sizeof tests / sizeof tests[0])

/* Run a suite and return the exit status for main(). */
int fixture_run(Suite *suite);

/* ck_assert that a folio call returned 0, showing the message if not. */
#define ck_assert_folio_ok(call)                                          \
	do {                                                              \
		int fixture_rc_ = (call);                                 \
		ck_assert_msg(fixture_rc_ == 0, "%s failed: %d %s", #call, \
			      fixture_rc_, folio_error_last()->message);   \
	} while (0)

#endif
