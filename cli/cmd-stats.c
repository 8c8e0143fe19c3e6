/*
 * cmd-stats.c - folio stats: figures about the index.
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

const char cmd_stats_usage[] =
	"Usage: folio stats [OPTIONS]\n"
	"\n"
	"Print figures about the index: where it is, how many documents and\n"
	"distinct terms it holds, their average length, its size on disk,\n"
	"its language, the Unicode version it was built with, and its\n"
	"format.\n"
	"\n"
	"Options:\n"
	"      --format FORMAT  text (default) or json\n"
	"      --db DIR         the index to read\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Exit status: 0 on success, 2 on error.\n";

/* A size for people: "1.4 MiB". */
static void print_size(uint64_t bytes)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	double v = (double)bytes;
	int u = -1;

	while (v >= 1024.0 && u < 3) {
		v /= 1024.0;
		u++;
	}
	if (u < 0)
		printf("%llu bytes\n", (unsigned long long)bytes);
	else
		printf("%.1f %s (%llu bytes)\n", v, units[u],
		       (unsigned long long)bytes);
}

static void print_value(const char *label, const char *value)
{
	printf("%-16s", label);
	out_safe_str(stdout, value ? value : "unknown", 0);
	fputc('\n', stdout);
}

static void print_text(const char *path, const folio_db_stats *st)
{
	print_value("index:", path);
	printf("%-16s%llu\n", "documents:",
	       (unsigned long long)st->documents);
	printf("%-16s%llu\n", "distinct terms:",
	       (unsigned long long)st->terms);
	printf("%-16s%.1f words\n", "average length:", st->average_length);
	printf("%-16s", "size on disk:");
	print_size(st->size_bytes);
	print_value("language:", st->language);
	print_value("unicode:", st->unicode_version);
	if (st->format == 2)
		printf("%-16s2 (bodies in the document data: snippets cost "
		       "more; 'folio index --rebuild' makes format 3)\n",
		       "format:");
	else
		printf("%-16s%u\n", "format:", st->format);
	if (st->lengths_current)
		printf("%-16scurrent\n", "lengths file:");
	else
		printf("%-16snot current (searches read the lengths from "
		       "Xapian, a little slower; the next commit writes it)\n",
		       "lengths file:");
}

static void print_json(const char *path, const folio_db_stats *st)
{
	out_json j;

	out_json_init(&j, stdout);
	out_json_begin_object(&j);
	out_json_key(&j, "format_version");
	out_json_uint(&j, CLI_FORMAT_VERSION);
	out_json_key(&j, "path");
	out_json_string(&j, path);
	out_json_key(&j, "documents");
	out_json_uint(&j, st->documents);
	out_json_key(&j, "terms");
	out_json_uint(&j, st->terms);
	out_json_key(&j, "average_length");
	out_json_double(&j, st->average_length);
	out_json_key(&j, "size_bytes");
	out_json_uint(&j, st->size_bytes);
	out_json_key(&j, "language");
	out_json_string(&j, st->language);
	out_json_key(&j, "unicode_version");
	out_json_string(&j, st->unicode_version);
	out_json_key(&j, "index_format");
	out_json_uint(&j, st->format);
	out_json_key(&j, "lengths_current");
	out_json_bool(&j, st->lengths_current);
	out_json_end_object(&j);
	out_json_finish(&j);
}

int cmd_stats(int argc, char **argv, const cli_globals *g)
{
	folio_db_stats st = FOLIO_DB_STATS_INIT;
	cli_format format = CLI_FORMAT_TEXT;
	const char *db_opt = NULL;
	folio_db *db = NULL;
	char *path = NULL;
	int rc = cli_parse_simple_options("stats", cmd_stats_usage, argc,
					  argv, &db_opt, &format);

	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (optind < argc) {
		rc = cli_usage_error("stats", "unexpected argument '%s'",
				     argv[optind]);
		goto out;
	}
	path = cli_db_path(g, db_opt);
	if (!path || cli_db_open(&db, path, FOLIO_DB_READONLY, NULL) < 0)
		goto out;
	if (folio_db_stats_get(&st, db) < 0) {
		cli_lib_error("cannot read the figures of %s", path);
		goto out;
	}
	if (format == CLI_FORMAT_JSON)
		print_json(path, &st);
	else
		print_text(path, &st);
	rc = CLI_EXIT_OK;
out:
	folio_db_free(db);
	free(path);
	return rc;
}
