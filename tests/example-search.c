/*
 * example-search.c - the usage example at the top of folio.h, as a whole
 * program.  The example in folio.h is taken from the marked block in
 * main() below: change the two together.  tests/install.sh compiles this
 * file against the installed library (through pkg-config, shared and
 * static, and through CMake's find_package), runs it, and checks that
 * the block still matches the header; lines marked "(test only)" are
 * left out of the header.
 *
 * Usage: example-search DBDIR
 *
 * Creates (or updates) an index in DBDIR with two news stories, then
 * opens it read-only, searches it for "huawei korea" and prints the
 * title and a snippet of each hit.  Exits 0 if the story about Korea was
 * found, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "folio.h"

#define EXPECTED_ID "scmp-2019-05-24"

typedef struct story {
	const char *id, *title, *source, *date, *body;
} story;

static const story stories[] = {
	{EXPECTED_ID,
	 "US pressure on Seoul over Huawei taps into fears of North Korea",
	 "South China Morning Post", "2019-05-24",
	 "The United States is turning up the heat on its ally South Korea "
	 "over Huawei, playing on Seoul's fears of losing access to the "
	 "intelligence that helps it keep a check on its northern "
	 "neighbour.\n"
	 "The pressure campaign is part of a broader effort by Washington "
	 "to isolate the Chinese tech giant.\n"},
	{"ft-2019-05-20", "European carriers weigh the cost of dropping Huawei",
	 "Financial Times", "2019-05-20",
	 "Mobile operators in Europe say that replacing Huawei equipment "
	 "in their networks would delay 5G by years and cost billions.\n"},
};

/* Create the index in path, or add to it, and commit the stories. */
static int build_index(const char *path)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *db = NULL;
	folio_doc *doc = NULL;
	int rc;

	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	rc = folio_db_open(&db, path, &opts);
	for (size_t i = 0; rc == 0 && i < sizeof stories / sizeof *stories;
	     i++) {
		const story *s = &stories[i];
		rc = folio_doc_new(&doc, s->id);
		if (rc == 0)
			rc = folio_doc_set_title(doc, s->title);
		if (rc == 0)
			rc = folio_doc_set_field(doc, "source", s->source);
		if (rc == 0)
			rc = folio_doc_set_field(doc, "date", s->date);
		if (rc == 0)
			rc = folio_doc_set_body(doc, s->body, strlen(s->body));
		if (rc == 0)
			rc = folio_db_add(db, doc);
		folio_doc_free(doc);
		doc = NULL;
	}
	if (rc == 0)
		rc = folio_db_commit(db);
	if (rc < 0)
		fprintf(stderr, "folio: %s\n", folio_error_last()->message);
	folio_db_free(db);
	return rc;
}

static int is_expected(const folio_doc *doc)
{
	return strcmp(folio_doc_id(doc), EXPECTED_ID) == 0;
}

int main(int argc, char **argv)
{
	const char *path;
	int found = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: example-search DBDIR\n");
		return 2;
	}
	path = argv[1];
	if (build_index(path) < 0)
		return 1;

	/* ---- begin: the example in folio.h ---- */
	folio_db *db = NULL;
	folio_query *query = NULL;
	folio_results *results = NULL;
	if (folio_db_open(&db, path, NULL) < 0 ||
	    folio_query_parse(&query, db, "huawei korea", NULL) < 0 ||
	    folio_db_search(&results, db, query, NULL) < 0) {
		fprintf(stderr, "folio: %s\n", folio_error_last()->message);
	} else {
		for (size_t i = 0; i < folio_results_count(results); i++) {
			const folio_doc *doc = folio_results_doc(results, i);
			folio_snippet *snippet = NULL;
			printf("%s\n", folio_doc_title(doc));
			if (folio_results_snippet(&snippet, results, i, query,
						  NULL) == 0)
				printf("    %s\n",
				       folio_snippet_text(snippet, NULL));
			folio_snippet_free(snippet);
			found |= is_expected(doc); /* (test only) */
		}
	}
	folio_results_free(results);
	folio_query_free(query);
	folio_db_free(db);
	/* ---- end: the example in folio.h ---- */

	if (!found) {
		const char *why = folio_error_last()->message;
		fprintf(stderr, "example-search: %s was not found%s%s\n",
			EXPECTED_ID, *why ? ": " : "", why);
		return 1;
	}
	return 0;
}
