/*
 * main.c - the folio command: global options, the table of commands,
 * help, and the helpers every command shares (option errors, numbers,
 * where the index is, opening it).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv, const cli_globals *g);
	const char *usage;
	const char *summary;
} cli_command;

static const cli_command commands[] = {
	{"index", cmd_index, cmd_index_usage,
	 "add or update text files in the index"},
	{"search", cmd_search, cmd_search_usage,
	 "find the documents that match a query"},
	{"show", cmd_show, cmd_show_usage, "print a stored document"},
	{"stats", cmd_stats, cmd_stats_usage, "print figures about the index"},
	{"delete", cmd_delete, cmd_delete_usage,
	 "remove documents from the index"},
	{"analyze", cmd_analyze, cmd_analyze_usage,
	 "show the tokens and terms folio makes of a text"},
	{"similar", cmd_similar, cmd_similar_usage,
	 "find the documents most like a given one"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage_head[] =
	"Usage: folio [--db DIR] COMMAND [ARGS]...\n"
	"       folio help [COMMAND]\n"
	"       folio --version\n"
	"\n"
	"Full-text search over your text files.\n"
	"\n"
	"Commands:\n";

static const char main_usage_tail[] =
	"  help     show this help, or a command's\n"
	"\n"
	"Options:\n"
	"      --db DIR   the index to use (every command takes it too)\n"
	"  -h, --help     show this help and exit\n"
	"      --version  print the version and exit\n"
	"\n"
	"The index is the first of: --db DIR; $FOLIO_DB;\n"
	"$XDG_DATA_HOME/folio/index; $HOME/.local/share/folio/index.\n"
	"\n"
	"Exit status: 0 if something was found or done, 1 if nothing was\n"
	"found, 2 on error.\n"
	"\n"
	"Example:\n"
	"  folio index ~/notes && folio search huawei korea\n"
	"\n"
	"Run 'folio help COMMAND' for a command's options.\n";

static void print_main_usage(FILE *f)
{
	fputs(main_usage_head, f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fputs(main_usage_tail, f);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Helpers for the commands                                            */
/* ------------------------------------------------------------------ */

void cli_getopt_reset(void)
{
	/* 0, not 1: glibc and musl then also forget the state of a
	 * half-parsed group of short options and rescan the optstring. */
	optind = 0;
	opterr = 0;
}

static void try_help(const char *cmd)
{
	if (cmd)
		fprintf(stderr, "Try 'folio help %s' for more information.\n",
			cmd);
	else
		fputs("Try 'folio help' for more information.\n", stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("folio: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	try_help(cmd);
	return CLI_EXIT_ERROR;
}

/*
 * getopt_long with opterr off says little: optopt is the short option
 * (or the long option's value), 0 for an unknown long option, and
 * argv[optind - 1] is the argument it stopped at.
 */
int cli_option_error(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	int is_long = strncmp(arg, "--", 2) == 0;
	char *eq = NULL;
	int rc;

	if (c == ':' && is_long) {
		rc = cli_usage_error(cmd, "option '%s' needs a value", arg);
	} else if (c == ':') {
		rc = cli_usage_error(cmd, "option '-%c' needs a value",
				     optopt);
	} else if (is_long && optopt != 0) {
		/* A known long option given "=value" it does not take. */
		eq = strchr(arg, '=');
		rc = cli_usage_error(cmd, "option '%.*s' takes no value",
				     eq ? (int)(eq - arg) : (int)strlen(arg),
				     arg);
	} else if (is_long) {
		rc = cli_usage_error(cmd, "unknown option '%s'", arg);
	} else {
		rc = cli_usage_error(cmd, "unknown option '-%c'", optopt);
	}
	return rc;
}

int cli_usage(const char *usage)
{
	fputs(usage, stdout);
	return CLI_EXIT_OK;
}

int cli_parse_count(const char *cmd, const char *opt, const char *arg,
		    size_t min, size_t *out)
{
	unsigned long long v = 0;
	char *end = NULL;
	int rc = -1;

	/* strtoull alone would take " 5", "+5" and even "-5". */
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno == ERANGE || v > SIZE_MAX || v < min)
		goto bad;
	*out = (size_t)v;
	rc = 0;
	goto out;
bad:
	cli_usage_error(cmd, "%s expects %s, got '%s'", opt,
			min > 0 ? "a positive number" : "a number (0 or more)",
			arg);
out:
	return rc;
}

int cli_parse_simple_options(const char *cmd, const char *usage, int argc,
			     char **argv, const char **db, cli_format *format)
{
	static const struct option with_format[] = {
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* The same without --format: skip its entry. */
	const struct option *longopts = format ? with_format : with_format + 1;
	int rc = -1;
	int c;

	cli_getopt_reset();
	while (rc < 0 &&
	       (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_FORMAT:
			if (cli_parse_format(cmd, optarg, format) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case CLI_OPT_DB:
			*db = optarg;
			break;
		case 'h':
			rc = cli_usage(usage);
			break;
		default:
			rc = cli_option_error(cmd, c, argv);
			break;
		}
	}
	return rc;
}

int cli_parse_format(const char *cmd, const char *arg, cli_format *out)
{
	int rc = 0;

	if (strcmp(arg, "text") == 0)
		*out = CLI_FORMAT_TEXT;
	else if (strcmp(arg, "json") == 0)
		*out = CLI_FORMAT_JSON;
	else
		rc = -1;
	if (rc < 0)
		cli_usage_error(cmd, "--format expects 'text' or 'json', "
			        "got '%s'", arg);
	return rc;
}

int cli_parse_color(const char *cmd, const char *arg, cli_color *out)
{
	int rc = 0;

	if (strcmp(arg, "auto") == 0)
		*out = CLI_COLOR_AUTO;
	else if (strcmp(arg, "always") == 0)
		*out = CLI_COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0)
		*out = CLI_COLOR_NEVER;
	else
		rc = -1;
	if (rc < 0)
		cli_usage_error(cmd, "--color expects 'auto', 'always' or "
			        "'never', got '%s'", arg);
	return rc;
}

static char *join(const char *dir, const char *rest)
{
	size_t n = strlen(dir) + strlen(rest) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s", dir, rest);
	return p;
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

char *cli_db_path(const cli_globals *g, const char *db_opt)
{
	const char *v = NULL;
	char *path = NULL;

	if (db_opt && db_opt[0]) {
		path = strdup(db_opt);
	} else if (g->db && g->db[0]) {
		path = strdup(g->db);
	} else if ((v = env_nonempty("FOLIO_DB"))) {
		path = strdup(v);
	} else if ((v = env_nonempty("XDG_DATA_HOME")) && v[0] == '/') {
		/* The XDG spec says to ignore a relative XDG_DATA_HOME. */
		path = join(v, "/folio/index");
	} else if ((v = env_nonempty("HOME"))) {
		path = join(v, "/.local/share/folio/index");
	} else {
		cli_error("cannot tell where the index is: use --db DIR, "
			  "or set FOLIO_DB or HOME");
		goto out;
	}
	if (!path)
		cli_error("out of memory");
out:
	return path;
}

int cli_db_open(folio_db **out, const char *path, unsigned int flags,
		const char *language)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	const char *warning = NULL;
	int rc;

	opts.flags = flags;
	opts.language = language;
	rc = folio_db_open(out, path, &opts);
	if (rc == FOLIO_OK) {
		warning = folio_db_warning(*out);
		if (warning)
			cli_warning("%s", warning);
	} else if (rc == FOLIO_ENOTFOUND && !(flags & FOLIO_DB_CREATE)) {
		cli_error("no index at %s; create one with "
			  "'folio index --db %s PATH...'", path, path);
	} else if (rc == FOLIO_ELOCKED) {
		/* The library's message has the details; say plainly what
		 * it means and what to do. */
		cli_lib_error("cannot write to index %s", path);
		cli_error("another folio is writing to this index; try again "
			  "when it has finished");
	} else {
		cli_lib_error("cannot open index %s", path);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* folio itself                                                        */
/* ------------------------------------------------------------------ */

static int run_help(int argc, char **argv)
{
	const cli_command *cmd = NULL;
	int rc = CLI_EXIT_OK;

	if (argc < 2) {
		print_main_usage(stdout);
	} else if (argc > 2) {
		rc = cli_usage_error("help", "too many arguments");
	} else if (strcmp(argv[1], "help") == 0) {
		print_main_usage(stdout);
	} else if ((cmd = find_command(argv[1]))) {
		fputs(cmd->usage, stdout);
	} else {
		rc = cli_usage_error(NULL, "no command '%s'", argv[1]);
	}
	return rc;
}

static int run_command(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = NULL;
	int rc;

	if (strcmp(argv[0], "help") == 0) {
		rc = run_help(argc, argv);
	} else if ((cmd = find_command(argv[0]))) {
		rc = cmd->run(argc, argv, g);
	} else {
		rc = cli_usage_error(NULL, "unknown command '%s'", argv[0]);
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	cli_globals g = {NULL};
	int rc = -1;
	int c;

	cli_getopt_reset();
	/* '+': the first word that is not an option is the command, and
	 * everything after it is the command's to parse. */
	while (rc < 0 && (c = getopt_long(argc, argv, "+:h", longopts,
					  NULL)) != -1) {
		switch (c) {
		case CLI_OPT_DB:
			g.db = optarg;
			break;
		case 'h':
			print_main_usage(stdout);
			rc = CLI_EXIT_OK;
			break;
		case 'V':
			printf("folio %s\n", folio_version());
			rc = CLI_EXIT_OK;
			break;
		default:
			rc = cli_option_error(NULL, c, argv);
			break;
		}
	}
	if (rc >= 0)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error(NULL, "no command given");
		goto out;
	}
	rc = run_command(argc - optind, argv + optind, &g);
out:
	/* A failed write to stdout (a full disk, a closed pipe) is an
	 * error too, not a silent success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}
