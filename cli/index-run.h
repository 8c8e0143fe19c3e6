/*
 * index-run.h - what cmd-index.c (options, opening, swapping) shares
 * with index-run.c (the run: files, records, stamps, deletions, the
 * summary).
 */
#ifndef FOLIO_CLI_INDEX_RUN_H
#define FOLIO_CLI_INDEX_RUN_H

#include <sys/stat.h>
#include <time.h>

#include "cli.h"

typedef struct index_opts {
	const char *db;
	const char *language;
	int accents;       /* folio_accents, for a new index */
	const char *jsonl; /* --jsonl FILE or "-" */
	char **map;        /* --map KEY=FIELD */
	size_t nmap;
	walk_opts walk;
	cli_format format;
	int dry_run, rebuild, quiet, verbose;
	size_t wait;         /* seconds */
	size_t commit_every; /* documents */
	size_t commit_mb;
	size_t max_mb;
	size_t jobs;      /* writers of a new index (--jobs) */
	size_t memory_mb; /* the bound on indexing memory (--memory) */
} index_opts;

/* A document of the index as the run found it, from its stamp. */
typedef struct known_doc {
	char *id;
	char *stamp;
	int seen; /* its source was found in this run */
} known_doc;

/* A skipped input, for the summary. */
typedef struct skip_note {
	char *path;
	size_t line;
	char *reason;
} skip_note;

/* A file found by the walk, kept for the parallel writers. */
typedef struct found_file {
	char *path;
	off_t size;
	struct timespec mtim;
	int named; /* named on the command line */
} found_file;

/* An added document's id and content hash, to recognise moves. */
typedef struct added_doc {
	char *id;
	uint64_t hash;
} added_doc;

typedef struct indexer {
	const index_opts *o;
	folio_db *db; /* NULL in a dry run on a missing index */
	const char *db_path;
	folio_reader *reader;  /* files, by their names */
	folio_reader *records; /* --jsonl */
	known_doc *known; /* sorted by id */
	size_t nknown;
	char **failed_dirs; /* directories that could not be read */
	size_t nfailed_dirs;
	skip_note *skips;
	size_t nskipped;
	added_doc *adds;
	size_t nadds;
	size_t added, updated, unchanged, deleted, moved;
	size_t unreadable; /* PATHs named on the command line */
	size_t pending;    /* changes since the last commit */
	uint64_t pending_bytes, bytes;
	size_t commit_docs;    /* commit at this many pending changes */
	uint64_t commit_bytes; /* or this many bytes read */
	/* A new index is built in parts by parallel writers: the files
	 * are first collected, then shared out (see run_parallel). */
	int collect;
	found_file *files;
	size_t nfiles;
	char **parts; /* the finished parts, to merge */
	size_t nparts;
	int worker; /* one of the parallel writers: no progress line */
	/* the file being read */
	const char *cur_path;
	known_doc *cur_known;
	char cur_stamp[96];
	uint64_t cur_hash;
	struct timespec t0, last_progress;
	int progress_shown;
	int failed; /* a fatal error was reported: stop */
} indexer;

/* Append a copy of nothing: the pointer itself (argv outlives the run). */
int run_list_add(char ***list, size_t *n, char *item);

double run_seconds_since(const struct timespec *t0);

/* Index the PATHs (and --jsonl); 0, or -1 after a fatal error (already
 * reported). */
int run_index(indexer *ix, int npaths, char **paths);

/* Print the summary (text on stderr or JSON on stdout). */
void run_summary(const indexer *ix);

void run_free(indexer *ix);

/* Remove a directory holding plain files (an index), and the files. */
void run_remove_index_dir(const char *path);

/* The commit thresholds for one of jobs writers sharing o->memory_mb. */
void run_set_budget(indexer *ix, size_t jobs);

#endif /* FOLIO_CLI_INDEX_RUN_H */
