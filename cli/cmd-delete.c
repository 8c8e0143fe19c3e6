/*
 * cmd-delete.c - folio delete: remove documents by id, in one commit.
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

const char cmd_delete_usage[] =
	"Usage: folio delete [OPTIONS] ID...\n"
	"\n"
	"Remove the documents with these ids from the index, all in one\n"
	"commit.  The id of an indexed file is its path as it was given to\n"
	"'folio index'.  An id that is not in the index is reported and the\n"
	"others are still deleted.\n"
	"\n"
	"Options:\n"
	"      --db DIR    the index to change\n"
	"  -h, --help      show this help and exit\n"
	"\n"
	"Exit status: 0 if every document was deleted, 1 if some were not\n"
	"in the index, 2 on error (then nothing is deleted).\n";

/*
 * Delete each id; returns CLI_EXIT_OK, CLI_EXIT_NOTHING if some were
 * missing, or CLI_EXIT_ERROR at the first failure (nothing committed).
 */
static int delete_all(folio_db *db, int n, char **ids, const char *path)
{
	int rc = CLI_EXIT_OK;

	for (int i = 0; i < n && rc != CLI_EXIT_ERROR; i++) {
		if (folio_db_delete(db, ids[i]) == 0)
			continue;
		if (folio_error_last()->code == FOLIO_ENOTFOUND) {
			cli_error("no document with id '%s' in %s", ids[i],
				  path);
			rc = CLI_EXIT_NOTHING;
		} else {
			cli_lib_error("cannot delete '%s'", ids[i]);
			rc = CLI_EXIT_ERROR;
		}
	}
	if (rc != CLI_EXIT_ERROR && folio_db_commit(db) < 0) {
		cli_lib_error("cannot commit to %s", path);
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}

int cmd_delete(int argc, char **argv, const cli_globals *g)
{
	const char *db_opt = NULL;
	folio_db *db = NULL;
	char *path = NULL;
	int rc = cli_parse_simple_options("delete", cmd_delete_usage, argc,
					  argv, &db_opt, NULL);

	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (optind >= argc) {
		rc = cli_usage_error("delete", "no document id given");
		goto out;
	}
	path = cli_db_path(g, db_opt);
	if (!path || cli_db_open(&db, path, FOLIO_DB_WRITABLE, NULL) < 0)
		goto out;
	rc = delete_all(db, argc - optind, argv + optind, path);
out:
	/* After an error the uncommitted deletions are dropped here. */
	folio_db_free(db);
	free(path);
	return rc;
}
