/*
 * fts5-bench.c - the SQLite FTS5 peer.
 *
 *   fts5-bench index DB DIR     every *.txt file under DIR (its paths
 *                               read from stdin, one a line) into an
 *                               FTS5 table, tokenize 'porter unicode61'
 *   fts5-bench query DB QUERIES REPS [snippets]
 *                               top 10 by bm25(), and with "snippets" a
 *                               snippet() of each hit (about 30 tokens,
 *                               near folio's 200 characters); prints the
 *                               summary line of timing.h
 */
#define _POSIX_C_SOURCE 200809L

#include <sqlite3.h>

#include "timing.h"

static int exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fts5-bench: %s: %s\n", sql, err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int index_files(const char *db_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	char line[4096];
	size_t count = 0;
	int rc = 2;

	if (sqlite3_open(db_path, &db) != SQLITE_OK ||
	    exec(db, "DROP TABLE IF EXISTS docs") < 0 ||
	    exec(db, "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, "
		     "body, tokenize = 'porter unicode61')") < 0 ||
	    exec(db, "BEGIN") < 0 ||
	    sqlite3_prepare_v2(db, "INSERT INTO docs(path, body) VALUES(?, ?)",
			       -1, &ins, NULL) != SQLITE_OK)
		goto out;
	while (fgets(line, sizeof line, stdin)) {
		size_t len = 0;
		char *text;

		line[strcspn(line, "\n")] = '\0';
		text = slurp(line, &len);
		if (text == NULL)
			continue;
		sqlite3_bind_text(ins, 1, line, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, text, (int)len, free);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "fts5-bench: %s\n", sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_reset(ins);
		count++;
	}
	if (exec(db, "COMMIT") < 0)
		goto out;
	fprintf(stderr, "fts5-bench: indexed %zu files\n", count);
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return rc;
}

static int run_queries(const char *db_path, const char *qfile, int reps,
		       int snippets)
{
	static const char plain[] =
		"SELECT rowid, path, bm25(docs) FROM docs WHERE docs MATCH ? "
		"ORDER BY bm25(docs) LIMIT 10";
	static const char snip[] =
		"SELECT rowid, path, bm25(docs), snippet(docs, 1, '<b>', "
		"'</b>', '...', 30) FROM docs WHERE docs MATCH ? "
		"ORDER BY bm25(docs) LIMIT 10";
	bench_queries qs;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	double *samples = NULL;
	size_t n = 0, sink = 0;
	int rc = 2;

	if (bench_read_queries(&qs, qfile) < 0)
		return 2;
	samples = malloc(qs.count * (size_t)(reps > 0 ? reps : 1) *
			 sizeof *samples);
	if (samples == NULL ||
	    sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db, snippets ? snip : plain, -1, &st, NULL) !=
		    SQLITE_OK) {
		fprintf(stderr, "fts5-bench: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < qs.count; i++) {
		for (int r = -1; r < reps; r++) {
			double t0 = bench_now_ms();
			sqlite3_bind_text(st, 1, qs.text[i], -1,
					  SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW) {
				sink += (size_t)sqlite3_column_bytes(st, 1);
				if (snippets)
					sink += (size_t)sqlite3_column_bytes(
						st, 3);
			}
			sqlite3_reset(st);
			if (r >= 0)
				samples[n++] = bench_now_ms() - t0;
		}
	}
	bench_report(samples, n);
	rc = sink > 0 ? 0 : 1;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(samples);
	bench_free_queries(&qs);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (strcmp(cmd, "index") == 0 && argc == 3)
		return index_files(argv[2]);
	if (strcmp(cmd, "query") == 0 && (argc == 5 || argc == 6))
		return run_queries(argv[2], argv[3], atoi(argv[4]),
				   argc == 6 && strcmp(argv[5], "snippets") == 0);
	fprintf(stderr, "usage: find DIR -name '*.txt' | fts5-bench index DB\n"
			"       fts5-bench query DB QUERIES REPS [snippets]\n");
	return 2;
}
