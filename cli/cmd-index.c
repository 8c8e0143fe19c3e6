/*
 * cmd-index.c - folio index: add text files to the index, walking
 * directories.
 *
 * Bad input is skipped with a warning and the rest goes on; a failure of
 * the index itself stops the run, and whatever was added since the last
 * commit is dropped, so the index stays as of its last commit.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Documents per commit: fewer commits are faster, and a commit also
 * bounds what an interrupted run loses. */
#define COMMIT_EVERY 1000

const char cmd_index_usage[] =
	"Usage: folio index [OPTIONS] PATH...\n"
	"\n"
	"Add files to the index, or update them if they are already there.\n"
	"A directory is searched recursively for .txt and .md files, leaving\n"
	"out hidden names (starting with '.') and not following symbolic\n"
	"links to directories; a file named on the command line is indexed\n"
	"whatever its name.  Each file is one document, whose id is its path\n"
	"as given.  A file may start with a front-matter block of\n"
	"'key: value' lines between '---' lines (title, date, source,\n"
	"author, ...); otherwise its first line is the title.  Unreadable\n"
	"and binary files are skipped with a warning.\n"
	"\n"
	"The index and its parent directories are created if missing.\n"
	"\n"
	"Options:\n"
	"      --lang LANG  stemming language of a new index (default\n"
	"                   english; 'none' turns stemming off)\n"
	"      --db DIR     the index to create or update\n"
	"  -h, --help       show this help and exit\n"
	"\n"
	"Exit status: 0 on success (even if files inside a directory were\n"
	"skipped), 2 on error, including a PATH that cannot be read: the\n"
	"other PATHs are still indexed, but a script learns of the typo.\n";

typedef struct indexer {
	folio_db *db;
	const char *db_path;
	size_t added;     /* documents added in this run */
	size_t committed; /* of which committed */
	size_t skipped;   /* files and directories left out */
	size_t unreadable; /* of which PATHs named on the command line */
	int failed;       /* a fatal error was reported: stop */
} indexer;

typedef struct index_opts {
	const char *db;
	const char *language;
} index_opts;

static int visit(indexer *ix, const char *path, int named);

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse_options(index_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"lang", required_argument, NULL, CLI_OPT_LANG},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int rc = -1;
	int c;

	cli_getopt_reset();
	while (rc < 0 &&
	       (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_LANG:
			o->language = optarg;
			break;
		case CLI_OPT_DB:
			o->db = optarg;
			break;
		case 'h':
			rc = cli_usage(cmd_index_usage);
			break;
		default:
			rc = cli_option_error("index", c, argv);
			break;
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */

/*
 * The path without "." components and doubled or trailing slashes:
 * "./data//a.txt" is "data/a.txt", so that one file always gets the
 * same document id.  ".." is kept: with symbolic links, "a/.." need not
 * be where it seems.  NULL if out of memory.
 */
static char *normalize_path(const char *in)
{
	char *out = malloc(strlen(in) + 2);
	const char *p = in;
	size_t o = 0;

	if (!out)
		goto out;
	if (*p == '/')
		out[o++] = '/';
	while (*p) {
		const char *seg = NULL;
		size_t len = 0;

		while (*p == '/')
			p++;
		seg = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (o > 0 && out[o - 1] != '/')
			out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
out:
	return out;
}

/* dir/name, normalized; NULL if out of memory. */
static char *child_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *joined = malloc(n);
	char *path = NULL;

	if (joined) {
		snprintf(joined, n, "%s/%s", dir, name);
		path = normalize_path(joined);
	}
	free(joined);
	return path;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* Whether a directory walk should index this file name. */
static int is_text_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (strcasecmp(dot, ".txt") == 0 ||
		       strcasecmp(dot, ".md") == 0);
}

/*
 * Create the missing parent directories of the index (its own directory
 * is made when the index is).  Mode 0700, as the XDG base directory
 * specification asks for the default location.  0, or -1 after an error.
 */
static int make_parents(const char *path)
{
	char *p = strdup(path);
	struct stat st;
	int rc = 0;

	if (!p) {
		cli_error("out of memory");
		rc = -1;
		goto out;
	}
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		/* stat first: mkdir on an existing directory one may not
		 * write in fails with EACCES or EROFS, not EEXIST. */
		if (stat(p, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				cli_error("cannot create the index %s: %s is "
					  "not a directory", path, p);
				rc = -1;
			}
		} else if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			cli_error("cannot create directory %s: %s", p,
				  strerror(errno));
			rc = -1;
		}
		*s = '/';
	}
out:
	free(p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/*
 * Read a whole file into *out (NUL added after *len_out bytes).
 * Returns 0 or an errno value.
 */
static int read_whole(const char *path, char **out, size_t *len_out)
{
	struct stat st;
	size_t cap = 0, len = 0;
	char *buf = NULL, *bigger = NULL;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_NOCTTY);
	int err = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		err = errno;
		goto out;
	}
	/* The size is a hint: the file may grow while it is read. */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	do {
		if (len + 1 >= cap || !buf) {
			cap = buf ? cap * 2 : cap;
			bigger = realloc(buf, cap);
			if (!bigger) {
				err = ENOMEM;
				goto out;
			}
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno != EINTR) {
			err = errno;
			goto out;
		}
		len += n > 0 ? (size_t)n : 0;
	} while (n != 0);
	buf[len] = '\0';
	*out = buf;
	*len_out = len;
	buf = NULL;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

/* Commit when a batch is full, or at the end (force). */
static void commit(indexer *ix, int force)
{
	size_t pending = ix->added - ix->committed;

	if (ix->failed || pending == 0 || (!force && pending < COMMIT_EVERY))
		goto out;
	if (folio_db_commit(ix->db) < 0) {
		cli_lib_error("cannot commit to %s", ix->db_path);
		ix->failed = 1;
		goto out;
	}
	ix->committed = ix->added;
out:
	return;
}

/* Make the document of one file and add it to the index. */
static void add_document(indexer *ix, const char *id, const char *text,
			 size_t len)
{
	folio_doc *doc = NULL;

	if (folio_doc_new(&doc, id) < 0 ||
	    folio_doc_parse_text(doc, text, len) < 0 ||
	    folio_doc_set_field(doc, "path", id) < 0 ||
	    (folio_doc_title(doc)[0] == '\0' &&
	     folio_doc_set_title(doc, base_name(id)) < 0) ||
	    folio_db_add(ix->db, doc) < 0) {
		cli_lib_error("cannot index %s", id);
		ix->failed = 1;
		goto out;
	}
	ix->added++;
	commit(ix, 0);
out:
	folio_doc_free(doc);
}

/* Index one file; named: it was given on the command line, so failing
 * to read it is an error of the run, not only a skipped file. */
static void index_file(indexer *ix, const char *path, int named)
{
	char *text = NULL;
	size_t len = 0;
	int err = read_whole(path, &text, &len);

	if (err == ENOMEM) {
		cli_error("cannot read %s: %s", path, strerror(err));
		ix->failed = 1;
	} else if (err && named) {
		cli_error("cannot index %s: %s", path, strerror(err));
		ix->skipped++;
		ix->unreadable++;
	} else if (err) {
		cli_warning("skipping %s: %s", path, strerror(err));
		ix->skipped++;
	} else if (memchr(text, '\0', len)) {
		cli_warning("skipping %s: binary file (it contains NUL "
			    "bytes)", path);
		ix->skipped++;
	} else {
		add_document(ix, path, text, len);
	}
	free(text);
}

/* ------------------------------------------------------------------ */
/* Directories                                                         */
/* ------------------------------------------------------------------ */

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Sorted, so that runs on the same files add them in the same order. */
static void walk_dir(indexer *ix, const char *dir)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, not_hidden, alphasort);

	if (n < 0) {
		cli_warning("skipping directory %s: %s", dir,
			    strerror(errno));
		ix->skipped++;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		char *path = NULL;

		if (!ix->failed) {
			path = child_path(dir, list[i]->d_name);
			if (path)
				visit(ix, path, 0);
			else
				ix->failed = 1;
		}
		free(path);
		free(list[i]);
	}
out:
	free(list);
}

/*
 * Index what is at path.  A path named on the command line is followed
 * if it is a link and indexed whatever its name; inside a walk only .txt
 * and .md files are, and links only to such files.
 */
static int visit(indexer *ix, const char *path, int named)
{
	struct stat st;
	int rc = named ? stat(path, &st) : lstat(path, &st);

	if (rc == 0 && !named && S_ISLNK(st.st_mode)) {
		if (!is_text_name(base_name(path)))
			goto out;
		rc = stat(path, &st);
		if (rc == 0 && S_ISDIR(st.st_mode))
			goto out;
	}
	if (rc < 0 && named) {
		cli_error("cannot index %s: %s", path, strerror(errno));
		ix->skipped++;
		ix->unreadable++;
	} else if (rc < 0) {
		cli_warning("skipping %s: %s", path, strerror(errno));
		ix->skipped++;
	} else if (S_ISDIR(st.st_mode)) {
		walk_dir(ix, path);
	} else if (S_ISREG(st.st_mode) &&
		   (named || is_text_name(base_name(path)))) {
		index_file(ix, path, named);
	} else if (named && !S_ISREG(st.st_mode)) {
		cli_warning("skipping %s: not a regular file or directory",
			    path);
		ix->skipped++;
	}
out:
	return ix->failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_summary(const indexer *ix, const struct timespec *t0)
{
	fprintf(stderr, "indexed %zu document%s into ", ix->added,
		ix->added == 1 ? "" : "s");
	out_safe_str(stderr, ix->db_path, 0);
	if (ix->skipped > 0)
		fprintf(stderr, " (%zu skipped)", ix->skipped);
	fprintf(stderr, " in %.2f s\n", seconds_since(t0));
}

/* Index every argument; 0, or -1 after a fatal error. */
static int index_all(indexer *ix, int argc, char **argv)
{
	for (int i = 0; i < argc && !ix->failed; i++) {
		char *path = normalize_path(argv[i]);

		if (!path) {
			cli_error("out of memory");
			ix->failed = 1;
		} else {
			visit(ix, path, 1);
		}
		free(path);
	}
	commit(ix, 1);
	if (ix->failed && ix->committed > 0)
		cli_error("stopped; the %zu documents committed before the "
			  "error are kept, the rest is not", ix->committed);
	return ix->failed ? -1 : 0;
}

int cmd_index(int argc, char **argv, const cli_globals *g)
{
	index_opts o = {NULL, NULL};
	indexer ix = {NULL, NULL, 0, 0, 0, 0, 0};
	struct timespec t0;
	char *path = NULL;
	int rc = parse_options(&o, argc, argv);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (optind >= argc) {
		rc = cli_usage_error("index", "no file or directory given");
		goto out;
	}
	path = cli_db_path(g, o.db);
	if (!path || make_parents(path) < 0 ||
	    cli_db_open(&ix.db, path, FOLIO_DB_WRITABLE | FOLIO_DB_CREATE,
			o.language) < 0)
		goto out;
	ix.db_path = path;
	if (index_all(&ix, argc - optind, argv + optind) < 0)
		goto out;
	print_summary(&ix, &t0);
	rc = ix.unreadable ? CLI_EXIT_ERROR : CLI_EXIT_OK;
out:
	/* Drops whatever was not committed. */
	folio_db_free(ix.db);
	free(path);
	return rc;
}
