/*
 * cli.h - what the files of the folio command-line tool share.
 *
 * The tool is cli/main.c (the table of commands and the helpers every
 * command uses), one cli/cmd-<name>.c per command, and cli/output.c (the
 * printers: safe text, colour, JSON).  It uses libfolio only through
 * include/folio.h.
 */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "folio.h"

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit codes, like grep's. */
enum {
	CLI_EXIT_OK = 0,      /* found something, or did what was asked */
	CLI_EXIT_NOTHING = 1, /* nothing found */
	CLI_EXIT_ERROR = 2,   /* usage error or failure */
	CLI_EXIT_SKIPPED = 3  /* index: done, but some inputs were skipped */
};

/* What `folio [--db DIR] COMMAND` passes on to the command. */
typedef struct cli_globals {
	const char *db; /* --db given before the command, or NULL */
} cli_globals;

typedef enum cli_format {
	CLI_FORMAT_TEXT,
	CLI_FORMAT_JSON
} cli_format;

typedef enum cli_color {
	CLI_COLOR_AUTO,
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER
} cli_color;

/* The version of the JSON documents folio prints ("format_version"). */
#define CLI_FORMAT_VERSION 1

/* Options every command takes; long-only options use values above 255. */
enum {
	CLI_OPT_DB = 256,
	CLI_OPT_FORMAT,
	CLI_OPT_COLOR,
	CLI_OPT_OFFSET,
	CLI_OPT_ANY,
	CLI_OPT_ALL,
	CLI_OPT_LANG
};

/* ================================================================== */
/* The commands, one per cmd-<name>.c                                  */
/* ================================================================== */

/*
 * Each takes its own argv (argv[0] is the command name), parses its
 * options with getopt_long and returns an exit code (CLI_EXIT_*).
 * Each command's usage text is what `folio help NAME` and `folio NAME
 * --help` print.
 */
int cmd_index(int argc, char **argv, const cli_globals *g);
int cmd_search(int argc, char **argv, const cli_globals *g);
int cmd_show(int argc, char **argv, const cli_globals *g);
int cmd_stats(int argc, char **argv, const cli_globals *g);
int cmd_delete(int argc, char **argv, const cli_globals *g);
int cmd_analyze(int argc, char **argv, const cli_globals *g);
int cmd_similar(int argc, char **argv, const cli_globals *g);

extern const char cmd_index_usage[];
extern const char cmd_search_usage[];
extern const char cmd_show_usage[];
extern const char cmd_stats_usage[];
extern const char cmd_delete_usage[];
extern const char cmd_analyze_usage[];
extern const char cmd_similar_usage[];

/*
 * Interface to code in cmd-search.c: search and similar share their
 * options and printers.  similar: argv's operand is a document id, not
 * a query.
 */
int cli_search_command(int argc, char **argv, const cli_globals *g,
		       int similar);

/* ================================================================== */
/* Interface to code in main.c: helpers for the commands               */
/* ================================================================== */

/*
 * Start option parsing of a command afresh.  Every command calls this
 * before its getopt_long loop, because main() has already used getopt.
 */
void cli_getopt_reset(void);

/*
 * Report what getopt_long returned for a bad option (c is '?' or ':')
 * and return CLI_EXIT_ERROR.  Commands use the optstring prefix ":" so
 * that a missing value is told apart from an unknown option.
 */
int cli_option_error(const char *cmd, int c, char **argv);

/*
 * Report a usage error of command cmd (NULL for folio itself) as one
 * line, then "Try 'folio help CMD'", and return CLI_EXIT_ERROR.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	CLI_PRINTF(2, 3);

/* Print a command's usage text to stdout and return CLI_EXIT_OK. */
int cli_usage(const char *usage);

/*
 * Parse the value of a numeric option: decimal digits only, at least
 * min.  Returns 0, or reports a usage error and returns -1.
 */
int cli_parse_count(const char *cmd, const char *opt, const char *arg,
		    size_t min, size_t *out);

/*
 * Parse the options of a command that takes only --db, --help and, when
 * format is not NULL, --format.  Returns -1 to go on (with optind at the
 * first operand), else the exit code.
 */
int cli_parse_simple_options(const char *cmd, const char *usage, int argc,
			     char **argv, const char **db, cli_format *format);

/* Parse --format and --color values; 0, or -1 after a usage error. */
int cli_parse_format(const char *cmd, const char *arg, cli_format *out);
int cli_parse_color(const char *cmd, const char *arg, cli_color *out);

/*
 * Where the index is: the command's --db (db_opt), else the global --db,
 * else $FOLIO_DB, else $XDG_DATA_HOME/folio/index, else
 * $HOME/.local/share/folio/index.  Returns a string to free(), or NULL
 * after reporting that no location could be found.
 */
char *cli_db_path(const cli_globals *g, const char *db_opt);

/*
 * Open the index at path with the given folio_db_flags and language
 * (NULL: the index's own).  Prints the index's warning, if any.
 * Returns 0, or reports the failure in words that say what to do and
 * returns the negative FOLIO_E* code.
 */
int cli_db_open(folio_db **out, const char *path, unsigned int flags,
		const char *language);

/* ================================================================== */
/* Interface to code in output.c: the printers                         */
/* ================================================================== */

/* Flags of out_safe(): what layout characters may pass through raw. */
#define OUT_KEEP_NEWLINE 1u
#define OUT_KEEP_TAB 2u
/* newline, tab and carriage return as one space: one-line layouts */
#define OUT_SPACE_LAYOUT 4u

/*
 * Print len bytes of untrusted text (anything that came from a document,
 * a file name or the user) so that it cannot act on the terminal: C0
 * controls (but newline and tab when the flags allow), DEL, C1 controls
 * and bidirectional overrides are shown escaped ("\x1b", "\u202e"), and
 * invalid UTF-8 becomes U+FFFD.  Escape sequences of the CLI's own
 * colours never go through here.
 */
void out_safe(FILE *f, const char *s, size_t len, unsigned int flags);
void out_safe_str(FILE *f, const char *s, unsigned int flags);

/*
 * Print a line of spaces (tabs kept) that puts a caret under the 1-based
 * column (in characters) of s as out_safe() prints it.
 */
void out_caret(FILE *f, const char *s, int column);

/* Messages on stderr, "folio: ..." and "folio: warning: ...", with the
 * formatted text printed safely. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "folio: <what>: <folio_error_last()->message>". */
void cli_lib_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* --- Colour ------------------------------------------------------- */

#define OUT_SGR_BOLD "\033[1m"
#define OUT_SGR_ID "\033[32m"     /* green */
#define OUT_SGR_MATCH "\033[1;31m" /* bold red, like grep */
#define OUT_SGR_RESET "\033[0m"

/*
 * Whether to colour stdout: always, never, or (auto) when stdout is a
 * terminal, TERM is set and not "dumb", and NO_COLOR is unset or empty.
 */
int out_color_wanted(cli_color mode);

/*
 * Print a snippet's text (len bytes) safely, on one line, with the spans
 * folio_snippet_span() gives in the match colour when color is set.
 */
void out_highlighted(FILE *f, const char *text, size_t len,
		     const folio_snippet *snippet, int color);

/* --- JSON ---------------------------------------------------------- */

#define OUT_JSON_MAX_DEPTH 16

/*
 * A small JSON writer, one value after another; it puts the commas and
 * colons.  Strings are escaped so that any input gives valid JSON:
 * quotes, backslash and every control character as \u00XX, invalid
 * UTF-8 as \ufffd.
 */
typedef struct out_json {
	FILE *f;
	unsigned int depth;
	int after_key;
	unsigned char first[OUT_JSON_MAX_DEPTH]; /* nothing yet at depth */
} out_json;

void out_json_init(out_json *j, FILE *f);
void out_json_begin_object(out_json *j);
void out_json_end_object(out_json *j);
void out_json_begin_array(out_json *j);
void out_json_end_array(out_json *j);
void out_json_key(out_json *j, const char *key);
void out_json_string(out_json *j, const char *s);
void out_json_string_len(out_json *j, const char *s, size_t len);
void out_json_uint(out_json *j, uint64_t v);
void out_json_double(out_json *j, double v);
void out_json_bool(out_json *j, int v);
/* End the document with a newline. */
void out_json_finish(out_json *j);

/*
 * Where byte offset off of s (len bytes) lands once out_json_string_len
 * has replaced invalid UTF-8 with U+FFFD, so that highlight offsets stay
 * right in the text a JSON reader gets.
 */
size_t out_json_offset(const char *s, size_t len, size_t off);

/* ================================================================== */
/* Interface to code in index-walk.c: the directory walk of index      */
/* ================================================================== */

#include <sys/stat.h>

typedef struct walk_opts {
	char **includes; /* globs a file must match one of (if any) */
	size_t nincludes;
	char **excludes; /* globs that leave files and directories out */
	size_t nexcludes;
	int follow;      /* follow symbolic links */
} walk_opts;

/* A file to index (path is root/..., normalized); non-zero stops. */
typedef int (*walk_file_cb)(const char *path, const struct stat *st,
			    void *payload);
/* Something left out with a reason; dir: a directory that could not be
 * read, so documents under it must not be taken for deleted. */
typedef void (*walk_skip_cb)(const char *path, const char *reason, int dir,
			     void *payload);

/*
 * Walk the directory root recursively, in sorted order, calling on_file
 * for each regular file not left out by hidden names, .gitignore and
 * .folioignore files, the globs of o, or symbolic links (followed only
 * with o->follow, and then never into a loop).  Returns 0, or what
 * on_file returned to stop.
 */
int walk_tree(const char *root, const walk_opts *o, walk_file_cb on_file,
	      walk_skip_cb on_skip, void *payload);

/* Whether glob matches path: '*' and '?' stop at '/', '**' does not,
 * [...] as in fnmatch. */
int walk_glob_match(const char *glob, const char *path);

#endif /* FOLIO_CLI_H */
