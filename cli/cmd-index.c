/*
 * cmd-index.c - folio index: add files and records to the index, doing
 * only the work that changed since the last run.
 *
 * Each document indexed from a file carries a stamp (size, modification
 * time, content hash): a file whose size and time are unchanged is not
 * read again, one whose content hash is unchanged is not indexed again,
 * and documents of files gone from a walked directory are deleted.
 * Bad input is skipped with a warning and the rest goes on; a failure of
 * the index itself stops the run, and whatever was added since the last
 * commit is dropped, so the index stays as of its last commit.
 */
#define _GNU_SOURCE /* renameat2 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "index-run.h"

const char cmd_index_usage[] =
	"Usage: folio index [OPTIONS] PATH...\n"
	"       folio index [OPTIONS] --jsonl FILE|-\n"
	"\n"
	"Add files to the index, update those that changed since the last\n"
	"run and delete the documents of files that are gone.  A directory\n"
	"is searched recursively for .txt, .text, .md, .markdown, .html and\n"
	".htm files, leaving out hidden names (starting with '.'), what\n"
	".gitignore and .folioignore files exclude (git's patterns: '!',\n"
	"'dir/', '/anchored', '**'), and symbolic links (unless --follow).\n"
	"A file named on the command line is indexed whatever its name\n"
	"(as text unless its extension says otherwise).\n"
	"\n"
	"Each file is one document whose id is its path as given, cleaned\n"
	"of './' and doubled slashes: run from the same directory with the\n"
	"same PATH (or an absolute one) and ids stay stable.  A file whose\n"
	"size and time did not change is not read; one whose content did\n"
	"not change is not indexed again.  Documents whose files are gone\n"
	"from a directory PATH (deleted, or now ignored) are deleted; no\n"
	"other document is.  Text is decoded from UTF-8, UTF-16 with a BOM,\n"
	"or a legacy encoding ICU recognises.\n"
	"\n"
	"Options:\n"
	"      --lang LANG      stemming language of a new index (default\n"
	"                       english; 'none' turns stemming off)\n"
	"      --keep-accents   in a new index, accents count: 'cafe' does\n"
	"                       not find 'caf\u00e9' (by default it does)\n"
	"      --db DIR         the index to create or update\n"
	"      --jsonl FILE     read JSON Lines records ('-': standard\n"
	"                       input): one object a line with id, title,\n"
	"                       body and string fields\n"
	"      --map KEY=FIELD  in JSON Lines, KEY holds FIELD (id, title,\n"
	"                       body or a field name); repeatable\n"
	"      --include GLOB   index only files matching GLOB (repeatable;\n"
	"                       a GLOB without '/' matches the file name)\n"
	"      --exclude GLOB   leave out files and directories matching\n"
	"                       GLOB (repeatable)\n"
	"      --follow         follow symbolic links (never round a loop)\n"
	"      --dry-run        say what would change, change nothing\n"
	"      --rebuild        build a new index beside the old one and\n"
	"                       swap it in atomically when complete\n"
	"      --wait SECONDS   wait this long for another writer to finish\n"
	"                       (default 0: fail at once)\n"
	"      --commit-every N commit every N documents (default 1000)\n"
	"      --commit-mb MB   and every MB megabytes read (default 64)\n"
	"      --max-size MB    skip files larger than this (default 64)\n"
	"  -j, --jobs N         writers building a new index (an empty one,\n"
	"                       or --rebuild) in parallel (default: the\n"
	"                       number of processors); updates use one\n"
	"      --memory MB      keep indexing memory near MB megabytes by\n"
	"                       committing sooner (default 256; files are\n"
	"                       read whole, so add --max-size)\n"
	"      --format FORMAT  summary as 'text' (on stderr, the default) or\n"
	"                       'json' (on stdout)\n"
	"  -q, --quiet          no warnings, progress or summary\n"
	"  -v, --verbose        say what happens to each document\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"A progress line is shown on standard error when it is a terminal.\n"
	"\n"
	"Exit status: 0 when every input went in, 3 when some files or\n"
	"records were skipped (each is reported with its reason), 2 on\n"
	"error, including a PATH that cannot be read: the other PATHs are\n"
	"still indexed, but a script learns of the typo.\n";

/* More writers than this cost memory and gain nothing. */
#define MAX_JOBS 64

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse_options(index_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"lang", required_argument, NULL, CLI_OPT_LANG},
		{"keep-accents", no_argument, NULL, 'K'},
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"jsonl", required_argument, NULL, 'J'},
		{"map", required_argument, NULL, 'M'},
		{"include", required_argument, NULL, 'I'},
		{"exclude", required_argument, NULL, 'X'},
		{"follow", no_argument, NULL, 'L'},
		{"dry-run", no_argument, NULL, 'n'},
		{"rebuild", no_argument, NULL, 'R'},
		{"wait", required_argument, NULL, 'W'},
		{"commit-every", required_argument, NULL, 'C'},
		{"commit-mb", required_argument, NULL, 'B'},
		{"max-size", required_argument, NULL, 'S'},
		{"jobs", required_argument, NULL, 'j'},
		{"memory", required_argument, NULL, 'm'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int rc = -1;
	int c;

	cli_getopt_reset();
	while (rc < 0 &&
	       (c = getopt_long(argc, argv, ":hqvj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'K':
			o->accents = FOLIO_ACCENTS_KEEP;
			break;
		case CLI_OPT_LANG:
			o->language = optarg;
			break;
		case CLI_OPT_DB:
			o->db = optarg;
			break;
		case CLI_OPT_FORMAT:
			if (cli_parse_format("index", optarg, &o->format) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'J':
			o->jsonl = optarg;
			break;
		case 'M':
			if (run_list_add(&o->map, &o->nmap, optarg) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'I':
			if (run_list_add(&o->walk.includes,
					 &o->walk.nincludes, optarg) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'X':
			if (run_list_add(&o->walk.excludes,
					 &o->walk.nexcludes, optarg) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'L':
			o->walk.follow = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'R':
			o->rebuild = 1;
			break;
		case 'W':
			if (cli_parse_count("index", "--wait", optarg, 0,
					    &o->wait) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'C':
			if (cli_parse_count("index", "--commit-every", optarg,
					    1, &o->commit_every) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'B':
			if (cli_parse_count("index", "--commit-mb", optarg, 1,
					    &o->commit_mb) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'S':
			if (cli_parse_count("index", "--max-size", optarg, 1,
					    &o->max_mb) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'j':
			if (cli_parse_count("index", "--jobs", optarg, 1,
					    &o->jobs) < 0)
				rc = CLI_EXIT_ERROR;
			else if (o->jobs > MAX_JOBS)
				rc = cli_usage_error("index",
						     "--jobs: at most 64 "
						     "writers");
			break;
		case 'm':
			if (cli_parse_count("index", "--memory", optarg, 16,
					    &o->memory_mb) < 0)
				rc = CLI_EXIT_ERROR;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			rc = cli_usage(cmd_index_usage);
			break;
		default:
			rc = cli_option_error("index", c, argv);
			break;
		}
	}
	if (rc < 0 && o->dry_run && o->rebuild)
		rc = cli_usage_error("index", "--dry-run and --rebuild do not "
				     "go together");
	return rc;
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
/* Opening, with --wait and --rebuild                                  */
/* ------------------------------------------------------------------ */

/*
 * The process holding the open-file lock on file (dev, ino): one of ours
 * with the file open and a "lock:" line in its fdinfo.  0 if none.
 */
static long ofd_lock_holder(dev_t dev, ino_t ino)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;
	long pid = 0;

	while (proc && pid == 0 && (p = readdir(proc)) != NULL) {
		char dir[300], fdpath[600], info[600], line[256];
		DIR *fds = NULL;
		struct dirent *f;

		if (p->d_name[0] < '1' || p->d_name[0] > '9' ||
		    atol(p->d_name) == (long)getpid())
			continue;
		snprintf(dir, sizeof dir, "/proc/%s/fd", p->d_name);
		fds = opendir(dir);
		while (fds && pid == 0 && (f = readdir(fds)) != NULL) {
			struct stat st;
			FILE *fi = NULL;

			snprintf(fdpath, sizeof fdpath, "%s/%s", dir,
				 f->d_name);
			if (stat(fdpath, &st) < 0 || st.st_dev != dev ||
			    st.st_ino != ino)
				continue;
			snprintf(info, sizeof info, "/proc/%s/fdinfo/%s",
				 p->d_name, f->d_name);
			fi = fopen(info, "r");
			while (fi && fgets(line, sizeof line, fi))
				if (strncmp(line, "lock:", 5) == 0)
					pid = atol(p->d_name);
			if (fi)
				fclose(fi);
		}
		if (fds)
			closedir(fds);
	}
	if (proc)
		closedir(proc);
	return pid;
}

/*
 * The process holding Xapian's write lock on the index at path.  Xapian
 * locks its "flintlock" file with fcntl: F_GETLK names the pid of a
 * classic lock; an open-file lock (what Xapian uses on Linux) has none,
 * so then the holder is looked for in /proc.  0 if not found.
 */
static long lock_holder(const char *path)
{
	char file[4096];
	struct flock fl;
	struct stat st;
	long pid = 0;
	int fd;

	snprintf(file, sizeof file, "%s/flintlock", path);
	fd = open(file, O_RDWR | O_NOCTTY);
	if (fd < 0)
		goto out;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK &&
	    fl.l_pid > 0)
		pid = (long)fl.l_pid;
	if (pid == 0 && fstat(fd, &st) == 0)
		pid = ofd_lock_holder(st.st_dev, st.st_ino);
	close(fd);
out:
	return pid;
}

/* Open the index for writing, waiting up to o->wait seconds for another
 * writer; says who holds the lock when it gives up. */
static int open_writable(folio_db **out, const char *path,
			 const index_opts *o, const char *language,
			 unsigned int flags)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	struct timespec t0, nap = {0, 100 * 1000 * 1000};
	long pid = 0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	opts.flags = flags;
	opts.language = language;
	opts.accents = o->accents;
	while ((rc = folio_db_open(out, path, &opts)) == FOLIO_ELOCKED &&
	       run_seconds_since(&t0) < (double)o->wait)
		nanosleep(&nap, NULL);
	if (rc == FOLIO_ELOCKED) {
		pid = lock_holder(path);
		if (pid > 0)
			cli_error("cannot write to index %s: process %ld is "
				  "writing to it%s; try again when it has "
				  "finished, or use --wait SECONDS",
				  path, pid,
				  o->wait ? " and did not finish in time"
					  : "");
		else
			cli_error("cannot write to index %s: another folio "
				  "is writing to it; try again when it has "
				  "finished, or use --wait SECONDS",
				  path);
	} else if (rc == FOLIO_OK && folio_db_warning(*out)) {
		cli_warning("%s", folio_db_warning(*out));
	} else if (rc < 0) {
		cli_lib_error("cannot open index %s", path);
	}
	return rc;
}

/*
 * Swap the finished new index in for the old, atomically: with
 * RENAME_EXCHANGE both names always exist and each is a whole index, so
 * a searcher opening the path gets the old index or the new, never a
 * mix or nothing.  The old one (now at staging) is then removed.
 */
static int swap_in(const char *staging, const char *path)
{
	struct stat st;
	int rc = 0;

	if (stat(path, &st) < 0) {
		rc = rename(staging, path);
	} else {
		rc = renameat2(AT_FDCWD, staging, AT_FDCWD, path,
			       RENAME_EXCHANGE);
		if (rc == 0)
			run_remove_index_dir(staging);
	}
	if (rc < 0)
		cli_error("cannot swap the rebuilt index %s in for %s: %s; "
			  "the old index is unchanged",
			  staging, path, strerror(errno));
	return rc;
}

/*
 * Merge the parts a parallel run built (see run_parallel) and put the
 * result in place of the new, empty index at target, atomically: ix->db
 * holds that index's lock until the swap, so no other writer's work
 * falls between.  The parts are removed whatever happens.
 */
static int merge_parts(indexer *ix, const char *target)
{
	char *merged = malloc(strlen(target) + sizeof ".merge");
	char probe[4096];
	struct stat st;
	int rc = -1;

	if (merged == NULL) {
		cli_error("out of memory");
		goto out;
	}
	sprintf(merged, "%s.merge", target);
	snprintf(probe, sizeof probe, "%s/iamglass", merged);
	if (stat(probe, &st) == 0)
		run_remove_index_dir(merged); /* left by a stopped run */
	else if (stat(merged, &st) == 0 && rmdir(merged) < 0) {
		/* Not ours: never write into it, never remove it. */
		cli_error("cannot merge the index into %s: it exists and is "
			  "not an index; move it away and run again",
			  merged);
		goto out;
	}
	if (folio_db_merge(merged, (const char *const *)ix->parts,
			   ix->nparts) < 0) {
		cli_lib_error("cannot merge the parts of the index %s",
			      target);
		run_remove_index_dir(merged);
		goto out;
	}
	if (renameat2(AT_FDCWD, merged, AT_FDCWD, target,
		      RENAME_EXCHANGE) < 0) {
		cli_error("cannot put the merged index %s in place of %s: "
			  "%s; the index is unchanged",
			  merged, target, strerror(errno));
		run_remove_index_dir(merged);
		goto out;
	}
	/* The empty index it replaced, now under the other name. */
	folio_db_free(ix->db);
	ix->db = NULL;
	run_remove_index_dir(merged);
	rc = 0;
out:
	for (size_t k = 0; k < ix->nparts; k++)
		run_remove_index_dir(ix->parts[k]);
	free(merged);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

/* One writer per processor: the machine's whole width, by default. */
static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (size_t)n;
}

int cmd_index(int argc, char **argv, const cli_globals *g)
{
	index_opts o;
	indexer ix;
	folio_db *old = NULL;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	char *path = NULL, *staging = NULL, *language = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&ix, 0, sizeof ix);
	o.commit_every = 1000;
	o.commit_mb = 64;
	o.max_mb = 64;
	o.memory_mb = 256;
	o.jobs = default_jobs();
	rc = parse_options(&o, argc, argv);
	clock_gettime(CLOCK_MONOTONIC, &ix.t0);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_ERROR;
	if (optind >= argc && !o.jsonl) {
		rc = cli_usage_error("index", "no file or directory given");
		goto out;
	}
	path = cli_db_path(g, o.db);
	if (!path || make_parents(path) < 0)
		goto out;
	/* "idx/" is "idx": its parts and staging go beside it, not in it. */
	for (size_t n = strlen(path); n > 1 && path[n - 1] == '/'; n--)
		path[n - 1] = '\0';
	ix.o = &o;
	ix.db_path = path;
	if (o.dry_run) {
		/* Reading only: a missing index is an empty one. */
		if (folio_db_open(&ix.db, path, NULL) < 0 &&
		    folio_error_last()->code != FOLIO_ENOTFOUND) {
			cli_lib_error("cannot open index %s", path);
			goto out;
		}
	} else if (o.rebuild) {
		/* Hold the old index's lock for the whole rebuild, so that
		 * no other writer's changes are lost in the swap. */
		if (open_writable(&old, path, &o, o.language,
				  FOLIO_DB_WRITABLE | FOLIO_DB_CREATE) < 0)
			goto out;
		if (!o.language && folio_db_stats_get(&stats, old) == 0 &&
		    stats.language)
			language = strdup(stats.language);
		/* The new index reads text as the old one did. */
		if (o.accents == FOLIO_ACCENTS_DEFAULT)
			o.accents = folio_analyzer_keeps_accents(
					    folio_db_analyzer(old))
					    ? FOLIO_ACCENTS_KEEP
					    : FOLIO_ACCENTS_IGNORE;
		staging = malloc(strlen(path) + sizeof ".rebuild");
		if (!staging) {
			cli_error("out of memory");
			goto out;
		}
		sprintf(staging, "%s.rebuild", path);
		/* A staging index left by an interrupted rebuild is
		 * resumed: its committed documents are not read again. */
		if (open_writable(&ix.db, staging, &o,
				  o.language ? o.language : language,
				  FOLIO_DB_WRITABLE | FOLIO_DB_CREATE) < 0)
			goto out;
	} else if (open_writable(&ix.db, path, &o, o.language,
				 FOLIO_DB_WRITABLE | FOLIO_DB_CREATE) < 0) {
		goto out;
	}
	if (run_index(&ix, argc - optind, argv + optind) < 0)
		goto out;
	if (ix.nparts > 0 && merge_parts(&ix, o.rebuild ? staging : path) < 0)
		goto out;
	if (o.rebuild) {
		folio_db_free(ix.db);
		ix.db = NULL;
		if (swap_in(staging, path) < 0)
			goto out;
	}
	run_summary(&ix);
	rc = ix.unreadable ? CLI_EXIT_ERROR
	     : ix.nskipped ? CLI_EXIT_SKIPPED
			   : CLI_EXIT_OK;
out:
	/* Drops whatever was not committed. */
	folio_db_free(ix.db);
	folio_db_free(old);
	run_free(&ix);
	free(o.map);
	free(o.walk.includes);
	free(o.walk.excludes);
	free(language);
	free(staging);
	free(path);
	return rc;
}
