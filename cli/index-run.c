/*
 * index-run.c - one run of folio index: each file is checked against
 * the stamp its document carries ("f SIZE MTIME_NS HASH"), read only if
 * its size or time changed, indexed only if its content hash changed;
 * JSON Lines records carry "r HASH".  Documents of files gone from a
 * walked directory are deleted; commits come every N documents or MB.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index-run.h"

#define READ_CHUNK 65536

int run_list_add(char ***list, size_t *n, char *item)
{
	char **grown = realloc(*list, (*n + 1) * sizeof *grown);

	if (grown == NULL) {
		cli_error("out of memory");
		return -1;
	}
	grown[(*n)++] = item;
	*list = grown;
	return 0;
}

double run_seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* FNV-1a, 64 bits: fast, and a change it misses is one in 2^64. */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define HASH_INIT 0xcbf29ce484222325ULL

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

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* Whether id is inside the scope of directory root (normalized). */
static int in_scope(const char *root, const char *id)
{
	size_t n = strlen(root);

	if (strcmp(root, ".") == 0)
		return id[0] != '/' && strncmp(id, "../", 3) != 0;
	if (n > 0 && root[n - 1] == '/')
		return strncmp(id, root, n) == 0;
	return strncmp(id, root, n) == 0 && id[n] == '/';
}

/* ------------------------------------------------------------------ */
/* Reports                                                             */
/* ------------------------------------------------------------------ */

static void clear_progress(indexer *ix)
{
	if (ix->progress_shown) {
		fputs("\r\033[K", stderr);
		ix->progress_shown = 0;
	}
}

static void progress(indexer *ix)
{
	struct timespec now;
	double dt;

	if (ix->o->quiet || ix->worker || !isatty(2))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - ix->last_progress.tv_sec) +
	     (double)(now.tv_nsec - ix->last_progress.tv_nsec) / 1e9;
	if (dt < 0.2)
		return;
	ix->last_progress = now;
	fprintf(stderr, "\rindexing: %zu added, %zu updated, %zu unchanged, "
		"%.1f MB read\033[K",
		ix->added, ix->updated, ix->unchanged,
		(double)ix->bytes / 1e6);
	ix->progress_shown = 1;
}

static void note_skip(indexer *ix, const char *path, size_t line,
		      const char *reason)
{
	skip_note *grown = realloc(ix->skips,
				   (ix->nskipped + 1) * sizeof *grown);

	if (grown == NULL) {
		cli_error("out of memory");
		ix->failed = 1;
		return;
	}
	ix->skips = grown;
	grown[ix->nskipped].path = strdup(path);
	grown[ix->nskipped].line = line;
	grown[ix->nskipped].reason = strdup(reason);
	ix->nskipped++;
	if (ix->o->quiet)
		return;
	clear_progress(ix);
	if (line > 0)
		cli_warning("skipping %s line %zu: %s", path, line, reason);
	else
		cli_warning("skipping %s: %s", path, reason);
}

static void say(indexer *ix, const char *what, const char *id)
{
	if (!ix->o->verbose || ix->o->quiet)
		return;
	clear_progress(ix);
	flockfile(stderr); /* one line, even from parallel writers */
	fprintf(stderr, "%s%s ", ix->o->dry_run ? "would be " : "", what);
	out_safe_str(stderr, id, 0);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/* ------------------------------------------------------------------ */
/* Stamps of the documents already in the index                        */
/* ------------------------------------------------------------------ */

static int collect_stamp(const char *id, const char *stamp, void *payload)
{
	indexer *ix = payload;
	known_doc *grown = NULL;

	if (ix->nknown % 256 == 0) {
		grown = realloc(ix->known,
				(ix->nknown + 256) * sizeof *grown);
		if (grown == NULL)
			return -1;
		ix->known = grown;
	}
	ix->known[ix->nknown].id = strdup(id);
	ix->known[ix->nknown].stamp = strdup(stamp);
	ix->known[ix->nknown].seen = 0;
	ix->nknown++;
	return ix->known[ix->nknown - 1].id &&
			       ix->known[ix->nknown - 1].stamp
		       ? 0
		       : -1;
}

static int cmp_known(const void *a, const void *b)
{
	return strcmp(((const known_doc *)a)->id,
		      ((const known_doc *)b)->id);
}

static known_doc *find_known(indexer *ix, const char *id)
{
	known_doc key = {(char *)id, NULL, 0};

	return ix->nknown ? bsearch(&key, ix->known, ix->nknown,
				    sizeof key, cmp_known)
			  : NULL;
}

/* The hash of a stamp ("f SIZE MTIME HASH" or "r HASH"), or 0. */
static uint64_t stamp_hash(const char *stamp)
{
	const char *last = strrchr(stamp, ' ');

	return last ? strtoull(last + 1, NULL, 16) : 0;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* What a commit freed goes back to the system, or the arenas of
 * parallel writers keep it and --memory is not kept.  The calls are
 * serialised: where malloc is interposed (a sanitizer, a preloaded
 * allocator) glibc's own malloc is still uninitialised, and two
 * writers trimming at once race in its lazy set-up and crash. */
static void give_back_freed_memory(void)
{
#ifdef __GLIBC__
	static pthread_mutex_t trimming = PTHREAD_MUTEX_INITIALIZER;

	pthread_mutex_lock(&trimming);
	malloc_trim(0);
	pthread_mutex_unlock(&trimming);
#endif
}

static void commit(indexer *ix, int force)
{
	if (ix->failed || ix->o->dry_run || ix->pending == 0)
		return;
	if (!force && ix->pending < ix->commit_docs &&
	    ix->pending_bytes < ix->commit_bytes)
		return;
	if (folio_db_commit(ix->db) < 0) {
		cli_lib_error("cannot commit to %s", ix->db_path);
		ix->failed = 1;
		return;
	}
	ix->pending = 0;
	ix->pending_bytes = 0;
	give_back_freed_memory();
}

static void remember_add(indexer *ix, const char *id, uint64_t hash)
{
	added_doc *grown = realloc(ix->adds, (ix->nadds + 1) * sizeof *grown);

	if (grown == NULL || !(grown[ix->nadds].id = strdup(id))) {
		if (grown)
			ix->adds = grown;
		cli_error("out of memory");
		ix->failed = 1;
		return;
	}
	ix->adds = grown;
	grown[ix->nadds].hash = hash;
	ix->nadds++;
}

/* The reader made a document: stamp it and add it (or count it). */
static int on_doc(folio_doc *doc, void *payload)
{
	indexer *ix = payload;
	const char *id = folio_doc_id(doc);
	known_doc *known = ix->cur_known;
	int rc = 0;

	if (!ix->cur_path) {
		/* A record: its stamp is the hash of what it holds. */
		size_t len = 0;
		const char *body = folio_doc_body(doc, &len);
		uint64_t h = hash_bytes(HASH_INIT, body, len);
		const char *name = NULL, *value = NULL;

		h = hash_bytes(h, folio_doc_title(doc),
			       strlen(folio_doc_title(doc)) + 1);
		for (size_t i = 0; i < folio_doc_field_count(doc); i++) {
			folio_doc_field_at(doc, i, &name, &value);
			h = hash_bytes(h, name, strlen(name) + 1);
			h = hash_bytes(h, value, strlen(value) + 1);
		}
		snprintf(ix->cur_stamp, sizeof ix->cur_stamp,
			 "r %016" PRIx64, h);
		ix->cur_hash = h;
		known = find_known(ix, id);
		if (known)
			known->seen = 1;
		if (known && strcmp(known->stamp, ix->cur_stamp) == 0) {
			ix->unchanged++;
			goto out;
		}
	} else {
		rc = folio_doc_set_field(doc, "path", id);
		if (rc == 0 && folio_doc_title(doc)[0] == '\0')
			rc = folio_doc_set_title(doc, base_name(id));
	}
	if (rc == 0)
		rc = folio_doc_set_stamp(doc, ix->cur_stamp);
	if (rc == 0 && !ix->o->dry_run)
		rc = folio_db_add(ix->db, doc);
	if (rc < 0) {
		clear_progress(ix);
		cli_lib_error("cannot index %s", id);
		ix->failed = 1;
		goto out;
	}
	if (known) {
		ix->updated++;
		say(ix, "updated", id);
	} else {
		ix->added++;
		/* Moves are told from deletions of known documents: with
		 * none (a new index), nothing to remember. */
		if (ix->nknown > 0)
			remember_add(ix, id, ix->cur_hash);
		say(ix, "added", id);
	}
	ix->pending++;
	commit(ix, 0);
out:
	folio_doc_free(doc);
	return ix->failed ? -1 : 0;
}

static void on_reader_skip(const char *name, size_t line, const char *reason,
			   void *payload)
{
	note_skip(payload, name, line, reason);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/*
 * Read a whole file (at most max bytes: past that *too_big is set) into
 * *out, NUL added.  Returns 0 or an errno value.
 */
static int read_whole(const char *path, size_t max, char **out,
		      size_t *len_out, int *too_big)
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
	if (cap > max + 2)
		cap = max + 2;
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
		if (len > max) {
			*too_big = 1;
			break;
		}
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

static void index_file(indexer *ix, const char *path, const struct stat *st,
		       int named)
{
	size_t max = ix->o->max_mb << 20;
	known_doc *known = find_known(ix, path);
	char *text = NULL;
	size_t len = 0;
	int too_big = 0, err = 0;
	int64_t mtime = (int64_t)st->st_mtim.tv_sec * 1000000000 +
			st->st_mtim.tv_nsec;
	char prefix[64];
	folio_format format = folio_format_from_name(path);

	if (known)
		known->seen = 1;
	snprintf(prefix, sizeof prefix, "f %lld %" PRId64 " ",
		 (long long)st->st_size, mtime);
	if (known && strncmp(known->stamp, prefix, strlen(prefix)) == 0) {
		ix->unchanged++;
		goto out;
	}
	if ((uint64_t)st->st_size > max) {
		too_big = 1;
	} else {
		err = read_whole(path, max, &text, &len, &too_big);
	}
	if (err == ENOMEM) {
		cli_error("cannot read %s: %s", path, strerror(err));
		ix->failed = 1;
		goto out;
	}
	if (err == ENOENT) {
		note_skip(ix, path, 0, "vanished before it could be read");
		goto out;
	}
	if (err && named) {
		cli_error("cannot index %s: %s", path, strerror(err));
		ix->unreadable++;
		note_skip(ix, path, 0, strerror(err));
		goto out;
	}
	if (err) {
		note_skip(ix, path, 0, strerror(err));
		goto out;
	}
	if (too_big) {
		char reason[80];

		snprintf(reason, sizeof reason,
			 "larger than %zu MB (see --max-size)",
			 ix->o->max_mb);
		note_skip(ix, path, 0, reason);
		goto out;
	}
	ix->bytes += len;
	ix->pending_bytes += len;
	ix->cur_hash = hash_bytes(HASH_INIT, text, len);
	snprintf(ix->cur_stamp, sizeof ix->cur_stamp, "%s%016" PRIx64,
		 prefix, ix->cur_hash);
	if (known && stamp_hash(known->stamp) == ix->cur_hash &&
	    strncmp(known->stamp, "f ", 2) == 0) {
		/* Touched, not changed: only the stamp moves on. */
		ix->unchanged++;
		if (!ix->o->dry_run &&
		    folio_db_set_stamp(ix->db, path, ix->cur_stamp) < 0) {
			cli_lib_error("cannot update %s", path);
			ix->failed = 1;
		}
		ix->pending++;
		commit(ix, 0);
		goto out;
	}
	/* Records of a JSON Lines file carry their own stamps. */
	ix->cur_path = format == FOLIO_FORMAT_JSONL ? NULL : path;
	ix->cur_known = known;
	/* A file named on the command line is text unless its name says
	 * otherwise; in a walk only known extensions get here. */
	if (folio_reader_begin(ix->reader, path, path) < 0 ||
	    (folio_reader_feed(ix->reader, text, len) < 0 &&
	     !ix->failed) ||
	    (folio_reader_end(ix->reader) < 0 && !ix->failed)) {
		cli_lib_error("cannot read %s", path);
		ix->failed = 1;
	}
	ix->cur_path = NULL;
	ix->cur_known = NULL;
out:
	free(text);
	progress(ix);
}

/* A file for the parallel writers (see run_parallel), or indexed now. */
static void take_file(indexer *ix, const char *path, const struct stat *st,
		      int named)
{
	found_file *grown = NULL;

	if (!ix->collect) {
		index_file(ix, path, st, named);
		return;
	}
	grown = realloc(ix->files, (ix->nfiles + 1) * sizeof *grown);
	if (grown == NULL || !(grown[ix->nfiles].path = strdup(path))) {
		if (grown)
			ix->files = grown;
		cli_error("out of memory");
		ix->failed = 1;
		return;
	}
	ix->files = grown;
	grown[ix->nfiles].size = st->st_size;
	grown[ix->nfiles].mtim = st->st_mtim;
	grown[ix->nfiles].named = named;
	ix->nfiles++;
}

/* ------------------------------------------------------------------ */
/* Walks                                                               */
/* ------------------------------------------------------------------ */

static int walk_file(const char *path, const struct stat *st, void *payload)
{
	indexer *ix = payload;
	folio_format f = folio_format_from_name(path);

	/* JSON Lines hold records, not a document: --jsonl reads them. */
	if (f != FOLIO_FORMAT_AUTO && f != FOLIO_FORMAT_JSONL)
		take_file(ix, path, st, 0);
	return ix->failed ? -1 : 0;
}

static void walk_skip(const char *path, const char *reason, int dir,
		      void *payload)
{
	indexer *ix = payload;
	char *copy = NULL;

	if (dir) {
		copy = strdup(path);
		if (!copy || run_list_add(&ix->failed_dirs, &ix->nfailed_dirs,
					  copy) < 0) {
			free(copy);
			ix->failed = 1;
		}
	}
	note_skip(ix, path, 0, reason);
}

/* Documents of root's scope whose files were not found: deleted, but
 * not those under a directory that could not be read. */
static void delete_missing(indexer *ix, const char *root)
{
	for (size_t i = 0; i < ix->nknown && !ix->failed; i++) {
		known_doc *k = &ix->known[i];
		int kept = 0;

		if (k->seen || strncmp(k->stamp, "f ", 2) != 0 ||
		    !in_scope(root, k->id))
			continue;
		for (size_t d = 0; d < ix->nfailed_dirs && !kept; d++)
			kept = strcmp(k->id, ix->failed_dirs[d]) == 0 ||
			       in_scope(ix->failed_dirs[d], k->id);
		if (kept)
			continue;
		k->seen = 1; /* a second PATH with this scope: once */
		if (!ix->o->dry_run && folio_db_delete(ix->db, k->id) < 0 &&
		    folio_error_last()->code != FOLIO_ENOTFOUND) {
			cli_lib_error("cannot delete %s", k->id);
			ix->failed = 1;
			break;
		}
		/* Moved: the same content came in under another id. */
		for (size_t a = 0; a < ix->nadds; a++)
			if (ix->adds[a].id &&
			    ix->adds[a].hash == stamp_hash(k->stamp)) {
				if (ix->o->verbose && !ix->o->quiet) {
					clear_progress(ix);
					fprintf(stderr, "%smoved ",
						ix->o->dry_run ? "would be "
							       : "");
					out_safe_str(stderr, k->id, 0);
					fputs(" -> ", stderr);
					out_safe_str(stderr, ix->adds[a].id, 0);
					fputc('\n', stderr);
				}
				free(ix->adds[a].id);
				ix->adds[a].id = NULL;
				ix->added--;
				ix->moved++;
				kept = 1;
				break;
			}
		if (!kept) {
			ix->deleted++;
			say(ix, "deleted", k->id);
		}
		ix->pending++;
		commit(ix, 0);
	}
}

/* Index what a PATH argument names. */
static void visit_named(indexer *ix, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		cli_error("cannot index %s: %s", path, strerror(errno));
		note_skip(ix, path, 0, strerror(errno));
		ix->unreadable++;
	} else if (S_ISDIR(st.st_mode)) {
		walk_tree(path, &ix->o->walk, walk_file, walk_skip, ix);
		if (!ix->failed)
			delete_missing(ix, path);
	} else if (S_ISREG(st.st_mode)) {
		take_file(ix, path, &st, 1);
	} else {
		note_skip(ix, path, 0, "not a regular file or directory");
	}
}

/* --jsonl FILE or -: records, read in chunks so memory stays bounded. */
static void index_jsonl(indexer *ix, const char *name)
{
	int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY | O_NOCTTY);
	char *buf = malloc(READ_CHUNK);
	ssize_t n = 0;
	int rc = 0;

	if (fd < 0 || buf == NULL) {
		cli_error("cannot read %s: %s", name,
			  buf ? strerror(errno) : "out of memory");
		ix->unreadable++;
		goto out;
	}
	rc = folio_reader_begin(ix->records, strcmp(name, "-") == 0
							? "(standard input)"
							: name,
				NULL);
	while (rc == 0 && !ix->failed &&
	       ((n = read(fd, buf, READ_CHUNK)) > 0 ||
		(n < 0 && errno == EINTR))) {
		if (n > 0) {
			ix->bytes += (uint64_t)n;
			ix->pending_bytes += (uint64_t)n;
			rc = folio_reader_feed(ix->records, buf, (size_t)n);
		}
		progress(ix);
	}
	if (n < 0) {
		cli_error("cannot read %s: %s", name, strerror(errno));
		ix->unreadable++;
	}
	if (rc == 0 && !ix->failed)
		rc = folio_reader_end(ix->records);
	if (rc < 0 && !ix->failed) {
		cli_lib_error("cannot read %s", name);
		ix->failed = 1;
	}
out:
	if (fd > 0)
		close(fd);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* Parallel writers of a new index                                     */
/* ------------------------------------------------------------------ */

/*
 * Most of the time of indexing goes to Xapian's write path, which is
 * single-threaded behind one writer.  So a new index (an empty one, or
 * a --rebuild) is built in parts: each writer thread fills an index of
 * its own ("INDEX.part1", ...) from a run of the files in walk order,
 * and cmd-index.c merges the parts (folio_db_merge) and swaps the
 * result in.  The parts follow each other in walk order, so the merged
 * index numbers its documents as one writer would have.
 */

/* A writer's share of the memory: Xapian holds the postings of what is
 * not yet committed, about MEMORY_PER_BYTE bytes for each byte of text
 * (measured on the kernel documentation), above MEMORY_BASE_MB for the
 * rest (tables, the file being read, the analyzer). */
#define MEMORY_PER_BYTE 20
#define MEMORY_BASE_MB 80
/* The commits of a part are for memory only: nobody reads a part. */
#define PART_COMMIT_DOCS 10000

void run_set_budget(indexer *ix, size_t jobs)
{
	size_t mb = ix->o->memory_mb > MEMORY_BASE_MB
			    ? ix->o->memory_mb - MEMORY_BASE_MB
			    : 1;
	uint64_t bytes = ((uint64_t)mb << 20) / (jobs ? jobs : 1) /
			 MEMORY_PER_BYTE;

	if (bytes < (1u << 20))
		bytes = 1u << 20;
	ix->commit_docs = ix->o->commit_every;
	ix->commit_bytes = (uint64_t)ix->o->commit_mb << 20;
	if (ix->commit_bytes > bytes)
		ix->commit_bytes = bytes;
}

typedef struct part_writer {
	indexer ix;
	const found_file *files;
	size_t first, end; /* its run of the files */
	atomic_int *stop;  /* set by a writer that failed */
	pthread_t thread;
} part_writer;

/* Index a collected file: what index_file reads of its stat. */
static void index_found(indexer *ix, const found_file *f)
{
	struct stat st;

	memset(&st, 0, sizeof st);
	st.st_size = f->size;
	st.st_mtim = f->mtim;
	index_file(ix, f->path, &st, f->named);
}

static void *write_part(void *arg)
{
	part_writer *w = arg;

	for (size_t i = w->first; i < w->end && !w->ix.failed; i++) {
		if (atomic_load(w->stop))
			break;
		index_found(&w->ix, &w->files[i]);
	}
	commit(&w->ix, 1);
	if (w->ix.failed)
		atomic_store(w->stop, 1);
	return NULL;
}

typedef struct path_at {
	const char *path;
	size_t at;
} path_at;

static int cmp_path_at(const void *a, const void *b)
{
	const path_at *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* A file named twice (or inside a directory also named) is one
 * document: only its first place in the list is kept. */
static void drop_repeats(indexer *ix)
{
	path_at *order = malloc((ix->nfiles + 1) * sizeof *order);
	size_t kept = 0;

	if (order == NULL)
		return; /* then repeats are indexed twice, harmlessly */
	for (size_t i = 0; i < ix->nfiles; i++)
		order[i] = (path_at){ix->files[i].path, i};
	qsort(order, ix->nfiles, sizeof *order, cmp_path_at);
	for (size_t i = 1; i < ix->nfiles; i++)
		if (strcmp(order[i].path, order[i - 1].path) == 0) {
			free(ix->files[order[i].at].path);
			ix->files[order[i].at].path = NULL;
		}
	free(order);
	for (size_t i = 0; i < ix->nfiles; i++)
		if (ix->files[i].path)
			ix->files[kept++] = ix->files[i];
	ix->nfiles = kept;
}

/* Open a new part beside the index, removing one a stopped run left. */
static int open_part(part_writer *w, const indexer *ix, size_t k,
		     const char *language)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_reader_options ropts = FOLIO_READER_OPTIONS_INIT;
	char *path = malloc(strlen(ix->db_path) + 32);
	char probe[4096];
	struct stat st;

	if (path == NULL) {
		cli_error("out of memory");
		return -1;
	}
	sprintf(path, "%s.part%zu", ix->db_path, k + 1);
	w->ix.db_path = path;
	snprintf(probe, sizeof probe, "%s/iamglass", path);
	if (stat(probe, &st) == 0)
		run_remove_index_dir(path);
	opts.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	opts.language = language;
	if (folio_db_open(&w->ix.db, path, &opts) < 0) {
		cli_lib_error("cannot create the part %s of the index", path);
		return -1;
	}
	ropts.on_doc = on_doc;
	ropts.on_skip = on_reader_skip;
	ropts.payload = &w->ix;
	ropts.max_bytes = ix->o->max_mb << 20;
	ropts.map = (const char *const *)ix->o->map;
	ropts.nmap = ix->o->nmap;
	if (folio_reader_new(&w->ix.reader, &ropts) < 0) {
		cli_lib_error("cannot index");
		return -1;
	}
	return 0;
}

/* Add what writer w did to the run's figures and notes. */
static void fold_part(indexer *ix, part_writer *w)
{
	skip_note *grown = NULL;

	ix->added += w->ix.added;
	ix->updated += w->ix.updated;
	ix->unchanged += w->ix.unchanged;
	ix->unreadable += w->ix.unreadable;
	ix->bytes += w->ix.bytes;
	ix->failed |= w->ix.failed;
	if (w->ix.nskipped == 0)
		return;
	grown = realloc(ix->skips,
			(ix->nskipped + w->ix.nskipped) * sizeof *grown);
	if (grown == NULL) {
		cli_error("out of memory");
		ix->failed = 1;
		return;
	}
	memcpy(grown + ix->nskipped, w->ix.skips,
	       w->ix.nskipped * sizeof *grown);
	ix->skips = grown;
	ix->nskipped += w->ix.nskipped;
	free(w->ix.skips);
	w->ix.skips = NULL;
	w->ix.nskipped = 0;
}

/* Share the collected files out among the writers, by bytes, and build
 * the parts; on success ix->parts names them. */
static void run_parallel(indexer *ix)
{
	size_t jobs = ix->o->jobs;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	part_writer *w = NULL;
	atomic_int stop = 0;
	uint64_t total = 0, sum = 0;
	size_t next = 0;

	drop_repeats(ix);
	/* Too few files to be worth the parts: one writer. */
	if (ix->nfiles < 2 * jobs || folio_db_stats_get(&stats, ix->db) < 0) {
		for (size_t i = 0; i < ix->nfiles && !ix->failed; i++)
			index_found(ix, &ix->files[i]);
		return;
	}
	w = calloc(jobs, sizeof *w);
	ix->parts = calloc(jobs, sizeof *ix->parts);
	if (w == NULL || ix->parts == NULL) {
		cli_error("out of memory");
		ix->failed = 1;
		goto out;
	}
	for (size_t i = 0; i < ix->nfiles; i++)
		total += (uint64_t)ix->files[i].size + 1;
	for (size_t k = 0; k < jobs; k++) {
		w[k].ix.o = ix->o;
		w[k].ix.worker = 1;
		w[k].ix.t0 = ix->t0;
		w[k].files = ix->files;
		w[k].stop = &stop;
		run_set_budget(&w[k].ix, jobs);
		if (w[k].ix.commit_docs < PART_COMMIT_DOCS)
			w[k].ix.commit_docs = PART_COMMIT_DOCS;
		w[k].first = next;
		while (next < ix->nfiles &&
		       (k == jobs - 1 || sum < total / jobs * (k + 1)))
			sum += (uint64_t)ix->files[next++].size + 1;
		w[k].end = next;
		ix->nparts = k + 1;
		if (open_part(&w[k], ix, k, stats.language) < 0) {
			ix->failed = 1;
			goto out;
		}
	}
	for (size_t k = 0; k < jobs; k++)
		if (pthread_create(&w[k].thread, NULL, write_part, &w[k]) !=
		    0) {
			/* No thread to spare: this one writes the part. */
			write_part(&w[k]);
			w[k].thread = pthread_self();
		}
	for (size_t k = 0; k < jobs; k++)
		if (!pthread_equal(w[k].thread, pthread_self()))
			pthread_join(w[k].thread, NULL);
	for (size_t k = 0; k < jobs; k++)
		fold_part(ix, &w[k]);
out:
	for (size_t k = 0; w && k < ix->nparts; k++) {
		/* Only a part this run made is its to remove. */
		if (w[k].ix.db)
			ix->parts[k] = (char *)w[k].ix.db_path;
		else
			free((char *)w[k].ix.db_path);
		folio_db_free(w[k].ix.db);
		w[k].ix.db_path = NULL;
		run_free(&w[k].ix);
	}
	free(w);
	if (ix->failed) {
		for (size_t k = 0; k < ix->nparts; k++) {
			if (ix->parts[k])
				run_remove_index_dir(ix->parts[k]);
			free(ix->parts[k]);
		}
		free(ix->parts);
		ix->parts = NULL;
		ix->nparts = 0;
	}
}

int run_index(indexer *ix, int npaths, char **paths)
{
	folio_reader_options ropts = FOLIO_READER_OPTIONS_INIT;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;

	ropts.on_doc = on_doc;
	ropts.on_skip = on_reader_skip;
	ropts.payload = ix;
	ropts.max_bytes = ix->o->max_mb << 20;
	ropts.map = (const char *const *)ix->o->map;
	ropts.nmap = ix->o->nmap;
	if (folio_reader_new(&ix->reader, &ropts) == 0) {
		/* --jsonl is JSON Lines whatever the name ("-"). */
		ropts.format = FOLIO_FORMAT_JSONL;
		folio_reader_new(&ix->records, &ropts);
	}
	if (!ix->reader || !ix->records) {
		cli_lib_error("cannot index");
		ix->failed = 1;
		goto out;
	}
	if (ix->db && folio_db_stamps(ix->db, NULL, collect_stamp, ix) != 0) {
		cli_lib_error("cannot list the documents of %s", ix->db_path);
		ix->failed = 1;
		goto out;
	}
	/* In the index's (byte) order already; sorted again to be sure,
	 * as the lookups depend on it. */
	if (ix->nknown > 1)
		qsort(ix->known, ix->nknown, sizeof *ix->known, cmp_known);
	run_set_budget(ix, 1);
	/* Parallel writers only for a new index: an update's deletions,
	 * moves and stamps need the one index to look in. */
	if (ix->o->jobs > 1 && !ix->o->dry_run && !ix->o->jsonl && ix->db &&
	    ix->nknown == 0 && folio_db_stats_get(&stats, ix->db) == 0 &&
	    stats.documents == 0)
		ix->collect = 1;
	if (ix->o->jsonl)
		index_jsonl(ix, ix->o->jsonl);
	for (int i = 0; i < npaths && !ix->failed; i++) {
		char *path = normalize_path(paths[i]);

		if (!path) {
			cli_error("out of memory");
			ix->failed = 1;
		} else {
			visit_named(ix, path);
		}
		free(path);
	}
	if (ix->collect && !ix->failed)
		run_parallel(ix);
	commit(ix, 1);
out:
	clear_progress(ix);
	if (ix->failed)
		cli_error("stopped; the documents committed before the error "
			  "are kept, the rest is not");
	return ix->failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Summary                                                             */
/* ------------------------------------------------------------------ */

void run_summary(const indexer *ix)
{
	double secs = run_seconds_since(&ix->t0);
	double mb = (double)ix->bytes / 1e6;
	double rate = secs > 0 ? mb / secs : 0;
	out_json j;

	if (ix->o->format == CLI_FORMAT_JSON) {
		out_json_init(&j, stdout);
		out_json_begin_object(&j);
		out_json_key(&j, "format_version");
		out_json_uint(&j, CLI_FORMAT_VERSION);
		out_json_key(&j, "index");
		out_json_string(&j, ix->db_path);
		out_json_key(&j, "dry_run");
		out_json_bool(&j, ix->o->dry_run);
		out_json_key(&j, "added");
		out_json_uint(&j, ix->added);
		out_json_key(&j, "updated");
		out_json_uint(&j, ix->updated);
		out_json_key(&j, "unchanged");
		out_json_uint(&j, ix->unchanged);
		out_json_key(&j, "deleted");
		out_json_uint(&j, ix->deleted);
		out_json_key(&j, "moved");
		out_json_uint(&j, ix->moved);
		out_json_key(&j, "skipped");
		out_json_begin_array(&j);
		for (size_t i = 0; i < ix->nskipped; i++) {
			const skip_note *s = &ix->skips[i];

			out_json_begin_object(&j);
			out_json_key(&j, "path");
			out_json_string(&j, s->path ? s->path : "");
			if (s->line > 0) {
				out_json_key(&j, "line");
				out_json_uint(&j, s->line);
			}
			out_json_key(&j, "reason");
			out_json_string(&j, s->reason ? s->reason : "");
			out_json_end_object(&j);
		}
		out_json_end_array(&j);
		out_json_key(&j, "bytes_read");
		out_json_uint(&j, ix->bytes);
		out_json_key(&j, "seconds");
		out_json_double(&j, secs);
		out_json_key(&j, "mb_per_second");
		out_json_double(&j, rate);
		out_json_end_object(&j);
		out_json_finish(&j);
		return;
	}
	if (ix->o->quiet)
		return;
	fprintf(stderr, "%s %zu document%s %s", ix->o->dry_run
							? "would index"
							: "indexed",
		ix->added + ix->updated,
		ix->added + ix->updated == 1 ? "" : "s",
		ix->o->dry_run ? "in " : "into ");
	out_safe_str(stderr, ix->db_path, 0);
	if (ix->nskipped > 0)
		fprintf(stderr, " (%zu skipped)", ix->nskipped);
	fprintf(stderr, " in %.2f s\n", secs);
	fprintf(stderr, "%zu added, %zu updated, %zu unchanged, %zu deleted, "
		"%zu moved, %zu skipped; %.1f MB read, %.1f MB/s\n",
		ix->added, ix->updated, ix->unchanged, ix->deleted, ix->moved,
		ix->nskipped, mb, rate);
}

void run_free(indexer *ix)
{
	folio_reader_free(ix->reader);
	folio_reader_free(ix->records);
	for (size_t i = 0; i < ix->nknown; i++) {
		free(ix->known[i].id);
		free(ix->known[i].stamp);
	}
	free(ix->known);
	for (size_t i = 0; i < ix->nfailed_dirs; i++)
		free(ix->failed_dirs[i]);
	free(ix->failed_dirs);
	for (size_t i = 0; i < ix->nskipped; i++) {
		free(ix->skips[i].path);
		free(ix->skips[i].reason);
	}
	free(ix->skips);
	for (size_t i = 0; i < ix->nadds; i++)
		free(ix->adds[i].id);
	free(ix->adds);
	for (size_t i = 0; i < ix->nfiles; i++)
		free(ix->files[i].path);
	free(ix->files);
	for (size_t i = 0; i < ix->nparts; i++)
		free(ix->parts[i]);
	free(ix->parts);
}

void run_remove_index_dir(const char *path)
{
	char file[4096];
	struct dirent **list = NULL;
	int n = scandir(path, &list, NULL, NULL);

	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 &&
		    strcmp(list[i]->d_name, "..") != 0) {
			snprintf(file, sizeof file, "%s/%s", path,
				 list[i]->d_name);
			unlink(file);
		}
		free(list[i]);
	}
	free(list);
	rmdir(path);
}
