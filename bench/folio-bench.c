/*
 * folio-bench.c - folio's library under the same load as the peers.
 *
 *   folio-bench DB QUERIES REPS [snippets]
 *
 * Parses each query, takes the top 10, and with "snippets" cuts a
 * snippet of each hit (folio's defaults: 200 characters); prints the
 * summary line of timing.h.  Only folio.h is used, as any program would.
 */
#define _POSIX_C_SOURCE 200809L

#include <folio.h>

#include "timing.h"

static int run(folio_db *db, const char *text, int snippets, size_t *sink)
{
	folio_query *query = NULL;
	folio_results *res = NULL;
	folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
	int rc;

	/* As folio search does: each hit's body is read by its snippet
	 * (into one buffer for the page, in index format 3); a page
	 * without snippets reads no body. */
	rc = folio_query_parse(&query, db, text, NULL);
	if (rc == 0)
		rc = folio_db_search(&res, db, query, &opts);
	for (size_t i = 0; rc == 0 && i < folio_results_count(res); i++) {
		folio_snippet *snip = NULL;
		size_t len = 0;

		*sink += strlen(folio_doc_id(folio_results_doc(res, i)));
		if (!snippets)
			continue;
		rc = folio_results_snippet(&snip, res, i, query, NULL);
		if (rc == 0)
			folio_snippet_text(snip, &len);
		*sink += len;
		folio_snippet_free(snip);
	}
	if (rc < 0)
		fprintf(stderr, "folio-bench: %s: %s\n", text,
			folio_error_last()->message);
	folio_results_free(res);
	folio_query_free(query);
	return rc;
}

int main(int argc, char **argv)
{
	bench_queries qs;
	folio_db *db = NULL;
	double *samples = NULL;
	size_t n = 0, sink = 0;
	int reps, snippets, rc = 2;

	if (argc != 4 && argc != 5) {
		fprintf(stderr,
			"usage: folio-bench DB QUERIES REPS [snippets]\n");
		return 2;
	}
	reps = atoi(argv[3]);
	snippets = argc == 5 && strcmp(argv[4], "snippets") == 0;
	if (bench_read_queries(&qs, argv[2]) < 0)
		return 2;
	samples = malloc(qs.count * (size_t)(reps > 0 ? reps : 1) *
			 sizeof *samples);
	if (samples == NULL || folio_db_open(&db, argv[1], NULL) < 0) {
		fprintf(stderr, "folio-bench: %s\n",
			folio_error_last()->message);
		goto out;
	}
	for (size_t i = 0; i < qs.count; i++) {
		for (int r = -1; r < reps; r++) {
			double t0 = bench_now_ms();
			if (run(db, qs.text[i], snippets, &sink) < 0)
				goto out;
			if (r >= 0)
				samples[n++] = bench_now_ms() - t0;
		}
	}
	bench_report(samples, n);
	rc = sink > 0 ? 0 : 1;
out:
	folio_db_free(db);
	free(samples);
	bench_free_queries(&qs);
	return rc;
}
