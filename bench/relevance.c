/*
 * relevance.c - index a test collection and run its queries through the
 * public API, for bench/relevance.sh.
 *
 *   relevance index DB DOCS.tsv
 *   relevance search DB QUERIES.tsv [DEPTH]
 *
 * DOCS.tsv has one document a line: id, title, author, body and bib
 * separated by tabs (bench/relevance.sh makes it from docs.jsonl; tabs
 * and newlines in the text are spaces by then).  QUERIES.tsv is
 * "qid<TAB>text".  search prints a TREC run ("qid Q0 docid rank score
 * folio") of the first DEPTH hits (default 1000) of every query, parsed
 * with default options exactly as written.  A query folio refuses is
 * reported on stderr and scores nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <folio.h>

enum { COL_ID, COL_TITLE, COL_AUTHOR, COL_BODY, COL_BIB, NCOLS };

static int fail(const char *what)
{
	fprintf(stderr, "relevance: %s: %s\n", what,
		folio_error_last()->message);
	return 1;
}

/* Split line at tabs into at most n columns; returns how many. */
static size_t split(char *line, char **cols, size_t n)
{
	size_t k = 0;
	char *save = NULL;

	line[strcspn(line, "\n")] = '\0';
	for (char *c = strtok_r(line, "\t", &save); c && k < n;
	     c = strtok_r(NULL, "\t", &save))
		cols[k++] = c;
	return k;
}

static int index_docs(const char *path, const char *docs)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;
	FILE *f = fopen(docs, "r");
	char *line = NULL;
	size_t cap = 0, count = 0;
	int rc = 1;

	if (f == NULL) {
		perror(docs);
		return 1;
	}
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	if (folio_db_open(&db, path, &opts) < 0) {
		rc = fail("open");
		goto out;
	}
	while (getline(&line, &cap, f) > 0) {
		char *cols[NCOLS] = {NULL};
		folio_doc *doc = NULL;
		int bad;

		/* strtok_r folds empty columns: an empty field is a '.' in
		 * DOCS.tsv, which the analyzer ignores. */
		if (split(line, cols, NCOLS) < NCOLS)
			continue;
		bad = folio_doc_new(&doc, cols[COL_ID]) < 0 ||
		      folio_doc_set_title(doc, cols[COL_TITLE]) < 0 ||
		      folio_doc_set_field(doc, "author", cols[COL_AUTHOR]) < 0 ||
		      folio_doc_set_field(doc, "bib", cols[COL_BIB]) < 0 ||
		      folio_doc_set_body(doc, cols[COL_BODY],
					 strlen(cols[COL_BODY])) < 0 ||
		      folio_db_add(db, doc) < 0;
		folio_doc_free(doc);
		if (bad) {
			rc = fail(cols[COL_ID]);
			goto out;
		}
		count++;
	}
	if (folio_db_commit(db) < 0) {
		rc = fail("commit");
		goto out;
	}
	fprintf(stderr, "relevance: indexed %zu documents\n", count);
	rc = 0;
out:
	free(line);
	fclose(f);
	folio_db_free(db);
	return rc;
}

static int run_queries(const char *path, const char *queries, size_t depth)
{
	folio_search_options sopts = FOLIO_SEARCH_OPTIONS_INIT;
	folio_db *db = NULL;
	FILE *f = fopen(queries, "r");
	char *line = NULL;
	size_t cap = 0, refused = 0;
	int rc = 1;

	if (f == NULL) {
		perror(queries);
		return 1;
	}
	if (folio_db_open(&db, path, NULL) < 0) {
		rc = fail("open");
		goto out;
	}
	sopts.limit = depth;
	while (getline(&line, &cap, f) > 0) {
		folio_query *q = NULL;
		folio_results *r = NULL;
		char *tab;

		line[strcspn(line, "\n")] = '\0';
		tab = strchr(line, '\t');
		if (tab == NULL)
			continue;
		*tab = '\0';
		if (folio_query_parse(&q, db, tab + 1, NULL) < 0 ||
		    folio_db_search(&r, db, q, &sopts) < 0) {
			fprintf(stderr, "relevance: query %s refused: %s\n",
				line, folio_error_last()->message);
			refused++;
		}
		for (size_t i = 0; i < folio_results_count(r); i++)
			printf("%s Q0 %s %zu %.6f folio\n", line,
			       folio_doc_id(folio_results_doc(r, i)), i + 1,
			       folio_results_score(r, i));
		folio_results_free(r);
		folio_query_free(q);
	}
	rc = refused > 0;
out:
	free(line);
	fclose(f);
	folio_db_free(db);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "index") == 0)
		return index_docs(argv[2], argv[3]);
	if (argc >= 4 && strcmp(argv[1], "search") == 0)
		return run_queries(argv[2], argv[3],
				   argc > 4 ? strtoul(argv[4], NULL, 10)
					    : 1000);
	fprintf(stderr, "usage: relevance index DB DOCS.tsv\n"
			"       relevance search DB QUERIES.tsv [DEPTH]\n");
	return 2;
}
