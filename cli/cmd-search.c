/*
 * cmd-search.c - folio search: run a query, print the hits for people
 * (ranked list with highlighted snippets) or for scripts (JSON).
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* How much of a query an error message quotes, in bytes. */
#define QUERY_ECHO_MAX 80

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
	"      --since DATE     only documents dated DATE or later\n"
	"      --until DATE     only documents dated DATE or earlier; DATE\n"
	"                       is YYYY, YYYY-MM or YYYY-MM-DD (a year or\n"
	"                       month covers all of it); undated documents\n"
	"                       are left out by either\n"
	"      --sort ORDER     relevance (default) or date (newest first)\n"
	"      --reverse        the other way round\n"
	"      --facet FIELD    count the matches per value of FIELD (source,\n"
	"                       author, year, any field); may be repeated\n"
	"      --explain        show which terms each hit matched, where,\n"
	"                       and what each added to the score\n"
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
	"When a word of the query is rare in the index and a close word is\n"
	"much more common, folio asks \"Did you mean: ...?\"; when the query\n"
	"finds nothing, it shows the results for the suggestion instead.\n"
	"\n"
	"Options may come before or after the query.  A word starting with\n"
	"'-' that is not one of the options above is part of the query\n"
	"(huawei -china); after '--' everything is.  A single letter, as in\n"
	"'-i', gets a warning: it leaves out the documents with that word.\n"
	"\n"
	"Exit status: 0 if documents matched, 1 if none did, 2 on error.\n";

/* Options of search (and similar) only: above cli.h's shared ones. */
enum {
	OPT_SINCE = 512,
	OPT_UNTIL,
	OPT_SORT,
	OPT_REVERSE,
	OPT_FACET,
	OPT_EXPLAIN
};

typedef struct search_opts {
	const char *db;
	folio_search_options search;
	folio_query_options query;
	cli_format format;
	cli_color color;
	const char *cmd;     /* "search" or "similar", for messages */
	const char *usage;
	const char **facets; /* --facet values (room for argc) */
	int explain;
} search_opts;

/* The options search knows, with whether each takes a value. */
static const struct {
	const char *name;
	int takes_value;
} known_options[] = {
	{"-n", 1},        {"--limit", 1}, {"--offset", 1}, {"--any", 0},
	{"--all", 0},
	{"--format", 1},  {"--color", 1}, {"--colour", 1}, {"--db", 1},
	{"-h", 0},        {"--help", 0},    {"--since", 1},  {"--until", 1},
	{"--sort", 1},    {"--reverse", 0}, {"--facet", 1},  {"--explain", 0},
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
 * "-i", "-w" or "-l" among the words looks like grep's option, but in a
 * query it leaves out every document with that word: "folio search -i
 * scheduler" would drop every English text with an "I" in it.  Say so;
 * "NOT i", or any word after "--", means it without the warning.
 */
static void warn_if_option_like(const char *arg)
{
	if (arg[0] == '-' && isalpha((unsigned char)arg[1]) && arg[2] == '\0')
		cli_warning("'%s' is not an option of 'folio search': it "
			    "leaves out every document with the word '%c' "
			    "(searches ignore case anyway); to mean that, "
			    "write 'NOT %c'",
			    arg, arg[1], arg[1]);
}

/*
 * Split argv into the options (kept in argv, in order, for getopt) and
 * the query words (moved to words), so that options may follow the
 * query and "-word" in a query excludes a word.  For a query (not a
 * document id), warn of words that look like an option.  Returns the
 * new argc.
 */
static int split_arguments(int argc, char **argv, char **words, int *nwords,
			   int query)
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
			if (query)
				warn_if_option_like(argv[i]);
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

/*
 * Check a --since or --until value here, so that a typo is a usage
 * error before any index is opened; the library checks it again.
 */
static int parse_date(const search_opts *o, const char *opt, const char *arg)
{
	size_t n = strlen(arg);
	int ok = n == 4 || n == 7 || n == 10;

	for (size_t i = 0; ok && i < n; i++)
		ok = (i == 4 || i == 7) ? arg[i] == '-'
					: (arg[i] >= '0' && arg[i] <= '9');
	if (ok && n >= 7)
		ok = strncmp(arg + 5, "01", 2) >= 0 &&
		     strncmp(arg + 5, "12", 2) <= 0;
	if (ok && n == 10)
		ok = strncmp(arg + 8, "01", 2) >= 0 &&
		     strncmp(arg + 8, "31", 2) <= 0;
	if (!ok)
		cli_usage_error(o->cmd,
				"%s expects a date as YYYY, YYYY-MM or "
				"YYYY-MM-DD (e.g. 2019-05), got '%s'",
				opt, arg);
	return ok ? 0 : -1;
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
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"sort", required_argument, NULL, OPT_SORT},
		{"reverse", no_argument, NULL, OPT_REVERSE},
		{"facet", required_argument, NULL, OPT_FACET},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
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
		case OPT_SINCE:
		case OPT_UNTIL:
			if (parse_date(o, c == OPT_SINCE ? "--since" : "--until",
				       optarg) < 0)
				rc = CLI_EXIT_ERROR;
			else if (c == OPT_SINCE)
				o->search.since = optarg;
			else
				o->search.until = optarg;
			break;
		case OPT_SORT:
			if (strcmp(optarg, "relevance") == 0)
				o->search.sort = FOLIO_SORT_RELEVANCE;
			else if (strcmp(optarg, "date") == 0)
				o->search.sort = FOLIO_SORT_DATE;
			else
				rc = cli_usage_error(o->cmd,
						     "--sort expects 'relevance' "
						     "or 'date', got '%s'",
						     optarg);
			break;
		case OPT_REVERSE:
			o->search.reverse = 1;
			break;
		case OPT_FACET:
			o->facets[o->search.nfacets++] = optarg;
			break;
		case OPT_EXPLAIN:
			o->explain = 1;
			break;
		case 'h':
			rc = cli_usage(o->usage);
			break;
		default:
			rc = cli_option_error(o->cmd, c, argv);
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
		/* too many terms, too deep, a prefix* too wide; a query of
		 * a pasted blob is not echoed whole */
		size_t n = strlen(text), shown = n;
		if (n > QUERY_ECHO_MAX) {
			shown = QUERY_ECHO_MAX; /* at a character's start */
			while (shown > 0 && (text[shown] & 0xC0) == 0x80)
				shown--;
		}
		cli_error("query '%.*s%s' cannot be run: %s", (int)shown,
			  text, shown < n ? "..." : "", e->message);
	}
}

static const char *title_of(const folio_doc *doc)
{
	const char *title = folio_doc_title(doc);

	return title[0] ? title : "(untitled)";
}

/* The explanation of hit i, or NULL when none is asked for (or after
 * an error, reported; *rc is then negative). */
static folio_explain *explain_hit(const folio_results *res, size_t i,
				  const folio_query *query,
				  const search_opts *o, int *rc)
{
	folio_explain *e = NULL;

	*rc = 0;
	if (o->explain && (*rc = folio_results_explain(&e, res, i, query)) < 0)
		cli_lib_error("cannot explain the hit %s",
			      folio_doc_id(folio_results_doc(res, i)));
	return e;
}

/* "   Zhuawei +0.12 (3 times) at bytes 10-16, 40-46" per term. */
static void print_text_explain(const folio_explain *e, int indent)
{
	size_t n = folio_explain_count(e);

	for (size_t k = 0; k < n; k++) {
		const folio_explain_term *t = folio_explain_term_at(e, k);

		printf("%*s", indent, "");
		out_safe_str(stdout, t->term, 0);
		printf(" +%.2f (%lu %s)", t->weight, (unsigned long)t->wdf,
		       t->wdf == 1 ? "time" : "times");
		if (t->npositions > 0)
			fputs(" at words", stdout);
		for (size_t p = 0; p < t->npositions; p++)
			printf("%s %lu", p ? "," : "",
			       (unsigned long)t->positions[p]);
		if (t->noffsets > 0)
			fputs(t->npositions ? "; bytes" : " at bytes", stdout);
		for (size_t p = 0; p < t->noffsets; p++)
			printf("%s %zu-%zu", p ? "," : "", t->offsets[p][0],
			       t->offsets[p][1]);
		fputc('\n', stdout);
	}
}

static int print_text_hit(const folio_results *res, size_t i, size_t rank,
			  const folio_query *query, const search_opts *o,
			  int color)
{
	folio_explain *explain = NULL;
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
	explain = explain_hit(res, i, query, o, &rc);
	if (rc < 0)
		goto out;
	indent = printf("%zu. ", rank);
	fputs(color ? OUT_SGR_BOLD : "", stdout);
	/* A tab in a title is layout (a tab-separated headline), shown as a
	 * space, not as "\x09"; other control characters stay escaped. */
	out_safe_str(stdout, title_of(doc), OUT_SPACE_LAYOUT);
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
	print_text_explain(explain, indent);
	fputc('\n', stdout);
out:
	folio_explain_free(explain);
	folio_snippet_free(snippet);
	return rc;
}

/* "source: Reuters (2) · SCMP (1)", one line per facet. */
static void print_text_facets(const folio_results *res)
{
	size_t n = folio_results_facet_count(res);

	for (size_t i = 0; i < n; i++) {
		size_t size = folio_results_facet_size(res, i);

		out_safe_str(stdout, folio_results_facet_name(res, i), 0);
		fputc(':', stdout);
		for (size_t k = 0; k < size; k++) {
			const char *value = NULL;
			uint64_t count = 0;

			if (folio_results_facet_value(res, i, k, &value,
						      &count) < 0)
				continue;
			fputs(k ? " \u00b7 " : " ", stdout);
			out_safe_str(stdout, value, OUT_SPACE_LAYOUT);
			printf(" (%llu)", (unsigned long long)count);
		}
		fputs(size ? "\n" : " (none)\n", stdout);
	}
	if (n > 0)
		fputc('\n', stdout);
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
		rc = print_text_hit(res, i, first + i, query, o, color);
	if (rc < 0)
		goto out;
	print_text_facets(res);
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

static void json_explain(out_json *j, const folio_explain *e)
{
	size_t n = folio_explain_count(e);

	out_json_begin_array(j);
	for (size_t k = 0; k < n; k++) {
		const folio_explain_term *t = folio_explain_term_at(e, k);

		out_json_begin_object(j);
		out_json_key(j, "term");
		out_json_string(j, t->term);
		out_json_key(j, "weight");
		out_json_double(j, t->weight);
		out_json_key(j, "wdf");
		out_json_uint(j, t->wdf);
		out_json_key(j, "positions");
		out_json_begin_array(j);
		for (size_t p = 0; p < t->npositions; p++)
			out_json_uint(j, t->positions[p]);
		out_json_end_array(j);
		out_json_key(j, "offsets");
		out_json_begin_array(j);
		for (size_t p = 0; p < t->noffsets; p++) {
			out_json_begin_array(j);
			out_json_uint(j, t->offsets[p][0]);
			out_json_uint(j, t->offsets[p][1]);
			out_json_end_array(j);
		}
		out_json_end_array(j);
		out_json_end_object(j);
	}
	out_json_end_array(j);
}

static void json_facets(out_json *j, const folio_results *res)
{
	size_t n = folio_results_facet_count(res);

	out_json_begin_object(j);
	for (size_t i = 0; i < n; i++) {
		size_t size = folio_results_facet_size(res, i);

		out_json_key(j, folio_results_facet_name(res, i));
		out_json_begin_array(j);
		for (size_t k = 0; k < size; k++) {
			const char *value = NULL;
			uint64_t count = 0;

			if (folio_results_facet_value(res, i, k, &value,
						      &count) < 0)
				continue;
			out_json_begin_object(j);
			out_json_key(j, "value");
			out_json_string(j, value);
			out_json_key(j, "count");
			out_json_uint(j, count);
			out_json_end_object(j);
		}
		out_json_end_array(j);
	}
	out_json_end_object(j);
}

static int print_json_hit(out_json *j, const folio_results *res, size_t i,
			  size_t rank, const folio_query *query,
			  const search_opts *o)
{
	folio_explain *explain = NULL;
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
	explain = explain_hit(res, i, query, o, &rc);
	if (rc < 0)
		goto out;
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
	if (explain) {
		out_json_key(j, "explain");
		json_explain(j, explain);
	}
	out_json_end_object(j);
out:
	folio_explain_free(explain);
	folio_snippet_free(snippet);
	return rc;
}

/* What one run of search or similar looked for, for the printers. */
typedef struct search_run {
	const char *text;    /* the query as typed, or similar's id */
	int similar;         /* text is a document id */
	char *suggestion;    /* "did you mean", or NULL */
	int retried;         /* the hits are the suggestion's */
} search_run;

static void json_head(out_json *j, const folio_results *res,
		      const search_run *run, const search_opts *o)
{
	out_json_key(j, "format_version");
	out_json_uint(j, CLI_FORMAT_VERSION);
	out_json_key(j, "query");
	out_json_string(j, run->text);
	if (run->similar) {
		out_json_key(j, "similar_to");
		out_json_string(j, run->text);
	}
	out_json_key(j, "offset");
	out_json_uint(j, o->search.offset);
	out_json_key(j, "limit");
	out_json_uint(j, o->search.limit);
	out_json_key(j, "estimate");
	out_json_uint(j, folio_results_estimate(res));
	if (run->suggestion) {
		out_json_key(j, "suggestion");
		out_json_string(j, run->suggestion);
	}
	if (run->retried) {
		out_json_key(j, "results_for");
		out_json_string(j, run->suggestion);
	}
	if (o->search.nfacets > 0) {
		out_json_key(j, "facets");
		json_facets(j, res);
	}
}

/*
 * The document is built in memory and printed only when every hit is
 * ready, so that a failure half-way never leaves broken JSON on stdout.
 */
static int print_json(const folio_results *res, const folio_query *query,
		      const search_run *run, const search_opts *o)
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
	json_head(&j, res, run, o);
	out_json_key(&j, "hits");
	out_json_begin_array(&j);
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = print_json_hit(&j, res, i, o->search.offset + i + 1,
				    query, o);
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

/* The query for text (or for the documents like the one text names),
 * run; a failure is reported. */
static int query_and_run(folio_query **query, folio_results **res,
			 folio_db *db, const char *text, int similar,
			 const search_opts *o)
{
	int rc;

	if (similar)
		rc = folio_query_similar(query, db, text, NULL);
	else
		rc = folio_query_parse(query, db, text, &o->query);
	if (rc < 0) {
		if (folio_error_last()->code == FOLIO_EQUERY)
			report_syntax_error(text);
		else if (similar)
			cli_lib_error("cannot find documents like %s", text);
		else
			cli_lib_error("cannot parse the query '%s'", text);
		goto out;
	}
	rc = run_query(res, db, *query, o);
	if (rc == FOLIO_EQUERY)
		report_syntax_error(text);
	else if (rc == FOLIO_EINVALID)
		/* a date or a facet the options asked for */
		cli_usage_error(o->cmd, "%s", folio_error_last()->message);
	else if (rc < 0)
		cli_lib_error("search failed");
out:
	return rc;
}

/*
 * When the query found nothing and there is a suggestion, run that
 * instead; *query and *res are then the suggestion's.
 */
static int retry_suggestion(folio_query **query, folio_results **res,
			    folio_db *db, search_run *run,
			    const search_opts *o)
{
	folio_query *q2 = NULL;
	folio_results *r2 = NULL;
	int rc = 0;

	if (run->suggestion == NULL || run->similar ||
	    folio_results_count(*res) > 0 || o->search.offset > 0)
		goto out;
	rc = query_and_run(&q2, &r2, db, run->suggestion, 0, o);
	if (rc < 0 || folio_results_count(r2) == 0)
		goto out;
	folio_results_free(*res);
	folio_query_free(*query);
	*res = r2;
	*query = q2;
	r2 = NULL;
	q2 = NULL;
	run->retried = 1;
out:
	folio_results_free(r2);
	folio_query_free(q2);
	return rc;
}

/* Run the query (or find similar documents) on the open index, print
 * the hits. */
static int search(folio_db *db, search_run *run, const search_opts *o)
{
	folio_query *query = NULL;
	folio_results *res = NULL;
	int rc = CLI_EXIT_ERROR;

	if (query_and_run(&query, &res, db, run->text, run->similar, o) < 0)
		goto out;
	/* A suggestion is only a hint: failing to make one is no error. */
	if (!run->similar &&
	    folio_db_suggest(&run->suggestion, db, run->text, NULL) < 0)
		cli_warning("no spelling suggestion: %s",
			    folio_error_last()->message);
	if (retry_suggestion(&query, &res, db, run, o) < 0)
		goto out;
	if (o->format == CLI_FORMAT_JSON) {
		if (print_json(res, query, run, o) < 0)
			goto out;
	} else if (folio_results_count(res) > 0) {
		if (run->retried) {
			fputs("No match for '", stdout);
			out_safe_str(stdout, run->text, OUT_SPACE_LAYOUT);
			fputs("'; showing results for '", stdout);
			out_safe_str(stdout, run->suggestion, OUT_SPACE_LAYOUT);
			fputs("'.\n\n", stdout);
		} else if (run->suggestion) {
			fputs("Did you mean: ", stdout);
			out_safe_str(stdout, run->suggestion, OUT_SPACE_LAYOUT);
			fputs("?\n\n", stdout);
		}
		if (print_text(res, query, o) < 0)
			goto out;
	} else if (o->search.offset > 0 && folio_results_estimate(res) > 0) {
		cli_error("no more documents match '%s' after the first %zu",
			  run->text, o->search.offset);
	} else if (run->similar) {
		cli_error("no other document is like %s", run->text);
	} else if (run->suggestion) {
		cli_error("no documents match '%s', nor '%s'", run->text,
			  run->suggestion);
	} else {
		cli_error("no documents match '%s'", run->text);
	}
	rc = folio_results_count(res) > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
out:
	folio_results_free(res);
	folio_query_free(query);
	return rc;
}

int cli_search_command(int argc, char **argv, const cli_globals *g,
		       int similar)
{
	search_opts o = {NULL,
			 FOLIO_SEARCH_OPTIONS_INIT,
			 FOLIO_QUERY_OPTIONS_INIT,
			 CLI_FORMAT_TEXT,
			 CLI_COLOR_AUTO,
			 similar ? "similar" : "search",
			 similar ? cmd_similar_usage : cmd_search_usage,
			 NULL,
			 0};
	search_run run = {NULL, similar, NULL, 0};
	folio_db *db = NULL;
	char *path = NULL;
	char *text = NULL;
	char **words = calloc((size_t)argc + 1, sizeof *words);
	int nwords = 0;
	int rc = CLI_EXIT_ERROR;

	o.facets = calloc((size_t)argc + 1, sizeof *o.facets);
	if (!words || !o.facets) {
		cli_error("out of memory");
		goto out;
	}
	o.search.facets = o.facets;
	/* Each hit's body is read by its snippet, when that is cut: with
	 * the bodies in the body store (index format 3), the snippets of
	 * a page then share one buffer. */
	argc = split_arguments(argc, argv, words, &nwords, !similar);
	rc = parse_options(&o, argc, argv);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (nwords == 0) {
		rc = cli_usage_error(o.cmd, similar ? "no document id given"
						    : "no query given");
		goto out;
	}
	if (similar && nwords > 1) {
		rc = cli_usage_error(o.cmd, "one document id expected, got "
				     "%d words (quote an id with spaces)",
				     nwords);
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
	run.text = text;
	rc = search(db, &run, &o);
out:
	folio_suggestion_free(run.suggestion);
	folio_db_free(db);
	free(path);
	free(text);
	free(o.facets);
	free(words);
	return rc;
}

int cmd_search(int argc, char **argv, const cli_globals *g)
{
	return cli_search_command(argc, argv, g, 0);
}
