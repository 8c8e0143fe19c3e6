/*
 * index-walk.c - the directory walk of folio index: sorted, recursive,
 * leaving out hidden names, what .gitignore and .folioignore files
 * exclude, and the --include/--exclude globs; symbolic links followed
 * only on request, and then never round a loop.
 *
 * Ignore files follow git's rules, in a subset: one pattern a line;
 * blank lines and '#' comments are ignored; '!' re-includes what an
 * earlier pattern excluded; a trailing '/' matches directories only; a
 * pattern with a '/' at its start or in its middle is anchored to the
 * directory of the ignore file, one without matches a name at any
 * depth; '*' and '?' do not match '/', '**' does.  The last matching
 * pattern wins, and nothing inside an excluded directory comes back.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Deeper than this is a loop we failed to see, or a trap. */
#define MAX_DEPTH 128

typedef struct rule {
	char *pattern;
	char *base; /* directory of the ignore file, relative to the root */
	int negate, dir_only, anchored;
} rule;

typedef struct ancestor {
	dev_t dev;
	ino_t ino;
} ancestor;

typedef struct walker {
	const walk_opts *o;
	walk_file_cb on_file;
	walk_skip_cb on_skip;
	void *payload;
	const char *root;
	rule *rules;
	size_t nrules, cap;
	ancestor stack[MAX_DEPTH];
	int depth;
	int stop;
} walker;

int walk_glob_match(const char *g, const char *s)
{
	if (g[0] == '*' && g[1] == '*') {
		g += 2;
		if (*g == '/') {
			/* "**\/x": x here or in any directory below */
			if (walk_glob_match(g + 1, s))
				return 1;
		}
		for (;; s++) {
			if (walk_glob_match(g, s))
				return 1;
			if (*s == '\0')
				return 0;
		}
	}
	if (*g == '*') {
		for (;; s++) {
			if (walk_glob_match(g + 1, s))
				return 1;
			if (*s == '\0' || *s == '/')
				return 0;
		}
	}
	if (*g == '\0')
		return *s == '\0';
	if (*s == '\0')
		return 0;
	if (*g == '?')
		return *s != '/' && walk_glob_match(g + 1, s + 1);
	if (*g == '[') {
		const char *close = strchr(g + 2, ']');
		char set[256], one[2] = {*s, '\0'};
		size_t n = close ? (size_t)(close - g) + 1 : 0;

		if (close && n < sizeof set) {
			memcpy(set, g, n);
			set[n] = '\0';
			return *s != '/' && fnmatch(set, one, 0) == 0 &&
			       walk_glob_match(close + 1, s + 1);
		}
	}
	if (*g == '\\' && g[1])
		g++;
	return *g == *s && walk_glob_match(g + 1, s + 1);
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Read the patterns of an ignore file in directory rel (relative to the
 * root); a missing file is no rules. */
static int load_ignore(walker *w, const char *dir, const char *rel,
		       const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	if (path == NULL) {
		rc = -1;
		goto out;
	}
	snprintf(path, n, "%s/%s", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		goto out;
	while ((len = getline(&line, &cap, f)) >= 0 && rc == 0) {
		char *p = line;
		rule r = {NULL, NULL, 0, 0, 0};

		while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r' ||
				   p[len - 1] == ' '))
			p[--len] = '\0';
		if (len == 0 || p[0] == '#')
			continue;
		if (p[0] == '!') {
			r.negate = 1;
			p++;
			len--;
		}
		if (len > 0 && p[len - 1] == '/') {
			r.dir_only = 1;
			p[--len] = '\0';
		}
		if (len > 0 && p[0] == '/') {
			r.anchored = 1;
			p++;
		} else if (strchr(p, '/')) {
			r.anchored = 1;
		}
		if (*p == '\0')
			continue;
		if (w->nrules == w->cap) {
			size_t ncap = w->cap ? w->cap * 2 : 16;
			rule *grown = realloc(w->rules, ncap * sizeof *grown);

			if (grown == NULL) {
				rc = -1;
				break;
			}
			w->rules = grown;
			w->cap = ncap;
		}
		r.pattern = strdup(p);
		r.base = strdup(rel);
		if (!r.pattern || !r.base) {
			free(r.pattern);
			free(r.base);
			rc = -1;
			break;
		}
		w->rules[w->nrules++] = r;
	}
out:
	if (rc < 0)
		cli_error("out of memory");
	if (f)
		fclose(f);
	free(line);
	free(path);
	return rc;
}

static void drop_rules(walker *w, size_t keep)
{
	while (w->nrules > keep) {
		w->nrules--;
		free(w->rules[w->nrules].pattern);
		free(w->rules[w->nrules].base);
	}
}

/* Whether the ignore rules exclude rel (relative to the root). */
static int ignored(const walker *w, const char *rel, int is_dir)
{
	int out = 0;

	for (size_t i = 0; i < w->nrules; i++) {
		const rule *r = &w->rules[i];
		size_t blen = strlen(r->base);
		const char *sub = rel;

		if (r->dir_only && !is_dir)
			continue;
		if (blen > 0) {
			if (strncmp(rel, r->base, blen) != 0 ||
			    rel[blen] != '/')
				continue;
			sub = rel + blen + 1;
		}
		if (r->anchored ? walk_glob_match(r->pattern, sub)
				: walk_glob_match(r->pattern, base_of(sub)))
			out = !r->negate;
	}
	return out;
}

static int glob_hit(char **globs, size_t n, const char *rel)
{
	for (size_t i = 0; i < n; i++)
		if (walk_glob_match(globs[i],
				    strchr(globs[i], '/') ? rel : base_of(rel)))
			return 1;
	return 0;
}

static void walk_dir(walker *w, const char *dir, const char *rel);

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* One entry of a directory: path (root-based) and rel (root-relative). */
static void visit(walker *w, const char *path, const char *rel)
{
	struct stat st;
	int rc = lstat(path, &st);

	if (rc == 0 && S_ISLNK(st.st_mode)) {
		if (!w->o->follow)
			goto out;
		rc = stat(path, &st);
	}
	if (rc < 0) {
		w->on_skip(path, strerror(errno), 0, w->payload);
		goto out;
	}
	if (ignored(w, rel, S_ISDIR(st.st_mode)) ||
	    glob_hit(w->o->excludes, w->o->nexcludes, rel))
		goto out;
	if (S_ISDIR(st.st_mode)) {
		for (int i = 0; i < w->depth; i++)
			if (w->stack[i].dev == st.st_dev &&
			    w->stack[i].ino == st.st_ino) {
				w->on_skip(path, "symbolic link loop", 0,
					   w->payload);
				goto out;
			}
		if (w->depth >= MAX_DEPTH) {
			w->on_skip(path, "directories nested too deep", 1,
				   w->payload);
			goto out;
		}
		w->stack[w->depth].dev = st.st_dev;
		w->stack[w->depth].ino = st.st_ino;
		w->depth++;
		walk_dir(w, path, rel);
		w->depth--;
	} else if (S_ISREG(st.st_mode) &&
		   (w->o->nincludes == 0 ||
		    glob_hit(w->o->includes, w->o->nincludes, rel))) {
		w->stop = w->on_file(path, &st, w->payload);
	}
out:
	return;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	size_t alen = strlen(a);

	if (p)
		snprintf(p, n, "%s%s%s", a,
			 alen > 0 && a[alen - 1] != '/' ? "/" : "", b);
	return p;
}

static void walk_dir(walker *w, const char *dir, const char *rel)
{
	struct dirent **list = NULL;
	size_t keep = w->nrules;
	int n = scandir(dir, &list, not_hidden, alphasort);

	if (n < 0) {
		w->on_skip(dir, strerror(errno), 1, w->payload);
		goto out;
	}
	if (load_ignore(w, dir, rel, ".gitignore") < 0 ||
	    load_ignore(w, dir, rel, ".folioignore") < 0)
		w->stop = -1;
	for (int i = 0; i < n; i++) {
		char *path = NULL, *sub = NULL;

		if (!w->stop) {
			path = strcmp(dir, ".") == 0 ? strdup(list[i]->d_name)
						    : join(dir,
							   list[i]->d_name);
			sub = join(rel, list[i]->d_name);
			if (path && sub) {
				visit(w, path, sub);
			} else {
				cli_error("out of memory");
				w->stop = -1;
			}
		}
		free(path);
		free(sub);
		free(list[i]);
	}
out:
	drop_rules(w, keep);
	free(list);
}

int walk_tree(const char *root, const walk_opts *o, walk_file_cb on_file,
	      walk_skip_cb on_skip, void *payload)
{
	walker w = {o, on_file, on_skip, payload, root, NULL, 0, 0,
		    {{0, 0}}, 0, 0};
	struct stat st;

	if (stat(root, &st) == 0) {
		w.stack[0].dev = st.st_dev;
		w.stack[0].ino = st.st_ino;
		w.depth = 1;
	}
	walk_dir(&w, root, "");
	drop_rules(&w, 0);
	free(w.rules);
	return w.stop;
}
