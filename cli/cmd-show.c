/*
 * cmd-show.c - folio show: print one stored document, its id, title and
 * fields, then its body.
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

const char cmd_show_usage[] =
	"Usage: folio show [OPTIONS] ID\n"
	"\n"
	"Print the stored document ID: its id, title and fields, a blank\n"
	"line, then its body.  The id of an indexed file is its path as it\n"
	"was given to 'folio index'; 'folio search' shows ids.\n"
	"\n"
	"Options:\n"
	"      --format FORMAT  text (default) or json\n"
	"      --db DIR         the index to read\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Exit status: 0 if the document was found, 1 if not, 2 on error.\n";

static void print_line(const char *label, const char *value)
{
	/* Field names are checked by the library when set, but an index
	 * is a file anyone could have written. */
	out_safe_str(stdout, label, 0);
	fputs(": ", stdout);
	out_safe_str(stdout, value, 0);
	fputc('\n', stdout);
}

static void print_text(const folio_doc *doc)
{
	size_t n = folio_doc_field_count(doc);
	size_t len = 0;
	const char *body = folio_doc_body(doc, &len);

	print_line("id", folio_doc_id(doc));
	print_line("title", folio_doc_title(doc));
	for (size_t i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL;

		if (folio_doc_field_at(doc, i, &name, &value) == 0)
			print_line(name, value);
	}
	fputc('\n', stdout);
	out_safe(stdout, body, len, OUT_KEEP_NEWLINE | OUT_KEEP_TAB);
	if (len > 0 && body[len - 1] != '\n')
		fputc('\n', stdout);
}

static void print_json(const folio_doc *doc)
{
	size_t n = folio_doc_field_count(doc);
	size_t len = 0;
	const char *body = folio_doc_body(doc, &len);
	out_json j;

	out_json_init(&j, stdout);
	out_json_begin_object(&j);
	out_json_key(&j, "format_version");
	out_json_uint(&j, CLI_FORMAT_VERSION);
	out_json_key(&j, "id");
	out_json_string(&j, folio_doc_id(doc));
	out_json_key(&j, "title");
	out_json_string(&j, folio_doc_title(doc));
	out_json_key(&j, "fields");
	out_json_begin_object(&j);
	for (size_t i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL;

		if (folio_doc_field_at(doc, i, &name, &value) < 0)
			continue;
		out_json_key(&j, name);
		out_json_string(&j, value);
	}
	out_json_end_object(&j);
	out_json_key(&j, "body");
	out_json_string_len(&j, body, len);
	out_json_end_object(&j);
	out_json_finish(&j);
}

int cmd_show(int argc, char **argv, const cli_globals *g)
{
	cli_format format = CLI_FORMAT_TEXT;
	const char *db_opt = NULL;
	folio_db *db = NULL;
	folio_doc *doc = NULL;
	char *path = NULL;
	int rc = cli_parse_simple_options("show", cmd_show_usage, argc,
					  argv, &db_opt, &format);

	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (argc - optind != 1) {
		rc = cli_usage_error("show", "%s", argc - optind < 1 ?
				     "no document id given" :
				     "give exactly one document id");
		goto out;
	}
	path = cli_db_path(g, db_opt);
	if (!path || cli_db_open(&db, path, FOLIO_DB_READONLY, NULL) < 0)
		goto out;
	if (folio_db_get(&doc, db, argv[optind]) < 0) {
		if (folio_error_last()->code == FOLIO_ENOTFOUND) {
			cli_error("no document with id '%s' in %s; "
				  "'folio search' shows the ids",
				  argv[optind], path);
			rc = CLI_EXIT_NOTHING;
		} else {
			cli_lib_error("cannot read document '%s'",
				      argv[optind]);
		}
		goto out;
	}
	if (format == CLI_FORMAT_JSON)
		print_json(doc);
	else
		print_text(doc);
	rc = CLI_EXIT_OK;
out:
	folio_doc_free(doc);
	folio_db_free(db);
	free(path);
	return rc;
}
