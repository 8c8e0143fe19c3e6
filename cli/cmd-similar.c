/*
 * cmd-similar.c - folio similar: the documents most like a given one.
 * The library makes a query of the document's most telling words
 * (folio_query_similar); the search command's options and printers do
 * the rest (cli_search_command in cmd-search.c).
 */
#include "cli.h"

const char cmd_similar_usage[] =
	"Usage: folio similar [OPTIONS] ID\n"
	"\n"
	"Find the documents most like the one with id ID (as 'folio search'\n"
	"shows it), best first: folio picks the words that best tell that\n"
	"document from the others and looks for documents with any of them.\n"
	"The document itself is left out.\n"
	"\n"
	"Options: those of 'folio search' (-n, --offset, --format, --color,\n"
	"--since, --until, --sort, --reverse, --facet, --explain, --db).\n"
	"\n"
	"Example:\n"
	"  folio similar data/001_88d0f0117552cd5f.txt -n 3\n"
	"\n"
	"Exit status: 0 if documents matched, 1 if none did, 2 on error\n"
	"(including an ID that is not in the index).\n";

int cmd_similar(int argc, char **argv, const cli_globals *g)
{
	return cli_search_command(argc, argv, g, 1);
}
