/*
 * index.c - the index: opening it with the analysis settings it was built
 * with, turning documents into Xapian terms (see the term layout in
 * folio-private.h), and adding, deleting and fetching documents.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "folio-private.h"

size_t folio__head_min_body = FOLIO__HEAD_MIN_BODY_DEFAULT;

/* Xapian's limit on a term's length in bytes, prefix included. */
#define XAPIAN_MAX_TERM 245
/* Title and body positions are kept this far apart, so that a phrase
 * never matches across the end of the title into the body. */
#define TITLE_BODY_GAP 100

int folio_db_options_init(folio_db_options *opts, unsigned int version)
{
	if (opts == NULL || version != FOLIO_DB_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_db_options version "
					"%u",
					version);
	folio_db_options init = FOLIO_DB_OPTIONS_INIT;
	*opts = init;
	return 0;
}

/* ---- Field names and term prefixes -------------------------------- */

int folio__field_prefix(char *out, size_t cap, const char *name)
{
	static const struct {
		const char *name, *prefix;
	} known[] = {
		{"title", "S"}, {"author", "A"}, {"path", "P"},
		{"url", "U"},   {"lang", "L"},
	};
	if (!name || strcmp(name, "date") == 0 ||
	    (strcmp(name, "title") != 0 && !folio__field_name_valid(name)))
		return folio__error_set(FOLIO_EINVALID,
					"no word prefix for field '%s'",
					name ? name : "(null)");
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(name, known[i].name) == 0) {
			snprintf(out, cap, "%s", known[i].prefix);
			return 0;
		}
	/* Omega's convention for other prefixes: 'X' and upper case. */
	size_t n = strlen(name);
	if (n + 2 > cap)
		return folio__error_set(FOLIO_EINVALID,
					"field name '%s' is too long", name);
	out[0] = 'X';
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		out[i + 1] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	out[n + 1] = '\0';
	return 0;
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int folio__date_terms(char *out, size_t cap, const char *value)
{
	size_t len = value ? strlen(value) : 0;
	int parts = 0;
	/* "YYYY", "YYYY-MM" or "YYYY-MM-DD", optionally followed by a time
	 * ("2019-05-23T10:00:00Z" or "2019-05-23 10:00"). */
	if (len >= 4 && digits(value, 4))
		parts = 1;
	if (parts == 1 && len > 4 && value[4] == '-') {
		if (len < 7 || !digits(value + 5, 2))
			return 0;
		int month = (value[5] - '0') * 10 + (value[6] - '0');
		if (month < 1 || month > 12)
			return 0;
		parts = 2;
		if (len > 7 && value[7] == '-') {
			if (len < 10 || !digits(value + 8, 2))
				return 0;
			int day = (value[8] - '0') * 10 + (value[9] - '0');
			if (day < 1 || day > 31)
				return 0;
			parts = 3;
		}
	}
	size_t used = parts == 1 ? 4 : parts == 2 ? 7 : 10;
	if (parts == 0 || (len > used && !(parts == 3 && (value[10] == 'T' ||
							  value[10] == ' '))))
		return 0;
	int n = snprintf(out, cap, "Y%.4s", value);
	if (parts >= 2 && n >= 0 && (size_t)n + 1 < cap)
		n += 1 + snprintf(out + n + 1, cap - (size_t)n - 1, "M%.4s%.2s",
				  value, value + 5);
	if (parts == 3 && n >= 0 && (size_t)n + 1 < cap)
		snprintf(out + n + 1, cap - (size_t)n - 1, "D%.4s%.2s%.2s",
			 value, value + 5, value + 8);
	return (size_t)n + 12 < cap ? parts : 0;
}

int folio__db_has_field(const folio_db *db, const char *name)
{
	if (name && strcmp(name, "title") == 0)
		return 1;
	for (size_t i = 0; db && name && i < db->nfields; i++)
		if (strcmp(db->fields[i], name) == 0)
			return 1;
	return 0;
}

int folio__field_slot(const folio_db *db, const char *name)
{
	for (size_t i = 0; db && name && i < db->nfields; i++)
		if (strcmp(db->fields[i], name) == 0)
			return FOLIO__VALUE_FIELDS + (int)i;
	return -1;
}

/* Remember a field name the index now has, for folio__db_has_field. */
static int note_field(folio_db *db, const char *name)
{
	if (folio__db_has_field(db, name))
		return 0;
	char **grown = realloc(db->fields, (db->nfields + 1) * sizeof *grown);
	if (grown == NULL)
		return folio__error_oom();
	db->fields = grown;
	db->fields[db->nfields] = folio__strdup(name);
	if (db->fields[db->nfields] == NULL)
		return FOLIO_ENOMEM;
	db->nfields++;
	db->fields_dirty = 1;
	return 0;
}

/* Load the space-separated field names recorded in the index. */
/*
 * The entry for a document language (a Snowball name or ISO code) in
 * db->doc_languages, added if new: *out is NULL when it is the index's
 * own language.  FOLIO_ENOTFOUND for a language without a stemmer.
 */
static int doc_language(folio_db *db, const char *name,
			folio__doc_language **out)
{
	folio__xstem *stemmer = NULL;
	folio__doc_language *grown;
	const char *canonical;
	int rc = folio__xstem_new(&stemmer, name);

	*out = NULL;
	if (rc < 0)
		return rc;
	canonical = folio__xstem_language(stemmer);
	if (strcmp(canonical, db->language) == 0 ||
	    strcmp(canonical, "none") == 0 || strcmp(db->language, "none") == 0)
		goto out;
	for (size_t i = 0; i < db->ndoc_languages; i++) {
		if (strcmp(db->doc_languages[i].language, canonical) == 0) {
			*out = &db->doc_languages[i];
			goto out;
		}
	}
	grown = realloc(db->doc_languages,
			(db->ndoc_languages + 1) * sizeof *grown);
	if (grown == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	db->doc_languages = grown;
	grown = &db->doc_languages[db->ndoc_languages];
	grown->language = folio__strdup(canonical);
	if (grown->language == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	grown->analyzer = NULL;
	grown->stemmer = stemmer;
	stemmer = NULL;
	db->ndoc_languages++;
	db->languages_dirty = 1;
	*out = grown;
out:
	folio__xstem_free(stemmer);
	return rc;
}

static int load_languages(folio_db *db, const char *list)
{
	int rc = 0;
	folio__doc_language *entry;

	for (const char *p = list; rc == 0 && p && *p;) {
		char name[64];
		size_t n = strcspn(p, " ");
		if (n > 0 && n < sizeof name) {
			memcpy(name, p, n);
			name[n] = '\0';
			rc = doc_language(db, name, &entry);
			/* A language this folio's Xapian lacks: its
			 * documents are still found by their words. */
			if (rc == FOLIO_ENOTFOUND)
				rc = 0;
		}
		p += n + (p[n] == ' ');
	}
	db->languages_dirty = 0;
	return rc;
}

/*
 * The analyzer for a document: the index's, or the one for the language
 * its "lang" field names (a Snowball name or ISO code).  A language folio
 * has no stemmer for is read in the index's language.
 */
static int doc_analyzer(folio_db *db, const folio_doc *doc,
			folio_analyzer **out)
{
	folio__doc_language *entry = NULL;
	int rc = 0;

	*out = db->analyzer;
	for (size_t i = 0; i < doc->nfields; i++) {
		if (strcmp(doc->fields[i].name, "lang") != 0)
			continue;
		rc = doc_language(db, doc->fields[i].value, &entry);
		if (rc == FOLIO_ENOTFOUND) {
			folio_error_clear();
			rc = 0;
		}
		break;
	}
	if (rc < 0 || entry == NULL)
		return rc;
	if (entry->analyzer == NULL) {
		folio_analyzer_options opts = FOLIO_ANALYZER_OPTIONS_INIT;
		opts.language = entry->language;
		opts.keep_accents = folio_analyzer_keeps_accents(db->analyzer);
		rc = folio_analyzer_new(&entry->analyzer, &opts);
	}
	if (rc == 0)
		*out = entry->analyzer;
	return rc;
}

static int load_fields(folio_db *db, const char *list)
{
	int rc = 0;
	while (rc == 0 && list && *list) {
		while (*list == ' ')
			list++;
		size_t n = strcspn(list, " ");
		if (n > 0 && n <= 32) {
			char name[33];
			memcpy(name, list, n);
			name[n] = '\0';
			if (folio__field_name_valid(name))
				rc = note_field(db, name);
		}
		list += n;
	}
	db->fields_dirty = 0;
	return rc;
}

/* ---- Opening ------------------------------------------------------- */

/*
 * Before creating an index in path, make sure we would not scatter index
 * files among someone's documents: path must be missing, empty, or
 * already hold a Xapian database.
 */
static int check_create_target(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return folio__error_set(FOLIO_EINVALID,
					"cannot create an index at %s: it is "
					"a file, not a directory; choose "
					"another location",
					path);
	DIR *dir = opendir(path);
	if (dir == NULL)
		return folio__error_set(FOLIO_EIO,
					"cannot read the directory %s: %s",
					path, strerror(errno));
	int others = 0, xapian = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strncmp(e->d_name, "iam", 3) == 0)
			xapian = 1;
		else
			others = 1;
	}
	closedir(dir);
	if (others && !xapian)
		return folio__error_set(FOLIO_EINVALID,
					"cannot create an index at %s: the "
					"directory holds other files; choose "
					"an empty or new directory",
					path);
	return 0;
}

static int get_meta(folio_db *db, const char *key, char **out)
{
	return folio__xdb_get_metadata(out, db->xdb, key);
}

/* Record this folio's analysis settings in a new index. */
static int record_settings(folio_db *db)
{
	int rc = folio__xdb_set_metadata(db->xdb, FOLIO__META_FORMAT,
					 FOLIO__FORMAT);
	if (rc == 0)
		rc = folio__xdb_set_metadata(db->xdb, FOLIO__META_LANGUAGE,
					     db->language);
	if (rc == 0)
		rc = folio__xdb_set_metadata(
			db->xdb, FOLIO__META_FOLDING,
			folio_analyzer_keeps_accents(db->analyzer)
				? FOLIO__FOLDING
				: FOLIO__FOLDING_UNACCENT);
	if (rc == 0)
		rc = folio__xdb_set_metadata(db->xdb, FOLIO__META_UNICODE,
					     folio__unicode_version());
	return rc;
}

/*
 * Check the settings an existing index records against this folio and
 * the caller's request, and set up db's analyzer to match the index.
 */
static int load_settings(folio_db *db, const char *requested_language,
			 int keep_accents)
{
	int rc = 0;
	char *format = NULL, *language = NULL, *folding = NULL;
	char *unicode = NULL, *fields = NULL, *languages = NULL;
	folio_analyzer *requested = NULL;
	uint64_t docs = 0;

	rc = get_meta(db, FOLIO__META_FORMAT, &format);
	if (rc == 0 && format == NULL) {
		/* No settings: a brand-new index (fine), or a Xapian
		 * database folio did not make (refused). */
		struct stat st;
		rc = folio__xdb_stats(db->xdb, &docs, NULL);
		/* Xapian reads a plain file as a list of databases (a stub);
		 * an empty one would look like an empty index. */
		if (rc == 0 && (docs > 0 || (stat(db->path, &st) == 0 &&
					     !S_ISDIR(st.st_mode)))) {
			rc = folio__error_set(
				FOLIO_ECORRUPT,
				"%s is not a folio index: it records no folio "
				"settings (a Xapian database folio did not "
				"make, or another file); use another location",
				db->path);
			goto out;
		}
		language = folio__strdup(requested_language ? requested_language
							    : "english");
		if (language == NULL) {
			rc = FOLIO_ENOMEM;
			goto out;
		}
		rc = folio_analyzer_new(
			&db->analyzer,
			&(folio_analyzer_options){
				FOLIO_ANALYZER_OPTIONS_VERSION, language,
				keep_accents > 0});
		if (rc < 0)
			goto out;
		db->language =
			folio__strdup(folio_analyzer_language(db->analyzer));
		db->unicode_version = folio__strdup(folio__unicode_version());
		if (!db->language || !db->unicode_version) {
			rc = FOLIO_ENOMEM;
			goto out;
		}
		db->body_store = 1;
		if (db->writable)
			rc = record_settings(db);
		goto out;
	}
	if (rc < 0)
		goto out;
	/* Format 2 differs only in where bodies are kept: its indexes are
	 * read, and changed in their own format. */
	if (strcmp(format, FOLIO__FORMAT) != 0 &&
	    strcmp(format, FOLIO__FORMAT_INLINE_BODIES) != 0) {
		rc = folio__error_set(FOLIO_EVERSION,
				      "the index at %s has format %s, but this "
				      "folio (%s) reads formats %s and %s; "
				      "rebuild the index with this folio",
				      db->path, format, folio_version(),
				      FOLIO__FORMAT_INLINE_BODIES,
				      FOLIO__FORMAT);
		goto out;
	}
	db->body_store = strcmp(format, FOLIO__FORMAT) == 0;
	rc = get_meta(db, FOLIO__META_LANGUAGE, &language);
	if (rc == 0)
		rc = get_meta(db, FOLIO__META_FOLDING, &folding);
	if (rc == 0)
		rc = get_meta(db, FOLIO__META_UNICODE, &unicode);
	if (rc == 0)
		rc = get_meta(db, FOLIO__META_FIELDS, &fields);
	if (rc < 0)
		goto out;
	if (language == NULL || folding == NULL ||
	    (strcmp(folding, FOLIO__FOLDING) != 0 &&
	     strcmp(folding, FOLIO__FOLDING_UNACCENT) != 0)) {
		rc = folio__error_set(FOLIO_EVERSION,
				      "the index at %s was built with text "
				      "folding '%s', but this folio folds "
				      "with '%s' or '%s'; rebuild the index",
				      db->path, folding ? folding : "(none)",
				      FOLIO__FOLDING_UNACCENT, FOLIO__FOLDING);
		goto out;
	}
	/* The index decides whether accents count; asking otherwise for
	 * an existing index is refused, as another language is. */
	if (keep_accents >= 0 &&
	    keep_accents != (strcmp(folding, FOLIO__FOLDING) == 0)) {
		rc = folio__error_set(
			FOLIO_EINVALID,
			"the index at %s was built %s accents; open it "
			"without asking, or rebuild it %s them",
			db->path,
			keep_accents ? "ignoring" : "keeping",
			keep_accents ? "keeping" : "ignoring");
		goto out;
	}
	rc = folio_analyzer_new(
		&db->analyzer,
		&(folio_analyzer_options){FOLIO_ANALYZER_OPTIONS_VERSION,
					  language,
					  !strcmp(folding, FOLIO__FOLDING)});
	if (rc < 0)
		goto out;
	if (requested_language) {
		rc = folio_analyzer_new(&requested,
					&(folio_analyzer_options){
						FOLIO_ANALYZER_OPTIONS_VERSION,
						requested_language, 0});
		if (rc < 0)
			goto out;
		if (strcmp(folio_analyzer_language(requested),
			   folio_analyzer_language(db->analyzer)) != 0) {
			rc = folio__error_set(
				FOLIO_EINVALID,
				"the index at %s is in %s, not %s: open it "
				"without a language, or rebuild it",
				db->path, folio_analyzer_language(db->analyzer),
				folio_analyzer_language(requested));
			goto out;
		}
	}
	db->language = folio__strdup(folio_analyzer_language(db->analyzer));
	db->unicode_version = folio__strdup(unicode ? unicode : "unknown");
	if (!db->language || !db->unicode_version) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	if (strcmp(db->unicode_version, folio__unicode_version()) != 0) {
		folio__buf w = FOLIO__BUF_INIT;
		rc = folio__buf_printf(
			&w,
			"the index at %s was built with Unicode %s and this "
			"folio uses Unicode %s: a few words may be split or "
			"folded differently; rebuild the index to be sure",
			db->path, db->unicode_version,
			folio__unicode_version());
		if (rc < 0) {
			folio__buf_free(&w);
			goto out;
		}
		db->warning = folio__buf_detach(&w);
	}
	rc = load_fields(db, fields);
	if (rc == 0)
		rc = get_meta(db, FOLIO__META_LANGUAGES, &languages);
	if (rc == 0)
		rc = load_languages(db, languages);
out:
	free(languages);
	folio_analyzer_free(requested);
	free(format);
	free(language);
	free(folding);
	free(unicode);
	free(fields);
	return rc;
}

int folio_db_open(folio_db **out, const char *path,
		  const folio_db_options *opts)
{
	int rc = 0;
	folio_db *db = NULL;
	folio_db_options defaults = FOLIO_DB_OPTIONS_INIT;
	if (out)
		*out = NULL;
	if (out == NULL || path == NULL || *path == '\0') {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_open needs an out pointer and "
				      "a path");
		goto out;
	}
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != FOLIO_DB_OPTIONS_VERSION) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "unsupported folio_db_options version %u",
				      opts->version);
		goto out;
	}
	int writable = (opts->flags & FOLIO_DB_WRITABLE) != 0;
	int create = writable && (opts->flags & FOLIO_DB_CREATE) != 0;
	if (create && (rc = check_create_target(path)) < 0)
		goto out;
	db = calloc(1, sizeof *db);
	if (db == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	db->writable = writable;
	db->path = folio__strdup(path);
	if (db->path == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	rc = folio__xdb_open(&db->xdb, path, writable, create);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no index at %s; create one by adding "
				      "documents to it",
				      path);
	if (rc < 0)
		goto out;
	rc = load_settings(db, opts->language,
			   opts->accents == FOLIO_ACCENTS_DEFAULT ? -1
			   : opts->accents == FOLIO_ACCENTS_KEEP  ? 1
								  : 0);
out:
	if (rc < 0) {
		folio_db_free(db);
		db = NULL;
	}
	if (out)
		*out = db;
	return rc;
}

void folio_db_free(folio_db *db)
{
	if (db == NULL)
		return;
	folio__xdb_free(db->xdb);
	folio_analyzer_free(db->analyzer);
	for (size_t i = 0; i < db->nfields; i++)
		free(db->fields[i]);
	free(db->fields);
	free(db->path);
	free(db->warning);
	free(db->language);
	free(db->unicode_version);
	for (size_t i = 0; i < db->ndoc_languages; i++) {
		free(db->doc_languages[i].language);
		folio_analyzer_free(db->doc_languages[i].analyzer);
		folio__xstem_free(db->doc_languages[i].stemmer);
	}
	free(db->doc_languages);
	free(db);
}

folio_analyzer *folio_db_analyzer(folio_db *db)
{
	return db ? db->analyzer : NULL;
}

const char *folio_db_warning(const folio_db *db)
{
	return db ? db->warning : NULL;
}

int folio_db_reopen(folio_db *db)
{
	if (db == NULL)
		return folio__error_set(FOLIO_EINVALID, "no index given");
	return folio__xdb_reopen(db->xdb);
}

/* ---- Documents to terms ------------------------------------------- */

/* Where the analyzer's tokens go while one piece of text is indexed. */
typedef struct term_sink {
	folio__xdoc *xdoc;
	folio__buf term;
	const char *prefix; /* "" for body words, "S" for the title, ... */
	uint32_t base;      /* added to each token's position */
	uint32_t wdf;       /* 1 for scored words, 0 for field filters */
	int stems;          /* also add Z<prefix><stem> */
	uint32_t next;      /* one past the last position used */
	uint64_t words;     /* title and body words seen */
} term_sink;

static int add_prefixed(term_sink *sink, const char *head, const char *s,
			size_t len, int positional, uint32_t pos)
{
	folio__buf_clear(&sink->term);
	int rc = folio__buf_puts(&sink->term, head);
	if (rc == 0)
		rc = folio__buf_puts(&sink->term, sink->prefix);
	if (rc == 0)
		rc = folio__buf_put(&sink->term, s, len);
	if (rc < 0 || sink->term.len > XAPIAN_MAX_TERM)
		return rc; /* too long to index: skipped, like the analyzer */
	if (positional)
		return folio__xdoc_add_posting(sink->xdoc, sink->term.ptr,
					       sink->term.len, pos, sink->wdf);
	return folio__xdoc_add_term(sink->xdoc, sink->term.ptr, sink->term.len,
				    sink->wdf);
}

/*
 * Every token is a positional term, ALT forms included, so that a phrase
 * may use any of them.  Stems are added for words, not for the
 * characters and pairs of Chinese and Japanese (which are their own
 * stems).  Only base tokens count as words.
 */
static int sink_token(const folio_token *t, void *payload)
{
	term_sink *sink = payload;
	uint32_t pos = sink->base + t->position;
	int rc = add_prefixed(sink, "", t->term, t->term_len, 1, pos);
	if (rc == 0 && sink->stems && !(t->flags & FOLIO_TOKEN_NGRAM))
		rc = add_prefixed(sink, FOLIO__PREFIX_STEM, t->stem,
				  t->stem_len, 0, 0);
	if (pos + t->span > sink->next)
		sink->next = pos + t->span;
	if (sink->wdf > 0 && sink->prefix[0] == '\0' &&
	    !(t->flags & FOLIO_TOKEN_ALT))
		sink->words++;
	return rc;
}

static int index_text(folio_db *db, folio_analyzer *analyzer,
		      term_sink *sink, const char *prefix, const char *text,
		      size_t len, uint32_t wdf, int stems)
{
	sink->prefix = prefix;
	sink->wdf = wdf;
	sink->stems = stems && strcmp(db->language, "none") != 0;
	return folio_analyze(analyzer, text, len, sink_token, sink);
}

static int index_date(folio__xdoc *xdoc, const char *value)
{
	char terms[64];
	int n = folio__date_terms(terms, sizeof terms, value);
	int rc = 0;
	const char *t = terms;
	for (int i = 0; rc == 0 && i < n; i++, t += strlen(t) + 1)
		rc = folio__xdoc_add_term(xdoc, t, strlen(t), 0);
	if (rc == 0 && n > 0) {
		/* "yyyymmdd" sorts by date; missing parts sort first. */
		char sortable[9];
		snprintf(sortable, sizeof sortable, "%.4s%.2s%.2s", value,
			 n >= 2 ? value + 5 : "00", n >= 3 ? value + 8 : "00");
		rc = folio__xdoc_set_value(xdoc, FOLIO__VALUE_DATE, sortable,
					   8);
	}
	return rc;
}

/* Keep a field's original value in its slot, for facets. */
static int store_field_value(const folio_db *db, folio__xdoc *xdoc,
			     const folio__field *f)
{
	int slot = folio__field_slot(db, f->name);
	if (slot < 0)
		return 0;
	return folio__xdoc_set_value(xdoc, (unsigned)slot, f->value,
				     strlen(f->value));
}

/* Build the Xapian document for doc (terms, stored data, values). */
static int build_xdoc(folio_db *db, const folio_doc *doc, folio__xdoc *xdoc,
		      folio__buf *data)
{
	term_sink sink = {xdoc, FOLIO__BUF_INIT, "", 0, 1, 0, 0, 0};
	char words[24];
	folio_analyzer *analyzer = NULL;
	size_t title_len = strlen(doc->title);
	int rc = doc_analyzer(db, doc, &analyzer);

	if (rc == 0)
		rc = index_text(db, analyzer, &sink, FOLIO__PREFIX_TITLE,
				doc->title, title_len, 1, 1);
	/* Title words are body words too, so a plain query finds them. */
	if (rc == 0)
		rc = index_text(db, analyzer, &sink, "", doc->title,
				title_len, 3, 1);
	size_t body_len = 0;
	const char *body = folio_doc_body(doc, &body_len);
	if (rc == 0) {
		sink.base = sink.next ? sink.next + TITLE_BODY_GAP : 0;
		rc = index_text(db, analyzer, &sink, "", body, body_len, 1, 1);
	}
	for (size_t i = 0; rc == 0 && i < doc->nfields; i++) {
		const folio__field *f = &doc->fields[i];
		char prefix[40];
		sink.base = 0;
		rc = note_field(db, f->name);
		if (rc == 0)
			rc = store_field_value(db, xdoc, f);
		if (rc == 0 && strcmp(f->name, "date") == 0)
			rc = index_date(xdoc, f->value);
		else if (rc == 0 &&
			 (rc = folio__field_prefix(prefix, sizeof prefix,
						   f->name)) == 0)
			rc = index_text(db, db->analyzer, &sink, prefix,
					f->value, strlen(f->value), 0, 0);
	}
	if (rc == 0) {
		int n = snprintf(words, sizeof words, "%llu",
				 (unsigned long long)sink.words);
		rc = folio__xdoc_set_value(xdoc, FOLIO__VALUE_WORDS, words,
					   (size_t)n);
	}
	/* The head first, then the whole stored form, in one buffer.  With
	 * a body store, the data is the head and a line that says where
	 * the body is: small, so no head is kept apart (reading the value
	 * slot cost more than reading such data). */
	if (rc == 0)
		rc = folio__doc_serialize_head(doc, data);
	if (rc == 0 && db->body_store && body_len > 0)
		rc = folio__buf_puts(data, FOLIO__BODY_STORE_LINE);
	if (rc == 0 && !db->body_store && body_len >= folio__head_min_body)
		rc = folio__xdoc_set_value(xdoc, FOLIO__VALUE_HEAD, data->ptr,
					   data->len);
	if (rc == 0 && !db->body_store)
		rc = folio__doc_serialize_body(doc, data);
	if (rc == 0)
		rc = folio__xdoc_set_data(xdoc, data->ptr, data->len);
	folio__buf_free(&sink.term);
	return rc;
}

/* "Q" + id, or FOLIO_EINVALID if the id is too long to be a term. */
static int id_term(folio__buf *out, const char *id)
{
	if (id == NULL || *id == '\0')
		return folio__error_set(FOLIO_EINVALID, "no document id given");
	if (strlen(id) + 1 > XAPIAN_MAX_TERM)
		return folio__error_set(FOLIO_EINVALID,
					"the document id '%.40s...' is longer "
					"than %d bytes; use a shorter id",
					id, XAPIAN_MAX_TERM - 1);
	int rc = folio__buf_puts(out, FOLIO__PREFIX_ID);
	if (rc == 0)
		rc = folio__buf_puts(out, id);
	return rc;
}

static int need_writable(const folio_db *db)
{
	if (db->writable)
		return 0;
	return folio__error_set(FOLIO_EINVALID,
				"the index at %s is open read-only: open it "
				"with FOLIO_DB_WRITABLE to change it",
				db->path);
}

int folio_db_add(folio_db *db, const folio_doc *doc)
{
	int rc = 0;
	folio__xdoc *xdoc = NULL;
	folio__buf idterm = FOLIO__BUF_INIT, data = FOLIO__BUF_INIT;
	folio__buf packed = FOLIO__BUF_INIT;
	if (db == NULL || doc == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_add needs an index and a "
				      "document");
		goto out;
	}
	if ((rc = need_writable(db)) < 0 ||
	    (rc = id_term(&idterm, doc->id)) < 0)
		goto out;
	/* Packed before anything changes: a body that cannot be stored
	 * leaves the index as it was. */
	if (db->body_store) {
		size_t body_len = 0;
		const char *body = folio_doc_body(doc, &body_len);
		if ((rc = folio__body_pack(&packed, doc->id, body,
					   body_len)) < 0)
			goto out;
	}
	rc = folio__xdoc_new(&xdoc);
	if (rc == 0)
		rc = folio__xdoc_add_term(xdoc, idterm.ptr, idterm.len, 0);
	if (rc == 0)
		rc = build_xdoc(db, doc, xdoc, &data);
	if (rc == 0 && doc->stamp)
		rc = folio__xdoc_set_value(xdoc, FOLIO__VALUE_STAMP,
					   doc->stamp, strlen(doc->stamp));
	if (rc == 0)
		rc = folio__xdb_replace(db->xdb, idterm.ptr, xdoc);
	/* An empty body removes the one a replaced document had. */
	if (rc == 0 && db->body_store)
		rc = folio__body_store_put(db->xdb, doc->id, packed.ptr,
					   packed.len);
out:
	folio__xdoc_free(xdoc);
	folio__buf_free(&idterm);
	folio__buf_free(&data);
	folio__buf_free(&packed);
	return rc;
}

int folio_db_delete(folio_db *db, const char *id)
{
	int rc = 0, deleted = 0;
	folio__buf idterm = FOLIO__BUF_INIT;
	if (db == NULL) {
		rc = folio__error_set(FOLIO_EINVALID, "no index given");
		goto out;
	}
	if ((rc = need_writable(db)) < 0 || (rc = id_term(&idterm, id)) < 0)
		goto out;
	rc = folio__xdb_delete(db->xdb, idterm.ptr, &deleted);
	if (rc == 0 && deleted && db->body_store)
		rc = folio__body_store_put(db->xdb, id, NULL, 0);
	if (rc == 0 && !deleted)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no document with id '%s' in the index "
				      "at %s",
				      id, db->path);
out:
	folio__buf_free(&idterm);
	return rc;
}

int folio_db_commit(folio_db *db)
{
	int rc = 0;
	if (db == NULL)
		return folio__error_set(FOLIO_EINVALID, "no index given");
	if ((rc = need_writable(db)) < 0)
		return rc;
	if (db->fields_dirty) {
		folio__buf list = FOLIO__BUF_INIT;
		for (size_t i = 0; rc == 0 && i < db->nfields; i++)
			rc = folio__buf_printf(&list, "%s%s", i ? " " : "",
					       db->fields[i]);
		if (rc == 0)
			rc = folio__xdb_set_metadata(db->xdb,
						     FOLIO__META_FIELDS,
						     list.ptr ? list.ptr : "");
		folio__buf_free(&list);
		if (rc < 0)
			return rc;
	}
	if (db->languages_dirty) {
		folio__buf list = FOLIO__BUF_INIT;
		for (size_t i = 0; rc == 0 && i < db->ndoc_languages; i++)
			rc = folio__buf_printf(&list, "%s%s", i ? " " : "",
					       db->doc_languages[i].language);
		if (rc == 0)
			rc = folio__xdb_set_metadata(db->xdb,
						     FOLIO__META_LANGUAGES,
						     list.ptr ? list.ptr : "");
		folio__buf_free(&list);
		if (rc < 0)
			return rc;
	}
	rc = folio__xdb_commit(db->xdb);
	if (rc == 0)
		db->fields_dirty = db->languages_dirty = 0;
	return rc;
}

int folio_db_get(folio_doc **out, folio_db *db, const char *id)
{
	int rc = 0;
	char *data = NULL;
	size_t len = 0;
	folio__buf idterm = FOLIO__BUF_INIT;
	if (out)
		*out = NULL;
	if (out == NULL || db == NULL) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_get needs an out pointer and "
				      "an index");
		goto out;
	}
	if ((rc = id_term(&idterm, id)) < 0)
		goto out;
	rc = folio__xdb_get_data(&data, &len, db->xdb, idterm.ptr);
	if (rc == FOLIO_ENOTFOUND)
		rc = folio__error_set(FOLIO_ENOTFOUND,
				      "no document with id '%s' in the index "
				      "at %s",
				      id, db->path);
	if (rc == 0)
		rc = folio__doc_deserialize(out, data, len);
	if (rc == 0 && (*out)->body_stored &&
	    (rc = folio__doc_read_stored_body(*out, db->xdb)) < 0) {
		folio_doc_free(*out);
		*out = NULL;
	}
out:
	free(data);
	folio__buf_free(&idterm);
	return rc;
}

/* Bytes taken by the files in the index directory. */
static uint64_t directory_size(const char *path)
{
	uint64_t total = 0;
	DIR *dir = opendir(path);
	if (dir == NULL)
		return 0;
	folio__buf file = FOLIO__BUF_INIT;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		struct stat st;
		folio__buf_clear(&file);
		if (folio__buf_printf(&file, "%s/%s", path, e->d_name) == 0 &&
		    stat(file.ptr, &st) == 0 && S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
	}
	closedir(dir);
	folio__buf_free(&file);
	return total;
}

int folio_db_stats_get(folio_db_stats *out, folio_db *db)
{
	if (out == NULL || db == NULL)
		return folio__error_set(FOLIO_EINVALID,
					"folio_db_stats_get needs a stats "
					"struct and an index");
	if (out->version < 1 || out->version > FOLIO_DB_STATS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_db_stats version "
					"%u: initialise it with "
					"FOLIO_DB_STATS_INIT",
					out->version);
	int rc = folio__xdb_stats(db->xdb, &out->documents, &out->terms);
	if (rc == 0)
		rc = folio__xdb_value_mean(db->xdb, FOLIO__VALUE_WORDS,
					   &out->average_length);
	if (rc < 0)
		return rc;
	out->size_bytes = directory_size(db->path);
	out->language = db->language;
	out->unicode_version = db->unicode_version;
	/* A struct of version 1 ends before it. */
	if (out->version >= 2)
		out->format = db->body_store ? 3 : 2;
	if (out->version >= 3)
		rc = folio__xdb_norms_current(db->xdb, &out->lengths_current);
	return rc;
}
