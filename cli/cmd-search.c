/*
 * cmd-search.c - folio search: run a query, print the hits for people
 * (ranked list with highlighted snippets) or for scripts (JSON).
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_search_usage[] =
	"Usage: folio search [OPTIONS] QUERY...\n"
	"\n"
	"Find the documents that match QUERY (its words are joined with\n"
	"spaces), best first.\n"
	"\n"
	"Options:\n"
	"  -n, --limit N        show at most N hits (default 10)\n"
	"      --offset N       skip the first N hits, to page through them\n"
	"      --all            require every word, however many\n"
	"      --any            match any of the words, more is better\n"
	"                       (default: all words of short queries, any\n"
	"                       of longer ones or when none has them all)\n"
	"      --format FORMAT  text (default) or json\n"
	"      --color WHEN     auto (default), always or never; auto\n"
	"                       colours a terminal unless NO_COLOR is set\n"
	"      --db DIR         the index to search\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Query language:\n"
	"  huawei korea         both words (pressure also finds pressuring)\n"
	"  huawei OR zte        either word\n"
	"  huawei -china        without china; also huawei NOT china\n"
	"  \"LG Uplus\"           these words in this order\n"
	"  (a OR b) c           parentheses group\n"
	"  title:seoul          a word in the title\n"
	"  source:reuters       a word of a field\n"
	"  date:2019-05         documents of a year, month or day\n"
	"  date:2019..2020      a range; also date:2019-05.., date:<2020\n"
	"  a NEAR/3 b, a ADJ/3 b  at most 3 words apart (ADJ: in order)\n"
	"  huaw*                words starting with huaw\n"
	"\n"
	"Options may come before or after the query.  A word starting with\n"
	"'-' that is not one of the options above is part of the query\n"
	"(huawei -china); after '--' everything is.\n"
	"\n"
	"Exit status: 0 if documents matched, 1 if none did, 2 on error.\n";

typedef struct search_opts {
	const char *db;
	folio_search_options search;
	folio_query_options query;
	cli_format format;
	cli_color color;
} search_opts;

/* The options search knows, with whether each takes a value. */
static const struct {
	const char *name;
	int takes_value;
} known_options[] = {
	{"-n", 1},        {"--limit", 1}, {"--offset", 1}, {"--any", 0},
	{"--all", 0},
	{"--format", 1},  {"--color", 1}, {"--colour", 1}, {"--db", 1},
	{"-h", 0},        {"--help", 0},
};

/*
 * How many arguments from argv[i] form one of search's options (1 or 2,
 * with its value), or 0 if argv[i] is not one: then it is a query word.
 * "--name=value" and "-nVALUE" count as one.  A "--word" that is no
 * option is still taken as one, so that getopt reports the typo rather
 * than the query silently searching for it.
 */
static int option_span(int argc, char **argv, int i)
{
	const char *arg = argv[i];
	if (arg[0] != '-' || arg[1] == '\0')
		return 0;
	for (size_t k = 0; k < sizeof known_options / sizeof *known_options;
	     k++) {
		const char *name = known_options[k].name;
		size_t n = strlen(name);
		if (strncmp(arg, name, n) != 0)
			continue;
		if (arg[n] == '\0')
			return known_options[k].takes_value && i + 1 < argc
				       ? 2
				       : 1;
		if ((arg[n] == '=' && name[1] == '-') ||
		    (name[1] != '-' && known_options[k].takes_value))
			return 1;
	}
	return arg[1] == '-' ? 1 : 0;
}

/*
 * Split argv into the options (kept in argv, in order, for getopt) and
 * the query words (moved to words), so that options may follow the
 * query and "-word" in a query excludes a word.  Returns the new argc.
 */
static int split_arguments(int argc, char **argv, char **words, int *nwords)
{
	int kept = 1;
	*nwords = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				words[(*nwords)++] = argv[i];
			break;
		}
		int span = option_span(argc, argv, i);
		if (span == 0) {
			words[(*nwords)++] = argv[i];
			continue;
		}
		for (int k = 0; k < span; k++)
			argv[kept++] = argv[i + k];
		i += span - 1;
	}
	argv[kept] = NULL;
	return kept;
}

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse_options(search_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, CLI_OPT_OFFSET},
		{"any", no_argument, NULL, CLI_OPT_ANY},
		{"all", no_argument, NULL, CLI_OPT_ALL},
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"color", required_argument, NULL, CLI_OPT_COLOR},
		{"colour", required_argument, NULL, CLI_OPT_COLOR},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int rc = -1;
	int c;

	cli_getopt_reset();
	while (rc < 0 &&
	       (c = getopt_long(argc, argv, ":n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_count("search", "--limit", optarg, 1,
					    &o->search.limit) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case CLI_OPT_OFFSET:
			if (cli_parse_count("search", "--offset", optarg, 0,
					    &o->search.offset) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case CLI_OPT_ANY:
			o->query.default_op = FOLIO_QUERY_OR;
			break;
		case CLI_OPT_ALL:
			o->query.default_op = FOLIO_QUERY_AND;
			break;
		case CLI_OPT_FORMAT:
			if (cli_parse_format("search", optarg, &o->format) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case CLI_OPT_COLOR:
			if (cli_parse_color("search", optarg, &o->color) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case CLI_OPT_DB:
			o->db = optarg;
			break;
		case 'h':
			rc = cli_usage(cmd_search_usage);
			break;
		default:
			rc = cli_option_error("search", c, argv);
			break;
		}
	}
	return rc;
}

/* The query words joined with spaces; NULL if out of memory. */
static char *join_words(int argc, char **argv)
{
	size_t n = 1;
	char *s = NULL;

	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	s = malloc(n);
	if (!s)
		goto out;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
out:
	return s;
}

/* The query with the column of a syntax error marked under it. */
static void report_syntax_error(const char *text)
{
	const folio_error *e = folio_error_last();

	if (e->column > 0) {
		/* The message names the column; the caret shows it. */
		cli_error("query syntax error: %s", e->message);
		fputs("  ", stderr);
		out_safe_str(stderr, text, 0);
		fputs("\n  ", stderr);
		out_caret(stderr, text, e->column);
	} else {
		/* too many terms, too deep, a prefix* too wide */
		cli_error("query '%s' cannot be run: %s", text, e->message);
	}
}

static const char *title_of(const folio_doc *doc)
{
	const char *title = folio_doc_title(doc);

	return title[0] ? title : "(untitled)";
}

static int print_text_hit(const folio_results *res, size_t i, size_t rank,
			  const folio_query *query, int color)
{
	const folio_doc *doc = folio_results_doc(res, i);
	folio_snippet *snippet = NULL;
	const char *text = NULL;
	size_t len = 0;
	int indent = 0;
	int rc;

	rc = folio_results_snippet(&snippet, res, i, query, NULL);
	if (rc < 0) {
		cli_lib_error("cannot make a snippet of %s",
			      folio_doc_id(doc));
		goto out;
	}
	indent = printf("%zu. ", rank);
	fputs(color ? OUT_SGR_BOLD : "", stdout);
	out_safe_str(stdout, title_of(doc), 0);
	fputs(color ? OUT_SGR_RESET : "", stdout);
	printf("\n%*s%s", indent, "", color ? OUT_SGR_ID : "");
	out_safe_str(stdout, folio_doc_id(doc), 0);
	printf("%s \u00b7 score %.2f\n", color ? OUT_SGR_RESET : "",
	       folio_results_score(res, i));
	text = folio_snippet_text(snippet, &len);
	if (len > 0) {
		printf("%*s", indent, "");
		out_highlighted(stdout, text, len, snippet, color);
		fputc('\n', stdout);
	}
	fputc('\n', stdout);
out:
	folio_snippet_free(snippet);
	return rc;
}

static int print_text(const folio_results *res, const folio_query *query,
		      const search_opts *o)
{
	size_t count = folio_results_count(res);
	uint64_t estimate = folio_results_estimate(res);
	size_t first = o->search.offset + 1;
	int color = out_color_wanted(o->color);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = print_text_hit(res, i, first + i, query, color);
	if (rc < 0)
		goto out;
	/* The estimate can fall short of what was actually seen. */
	if (estimate < o->search.offset + count)
		estimate = o->search.offset + count;
	printf("Showing %zu-%zu of about %llu %s.\n", first,
	       first + count - 1, (unsigned long long)estimate,
	       estimate == 1 ? "match" : "matches");
out:
	return rc;
}

static void json_fields(out_json *j, const folio_doc *doc)
{
	size_t n = folio_doc_field_count(doc);

	out_json_begin_object(j);
	for (size_t i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL;

		if (folio_doc_field_at(doc, i, &name, &value) < 0)
			continue;
		out_json_key(j, name);
		out_json_string(j, value);
	}
	out_json_end_object(j);
}

static void json_highlights(out_json *j, const folio_snippet *snippet)
{
	size_t len = 0;
	const char *text = folio_snippet_text(snippet, &len);
	size_t n = folio_snippet_span_count(snippet);

	out_json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		size_t start = 0, end = 0;

		if (folio_snippet_span(snippet, i, &start, &end) < 0 ||
		    end < start || end > len)
			continue;
		out_json_begin_array(j);
		out_json_uint(j, out_json_offset(text, len, start));
		out_json_uint(j, out_json_offset(text, len, end));
		out_json_end_array(j);
	}
	out_json_end_array(j);
}

static int print_json_hit(out_json *j, const folio_results *res, size_t i,
			  size_t rank, const folio_query *query)
{
	const folio_doc *doc = folio_results_doc(res, i);
	folio_snippet *snippet = NULL;
	const char *text = NULL;
	size_t len = 0;
	int rc;

	rc = folio_results_snippet(&snippet, res, i, query, NULL);
	if (rc < 0) {
		cli_lib_error("cannot make a snippet of %s",
			      folio_doc_id(doc));
		goto out;
	}
	text = folio_snippet_text(snippet, &len);
	out_json_begin_object(j);
	out_json_key(j, "rank");
	out_json_uint(j, rank);
	out_json_key(j, "id");
	out_json_string(j, folio_doc_id(doc));
	out_json_key(j, "title");
	out_json_string(j, folio_doc_title(doc));
	out_json_key(j, "score");
	out_json_double(j, folio_results_score(res, i));
	out_json_key(j, "fields");
	json_fields(j, doc);
	out_json_key(j, "snippet");
	out_json_string_len(j, text, len);
	out_json_key(j, "highlights");
	json_highlights(j, snippet);
	out_json_end_object(j);
out:
	folio_snippet_free(snippet);
	return rc;
}

static void json_head(out_json *j, const folio_results *res,
		      const char *text, const search_opts *o)
{
	out_json_key(j, "format_version");
	out_json_uint(j, CLI_FORMAT_VERSION);
	out_json_key(j, "query");
	out_json_string(j, text);
	out_json_key(j, "offset");
	out_json_uint(j, o->search.offset);
	out_json_key(j, "limit");
	out_json_uint(j, o->search.limit);
	out_json_key(j, "estimate");
	out_json_uint(j, folio_results_estimate(res));
}

/*
 * The document is built in memory and printed only when every hit is
 * ready, so that a failure half-way never leaves broken JSON on stdout.
 */
static int print_json(const folio_results *res, const folio_query *query,
		      const char *text, const search_opts *o)
{
	size_t count = folio_results_count(res);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	out_json j;
	int rc = 0;

	if (!mem) {
		cli_error("out of memory");
		rc = -1;
		goto out;
	}
	out_json_init(&j, mem);
	out_json_begin_object(&j);
	json_head(&j, res, text, o);
	out_json_key(&j, "hits");
	out_json_begin_array(&j);
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = print_json_hit(&j, res, i, o->search.offset + i + 1,
				    query);
	out_json_end_array(&j);
	out_json_end_object(&j);
	out_json_finish(&j);
	if (fclose(mem) != 0 && rc == 0) {
		cli_error("out of memory");
		rc = -1;
	}
	if (rc == 0)
		fwrite(buf, 1, len, stdout);
out:
	free(buf);
	return rc;
}

/*
 * Search, and if another process committed to the index meanwhile
 * (FOLIO_EMODIFIED), reopen it once and search again.
 */
static int run_query(folio_results **out, folio_db *db,
		     const folio_query *query, const search_opts *o)
{
	int rc = folio_db_search(out, db, query, &o->search);

	if (rc == FOLIO_EMODIFIED && folio_db_reopen(db) == 0)
		rc = folio_db_search(out, db, query, &o->search);
	return rc;
}

/* Parse and run the query text on the open index, print the hits. */
static int search(folio_db *db, const char *text, const search_opts *o)
{
	folio_query *query = NULL;
	folio_results *res = NULL;
	int rc = CLI_EXIT_ERROR;

	if (folio_query_parse(&query, db, text, &o->query) < 0) {
		if (folio_error_last()->code == FOLIO_EQUERY)
			report_syntax_error(text);
		else
			cli_lib_error("cannot parse the query '%s'", text);
		goto out;
	}
	if (run_query(&res, db, query, o) < 0) {
		if (folio_error_last()->code == FOLIO_EQUERY)
			report_syntax_error(text);
		else
			cli_lib_error("search failed");
		goto out;
	}
	if (o->format == CLI_FORMAT_JSON) {
		if (print_json(res, query, text, o) < 0)
			goto out;
	} else if (folio_results_count(res) > 0) {
		if (print_text(res, query, o) < 0)
			goto out;
	} else if (o->search.offset > 0 && folio_results_estimate(res) > 0) {
		cli_error("no more documents match '%s' after the first %zu",
			  text, o->search.offset);
	} else {
		cli_error("no documents match '%s'", text);
	}
	rc = folio_results_count(res) > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
out:
	folio_results_free(res);
	folio_query_free(query);
	return rc;
}

int cmd_search(int argc, char **argv, const cli_globals *g)
{
	search_opts o = {NULL, FOLIO_SEARCH_OPTIONS_INIT,
			 FOLIO_QUERY_OPTIONS_INIT, CLI_FORMAT_TEXT,
			 CLI_COLOR_AUTO};
	folio_db *db = NULL;
	char *path = NULL;
	char *text = NULL;
	char **words = calloc((size_t)argc + 1, sizeof *words);
	int nwords = 0;
	int rc = CLI_EXIT_ERROR;

	if (!words) {
		cli_error("out of memory");
		goto out;
	}
	argc = split_arguments(argc, argv, words, &nwords);
	rc = parse_options(&o, argc, argv);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (nwords == 0) {
		rc = cli_usage_error("search", "no query given");
		goto out;
	}
	text = join_words(nwords, words);
	if (!text) {
		cli_error("out of memory");
		goto out;
	}
	path = cli_db_path(g, o.db);
	if (!path || cli_db_open(&db, path, FOLIO_DB_READONLY, NULL) < 0)
		goto out;
	rc = search(db, text, &o);
out:
	folio_db_free(db);
	free(path);
	free(text);
	free(words);
	return rc;
}
