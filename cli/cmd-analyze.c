/*
 * cmd-analyze.c - folio analyze: show how the analyzer reads a text, so
 * that "why didn't this match?" has an answer: each token with the text
 * it came from, its byte offsets, its position and the terms it puts in
 * an index (or looks for in a query).
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_analyze_usage[] =
	"Usage: folio analyze [OPTIONS] TEXT...\n"
	"       folio analyze [OPTIONS] -      (the text from standard input)\n"
	"\n"
	"Print each token of TEXT as folio reads it, in documents and in\n"
	"queries alike: the text it came from, its byte offsets, its\n"
	"position, and the terms it is indexed under (a body word's term\n"
	"and its stem, Z + stem).  Lines marked 'alt' are other forms of the\n"
	"text at that position: 'email' for 'e-mail', each pair of Chinese\n"
	"or Japanese characters.\n"
	"\n"
	"With --db (or $FOLIO_DB), the text is read as that index reads it:\n"
	"its language and accent setting.  Otherwise with --lang, or in\n"
	"English.\n"
	"\n"
	"Options:\n"
	"      --lang LANG      a Snowball language (english, french, none,\n"
	"                       ...) or its ISO code (en, fr)\n"
	"      --keep-accents   read accents as significant (with --lang)\n"
	"      --format FORMAT  text (default) or json\n"
	"      --db DIR         use the analyzer of the index in DIR\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Exit status: 0 if the text has tokens, 1 if it has none, 2 on "
	"error.\n";

enum { OPT_LANG = 1000, OPT_KEEP_ACCENTS };

typedef struct printer {
	const char *text;
	cli_format format;
	int stemming;
	out_json json;
	size_t count;
} printer;

/* The terms a token gives a document's body, as the index writes them. */
static void print_terms_text(const printer *pr, const folio_token *t)
{
	out_safe(stdout, t->term, t->term_len, 0);
	if (pr->stemming && !(t->flags & FOLIO_TOKEN_NGRAM)) {
		fputs("  Z", stdout);
		out_safe(stdout, t->stem, t->stem_len, 0);
	}
}

static int print_token(const folio_token *t, void *payload)
{
	printer *pr = payload;
	int alt = (t->flags & FOLIO_TOKEN_ALT) != 0;
	char bytes[48];

	pr->count += !alt;
	if (pr->format == CLI_FORMAT_JSON) {
		out_json *j = &pr->json;
		out_json_begin_object(j);
		out_json_key(j, "text");
		out_json_string_len(j, pr->text + t->start,
				    t->end - t->start);
		out_json_key(j, "start");
		out_json_uint(j, t->start);
		out_json_key(j, "end");
		out_json_uint(j, t->end);
		out_json_key(j, "position");
		out_json_uint(j, t->position);
		out_json_key(j, "span");
		out_json_uint(j, t->span);
		out_json_key(j, "alt");
		out_json_uint(j, alt);
		out_json_key(j, "cjk");
		out_json_uint(j, (t->flags & FOLIO_TOKEN_CJK) != 0);
		out_json_key(j, "term");
		out_json_string_len(j, t->term, t->term_len);
		out_json_key(j, "stem");
		if (pr->stemming && !(t->flags & FOLIO_TOKEN_NGRAM))
			out_json_string_len(j, t->stem, t->stem_len);
		else
			out_json_string(j, "");
		out_json_end_object(j);
		return 0;
	}
	snprintf(bytes, sizeof bytes, "%zu-%zu", t->start, t->end);
	printf("%5u%c %-11s ", t->position, alt ? '+' : ' ', bytes);
	if (alt)
		printf("alt/%u ", t->span);
	out_safe(stdout, pr->text + t->start, t->end - t->start, 0);
	fputs("  ->  ", stdout);
	print_terms_text(pr, t);
	fputc('\n', stdout);
	return 0;
}

/* The text: the arguments joined by spaces, or standard input for "-". */
static char *read_text(int argc, char **argv, size_t *len)
{
	size_t cap = 0, n = 0;
	char *s = NULL;

	if (argc == 1 && strcmp(argv[0], "-") == 0) {
		FILE *f = stdin;
		size_t got;
		do {
			if (n + 4096 + 1 > cap) {
				char *p;
				cap = cap ? cap * 2 : 8192;
				p = realloc(s, cap);
				if (p == NULL) {
					free(s);
					return NULL;
				}
				s = p;
			}
			got = fread(s + n, 1, cap - n - 1, f);
			n += got;
		} while (got > 0);
		if (ferror(f)) {
			free(s);
			cli_error("analyze: cannot read standard input");
			return NULL;
		}
	} else {
		for (int i = 0; i < argc; i++)
			cap += strlen(argv[i]) + 1;
		s = malloc(cap + 1);
		if (s == NULL)
			return NULL;
		for (int i = 0; i < argc; i++) {
			size_t k = strlen(argv[i]);
			if (i > 0)
				s[n++] = ' ';
			memcpy(s + n, argv[i], k);
			n += k;
		}
	}
	if (s == NULL)
		s = calloc(1, 1);
	else
		s[n] = '\0';
	*len = n;
	return s;
}

int cmd_analyze(int argc, char **argv, const cli_globals *g)
{
	static const struct option options[] = {
		{"lang", required_argument, NULL, OPT_LANG},
		{"keep-accents", no_argument, NULL, OPT_KEEP_ACCENTS},
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	folio_analyzer_options aopts = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_analyzer *own = NULL, *analyzer = NULL;
	const char *db_opt = NULL, *lang = NULL;
	printer pr = {NULL, CLI_FORMAT_TEXT, 0, {0}, 0};
	folio_db *db = NULL;
	char *path = NULL, *text = NULL;
	size_t len = 0;
	int rc = CLI_EXIT_ERROR, c, keep_accents = 0;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case OPT_LANG:
			lang = optarg;
			break;
		case OPT_KEEP_ACCENTS:
			keep_accents = 1;
			break;
		case CLI_OPT_FORMAT:
			if (cli_parse_format("analyze", optarg, &pr.format) < 0)
				goto out;
			break;
		case CLI_OPT_DB:
			db_opt = optarg;
			break;
		case 'h':
			rc = cli_usage(cmd_analyze_usage);
			goto out;
		default:
			rc = cli_option_error("analyze", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_usage_error("analyze", "no text given; give the "
						"text, or '-' to read it "
						"from standard input");
		goto out;
	}
	if (lang != NULL && (db_opt != NULL || g->db != NULL)) {
		rc = cli_usage_error("analyze", "--lang and --db both choose "
						"the analyzer; give one");
		goto out;
	}
	if (lang == NULL && (db_opt != NULL || g->db != NULL ||
			     getenv("FOLIO_DB") != NULL)) {
		path = cli_db_path(g, db_opt);
		if (!path ||
		    cli_db_open(&db, path, FOLIO_DB_READONLY, NULL) < 0)
			goto out;
		analyzer = folio_db_analyzer(db);
	} else {
		aopts.language = lang;
		aopts.keep_accents = keep_accents;
		if (folio_analyzer_new(&own, &aopts) < 0) {
			cli_lib_error("analyze: cannot make the analyzer");
			goto out;
		}
		analyzer = own;
	}
	text = read_text(argc - optind, argv + optind, &len);
	if (text == NULL) {
		cli_error("analyze: out of memory");
		goto out;
	}
	pr.text = text;
	pr.stemming = strcmp(folio_analyzer_language(analyzer), "none") != 0;
	if (pr.format == CLI_FORMAT_JSON) {
		out_json_init(&pr.json, stdout);
		out_json_begin_object(&pr.json);
		out_json_key(&pr.json, "format_version");
		out_json_uint(&pr.json, CLI_FORMAT_VERSION);
		out_json_key(&pr.json, "language");
		out_json_string(&pr.json, folio_analyzer_language(analyzer));
		out_json_key(&pr.json, "tokens");
		out_json_begin_array(&pr.json);
	} else {
		printf("# language %s; columns: position ('+': another form "
		       "at that position), bytes, text, terms\n",
		       folio_analyzer_language(analyzer));
	}
	if (folio_analyze(analyzer, text, len, print_token, &pr) < 0) {
		cli_lib_error("analyze: cannot analyse the text");
		goto out;
	}
	if (pr.format == CLI_FORMAT_JSON) {
		out_json_end_array(&pr.json);
		out_json_end_object(&pr.json);
		out_json_finish(&pr.json);
	}
	rc = pr.count > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
out:
	folio_analyzer_free(own);
	folio_db_free(db);
	free(path);
	free(text);
	return rc;
}
