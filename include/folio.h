/*
 * folio.h - the public interface of libfolio, a full-text search library.
 *
 * folio analyses text with ICU, stems it with Snowball, keeps an inverted
 * index in a standard Xapian database, parses queries, ranks hits with
 * BM25 and cuts highlighted snippets.  This header is the whole interface:
 * the folio command-line tool uses nothing else.
 *
 * Conventions
 * -----------
 * - Fallible functions return int: 0 (FOLIO_OK) or a negative FOLIO_E*
 *   code.  Out-parameters come first.  After a failure, folio_error_last()
 *   says what went wrong, where, and what to do.
 * - What a function hands back through a `**out` parameter belongs to the
 *   caller and is released by the matching *_free(), which accepts NULL.
 *   On failure `*out` is set to NULL.  A pointer returned directly (a
 *   `const char *`, a `const folio_doc *`) is borrowed from its parent
 *   and stays valid until the parent is freed or changed.
 * - Options structs start with `unsigned int version`.  Initialise them
 *   with the *_INIT macro or the *_init() function, then set the fields
 *   you care about, so that later versions can add fields safely.
 * - Strings are UTF-8 and NUL-terminated unless a length is passed with
 *   them.  Invalid UTF-8 is accepted everywhere and never crashes folio;
 *   it is treated as U+FFFD REPLACEMENT CHARACTER during analysis.
 * - The library never prints, never exits and reads no configuration.
 *
 * Threads
 * -------
 * Handles are not thread-safe: use each folio_db (and everything made from
 * it: queries, results, snippets) from one thread at a time.  Different
 * handles may be used from different threads at once, including several
 * read-only handles on the same index.  Only one writable handle may be
 * open on an index at a time (others get FOLIO_ELOCKED).
 * folio_error_last() is per thread.
 *
 * Example (taken from tests/example-search.c, which the test suite runs;
 * path is the index directory)
 * -------
 *     folio_db *db = NULL;
 *     folio_query *query = NULL;
 *     folio_results *results = NULL;
 *     if (folio_db_open(&db, path, NULL) < 0 ||
 *         folio_query_parse(&query, db, "huawei korea", NULL) < 0 ||
 *         folio_db_search(&results, db, query, NULL) < 0) {
 *         fprintf(stderr, "folio: %s\n", folio_error_last()->message);
 *     } else {
 *         for (size_t i = 0; i < folio_results_count(results); i++) {
 *             const folio_doc *doc = folio_results_doc(results, i);
 *             folio_snippet *snippet = NULL;
 *             printf("%s\n", folio_doc_title(doc));
 *             if (folio_results_snippet(&snippet, results, i, query,
 *                           NULL) == 0)
 *                 printf("    %s\n",
 *                        folio_snippet_text(snippet, NULL));
 *             folio_snippet_free(snippet);
 *         }
 *     }
 *     folio_results_free(results);
 *     folio_query_free(query);
 *     folio_db_free(db);
 */
#ifndef FOLIO_H
#define FOLIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(FOLIO_BUILDING_LIBRARY)
#define FOLIO_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define FOLIO_EXTERN __attribute__((visibility("default")))
#else
#define FOLIO_EXTERN
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

#define FOLIO_VERSION_MAJOR 0
#define FOLIO_VERSION_MINOR 1
#define FOLIO_VERSION_PATCH 0
#define FOLIO_VERSION "0.1.0"

/* True when the header is at least version major.minor.patch. */
#define FOLIO_CHECK_VERSION(major, minor, patch)                          \
	(FOLIO_VERSION_MAJOR > (major) ||                                 \
	 (FOLIO_VERSION_MAJOR == (major) &&                               \
	  (FOLIO_VERSION_MINOR > (minor) ||                               \
	   (FOLIO_VERSION_MINOR == (minor) &&                             \
	    FOLIO_VERSION_PATCH >= (patch)))))

/* The version of the library actually linked, e.g. "0.1.0". */
FOLIO_EXTERN const char *folio_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

typedef enum folio_error_code {
	FOLIO_OK = 0,
	FOLIO_ERROR = -1,     /* anything not listed below */
	FOLIO_ENOTFOUND = -2, /* no such index, document or language */
	FOLIO_EQUERY = -3,    /* query syntax error or query too large */
	FOLIO_ELOCKED = -4,   /* another writer holds the index */
	FOLIO_EMODIFIED = -5, /* index changed under a reader: reopen */
	FOLIO_ECORRUPT = -6,  /* index damaged or not a folio index */
	FOLIO_ENOMEM = -7,    /* out of memory */
	FOLIO_EINVALID = -8,  /* invalid argument */
	FOLIO_EIO = -9,       /* reading or writing files failed */
	FOLIO_EVERSION = -10  /* index made by an incompatible folio */
} folio_error_code;

typedef struct folio_error {
	int code;            /* the FOLIO_E* code of the last failure */
	const char *message; /* never NULL; "" when there was no error */
	int column;          /* 1-based column in the query for FOLIO_EQUERY
	                        syntax errors, else 0 */
} folio_error;

/*
 * The last error raised on this thread.  Never NULL; the struct and its
 * message stay valid until the next failing folio call on this thread.
 */
FOLIO_EXTERN const folio_error *folio_error_last(void);

/* Forget the last error on this thread. */
FOLIO_EXTERN void folio_error_clear(void);

/* A short, constant description of an error code ("index is locked"). */
FOLIO_EXTERN const char *folio_error_name(int code);

/* ------------------------------------------------------------------ */
/* Analyzer: text to tokens                                            */
/* ------------------------------------------------------------------ */

/*
 * An analyzer splits UTF-8 text into words with ICU's word break rules,
 * folds each with Unicode NFKC case folding (and, by default, removes
 * accents from Latin and Greek letters), and stems it with a Snowball
 * stemmer.  Documents, queries and snippets all go through the analyzer
 * an index was built with, so the three always agree.  Beyond ICU:
 *
 *  - Chinese and Japanese (ideographs and kana) give one token per
 *    character and an ALT token for each pair of adjacent characters, so
 *    that any run of characters typed as a query finds the text that
 *    contains it; the words ICU's dictionary finds are ALT tokens too.
 *  - Korean words lose a trailing particle in their stem ("한국은" has
 *    the stem "한국"), whatever the language.
 *  - A word that mixes scripts ("LG유플러스") is split where the script
 *    changes.
 *  - "e-mail" gives "e", "mail" and an ALT "email"; "hannam.ac.kr" gives
 *    "hannam", "ac", "kr" and an ALT "hannam.ac.kr"; "U.S.A." is "usa";
 *    "28,500" is "28500"; "C++", "C#", "U+" and ".NET" keep their symbol
 *    (with an ALT of the plain letters); "Huawei's" has an ALT "huawei"
 *    and "l'avion" an ALT "avion".
 */
typedef struct folio_analyzer folio_analyzer;

#define FOLIO_ANALYZER_OPTIONS_VERSION 1
typedef struct folio_analyzer_options {
	unsigned int version;
	/* Snowball language ("english", "french", "none", ...), or an ISO
	 * 639 code ("en", "fr").  NULL means "english".  "none" turns
	 * stemming off. */
	const char *language;
	/* 0 (the default): letters with accents are also found without
	 * them ("cafe" finds "café"); 1: accents are significant. */
	int keep_accents;
} folio_analyzer_options;
#define FOLIO_ANALYZER_OPTIONS_INIT {FOLIO_ANALYZER_OPTIONS_VERSION, NULL, 0}
FOLIO_EXTERN int folio_analyzer_options_init(folio_analyzer_options *opts,
					     unsigned int version);

/* One word of the input, as the analyzer saw it. */
typedef struct folio_token {
	const char *term; /* folded form, e.g. "pressuring" (not NUL-ended) */
	size_t term_len;
	const char *stem; /* stemmed form, e.g. "pressur" (not NUL-ended);
	                     equal to term when stemming is off */
	size_t stem_len;
	size_t start;      /* byte offset of the word in the input */
	size_t end;        /* byte offset just past the word */
	uint32_t position; /* 0-based word position */
	uint32_t span;     /* positions the token covers: 1 for a word, 2
	                      for "email" made of "e-mail", ... */
	unsigned int flags; /* FOLIO_TOKEN_* */
} folio_token;

/*
 * Token flags.  Each position holds one token without FOLIO_TOKEN_ALT
 * (a word, or one character of Chinese or Japanese), given first; the
 * tokens with FOLIO_TOKEN_ALT that follow it are other forms of the text
 * from that position: "email" for "e-mail" (span 2), "usa"... A consumer
 * that wants one token per word skips them.
 */
#define FOLIO_TOKEN_ALT 0x1u   /* another form of the text at position */
#define FOLIO_TOKEN_NGRAM 0x2u /* one or two characters of a run of
				  Chinese or Japanese: found by any run of
				  characters, not stemmed */
#define FOLIO_TOKEN_CJK 0x4u   /* from Chinese or Japanese text (an ngram,
				  or a word ICU's dictionary knows) */

/*
 * Called once per token.  The strings in the token are valid only during
 * the call.  Return 0 to go on, anything else to stop: folio_analyze()
 * then returns that value.
 */
typedef int (*folio_token_cb)(const folio_token *token, void *payload);

/*
 * Make an analyzer.  opts may be NULL for the defaults.
 * Returns FOLIO_ENOTFOUND for a language with no stemmer (the message
 * lists those available).
 */
FOLIO_EXTERN int folio_analyzer_new(folio_analyzer **out,
				    const folio_analyzer_options *opts);
FOLIO_EXTERN void folio_analyzer_free(folio_analyzer *analyzer);

/* The language in its canonical Snowball name ("english", "none"). */
FOLIO_EXTERN const char *folio_analyzer_language(
	const folio_analyzer *analyzer);

/* 1 if the analyzer keeps accents significant ("cafe" and "café" are two
 * words), 0 if it folds them (the default). */
FOLIO_EXTERN int folio_analyzer_keeps_accents(const folio_analyzer *analyzer);

/*
 * Analyse len bytes of text and call cb for each token, in order.
 * Positions start at 0.  Returns 0, a negative FOLIO_E* code, or the
 * non-zero value cb returned to stop early.
 *
 * ICU's common library is loaded the first time a text holds more than
 * plain ASCII and common punctuation (curly quotes, dashes...), whose
 * words folio cuts by ICU's rules without it; if it cannot be loaded,
 * FOLIO_ERROR, with a message that names it and what to install.
 */
FOLIO_EXTERN int folio_analyze(folio_analyzer *analyzer, const char *text,
			       size_t len, folio_token_cb cb, void *payload);

/* A space-separated list of the languages stemmers exist for. */
FOLIO_EXTERN const char *folio_languages(void);

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/*
 * A document: a unique id, a title, a body and named fields.  The body is
 * stored whole so that snippets can be cut from it.
 *
 * Field names are lower-case ASCII letters, digits and '_' (at most 32
 * bytes).  Some names have a meaning:
 *   date    "YYYY", "YYYY-MM" or "YYYY-MM-DD": searchable with
 *           date:2019, date:2019-05, date:2019-05-23; sortable later.
 *   source, author, url, path, lang, and any other name: searchable with
 *           name:word and name:"several words".
 */
typedef struct folio_doc folio_doc;

/* A new, empty document with the given id (any non-empty UTF-8 text). */
FOLIO_EXTERN int folio_doc_new(folio_doc **out, const char *id);
FOLIO_EXTERN void folio_doc_free(folio_doc *doc);

/* Set (replace) the title; NULL or "" clears it. */
FOLIO_EXTERN int folio_doc_set_title(folio_doc *doc, const char *title);

/* Set (replace) the body from len bytes of text (need not end in NUL). */
FOLIO_EXTERN int folio_doc_set_body(folio_doc *doc, const char *body,
				    size_t len);

/*
 * Set (replace) a named field.  A NULL value removes the field.
 * Returns FOLIO_EINVALID for a name that is not of the form above, or
 * for "id", "title" and "body", which have their own setters.
 */
FOLIO_EXTERN int folio_doc_set_field(folio_doc *doc, const char *name,
				     const char *value);

/*
 * Fill a document from a text file's contents.  If the text starts with
 * a front-matter block, its "key: value" lines become the title and
 * fields and the rest becomes the body:
 *
 *     ---
 *     title: US pressure on Seoul over Huawei
 *     source: South China Morning Post
 *     date: 2019-05-24
 *     ---
 *     The article text...
 *
 * Without one, the whole text is the body and its first line of text
 * is the title if it is at most 120 bytes long (a headline, not the
 * opening sentence); otherwise the title stays empty.  Rules and
 * heading underlines ("====", lines without a letter or digit) and
 * reStructuredText markup (".. " lines, ":Field:" lines and what is
 * indented under them) before it are passed over, and a Markdown or
 * wiki heading loses its '#'s or '='s.  Unknown or badly named keys are
 * ignored; the body is never changed.
 */
FOLIO_EXTERN int folio_doc_parse_text(folio_doc *doc, const char *text,
				      size_t len);

/* Accessors.  Strings are borrowed from the document; never NULL except
 * folio_doc_field() for a field the document lacks.  The body of a hit
 * (folio_results_doc) is read from the index the first time it is asked
 * for, so that a page showing no bodies costs no more than its titles;
 * if the index can no longer give it (the document was deleted since
 * the search), it reads as empty and folio_error_last() says why. */
FOLIO_EXTERN const char *folio_doc_id(const folio_doc *doc);
FOLIO_EXTERN const char *folio_doc_title(const folio_doc *doc);
FOLIO_EXTERN const char *folio_doc_body(const folio_doc *doc,
					size_t *len_out);
FOLIO_EXTERN const char *folio_doc_field(const folio_doc *doc,
					 const char *name);
FOLIO_EXTERN size_t folio_doc_field_count(const folio_doc *doc);
/* The i-th field, in the order they were set; 0 <= i < count. */
FOLIO_EXTERN int folio_doc_field_at(const folio_doc *doc, size_t i,
				    const char **name_out,
				    const char **value_out);

/* ------------------------------------------------------------------ */
/* Index                                                               */
/* ------------------------------------------------------------------ */

/* An open index: a directory holding a Xapian database. */
typedef struct folio_db folio_db;

typedef enum folio_db_flags {
	FOLIO_DB_READONLY = 0,  /* open an existing index for searching */
	FOLIO_DB_WRITABLE = 1,  /* open for adding and deleting */
	FOLIO_DB_CREATE = 2     /* with WRITABLE: create it if missing */
} folio_db_flags;

#define FOLIO_DB_OPTIONS_VERSION 1
typedef struct folio_db_options {
	unsigned int version;
	unsigned int flags; /* folio_db_flags, or-ed */
	/* The language of a new index (see folio_analyzer_options).  An
	 * existing index keeps the language it was made with; asking for
	 * a different one is FOLIO_EINVALID. NULL: the index's own, or
	 * "english" for a new one. */
	const char *language;
	/* Whether accents count in a new index (folio_accents): by
	 * default "cafe" finds "café".  An existing index keeps what it
	 * was made with; asking for the other is FOLIO_EINVALID. */
	int accents;
} folio_db_options;
#define FOLIO_DB_OPTIONS_INIT {FOLIO_DB_OPTIONS_VERSION, 0, NULL, 0}

typedef enum folio_accents {
	FOLIO_ACCENTS_DEFAULT = 0, /* the index's own; ignored if new */
	FOLIO_ACCENTS_IGNORE = 1,  /* "cafe" and "café" are one word */
	FOLIO_ACCENTS_KEEP = 2     /* they are two words */
} folio_accents;
FOLIO_EXTERN int folio_db_options_init(folio_db_options *opts,
				       unsigned int version);

/*
 * Open the index in directory path.  opts may be NULL: read-only.
 * Returns FOLIO_ENOTFOUND if there is no index there, FOLIO_ELOCKED if a
 * writable open finds another writer, FOLIO_ECORRUPT for a damaged
 * index or a Xapian database folio did not make (one that records no
 * folio settings), FOLIO_EVERSION for an index from an incompatible
 * folio version or analysis settings.  FOLIO_DB_CREATE makes the
 * directory if it is missing, and refuses (FOLIO_EINVALID) a directory
 * that already holds other files, so an index never spills into
 * someone's documents.
 */
FOLIO_EXTERN int folio_db_open(folio_db **out, const char *path,
			       const folio_db_options *opts);

/*
 * Close the index.  Changes not yet committed with folio_db_commit()
 * are discarded: an index only ever holds whole commits.
 */
FOLIO_EXTERN void folio_db_free(folio_db *db);

/* The analyzer this index was built with (borrowed from db). */
FOLIO_EXTERN folio_analyzer *folio_db_analyzer(folio_db *db);

/*
 * A warning about the index, or NULL: for example that it was built with
 * another Unicode version than the one now in use, so some words may be
 * analysed differently.  Borrowed from db.
 */
FOLIO_EXTERN const char *folio_db_warning(const folio_db *db);

/*
 * Add a document, replacing any document with the same id.  Visible to
 * searches once committed.  Needs a writable index.
 */
FOLIO_EXTERN int folio_db_add(folio_db *db, const folio_doc *doc);

/* Delete the document with this id.  FOLIO_ENOTFOUND if there is none. */
FOLIO_EXTERN int folio_db_delete(folio_db *db, const char *id);

/* Make all changes so far durable and visible, atomically. */
FOLIO_EXTERN int folio_db_commit(folio_db *db);

/*
 * Reload a read-only index to see the latest commit.  Worth calling
 * after FOLIO_EMODIFIED.
 */
FOLIO_EXTERN int folio_db_reopen(folio_db *db);

/* Fetch a stored document by id.  FOLIO_ENOTFOUND if there is none. */
FOLIO_EXTERN int folio_db_get(folio_doc **out, folio_db *db,
			      const char *id);

typedef struct folio_db_stats {
	unsigned int version; /* set by the caller: FOLIO_DB_STATS_VERSION */
	uint64_t documents;    /* documents in the index */
	uint64_t terms;        /* distinct terms */
	double average_length; /* mean document length, in words */
	uint64_t size_bytes;   /* disk space of the index files */
	const char *language;  /* borrowed from db */
	const char *unicode_version; /* that the index was built with */
	/* The index's format: 3, or 2 for an index made before bodies were
	 * kept apart from the document data (still read and updated; its
	 * snippets cost more; rebuilding it makes format 3). */
	unsigned int format;
	/* Non-zero if the file of the documents' lengths beside the index
	 * (folio.norms) describes the index as it is.  If not (a copy made
	 * by Xapian's tools, an index last written by another program),
	 * searches read the lengths from Xapian: the same results, a
	 * little slower, until the next commit writes the file. */
	int lengths_current;
} folio_db_stats;
/* Version 2 added format, version 3 lengths_current.  A struct of an
 * older version is still filled, up to what it has. */
#define FOLIO_DB_STATS_VERSION 3
#define FOLIO_DB_STATS_INIT                                               \
	{FOLIO_DB_STATS_VERSION, 0, 0, 0.0, 0, NULL, NULL, 0, 0}

/* Figures about the index. */
FOLIO_EXTERN int folio_db_stats_get(folio_db_stats *out, folio_db *db);

/* ------------------------------------------------------------------ */
/* Ingest: files and records to documents                              */
/* ------------------------------------------------------------------ */

/*
 * A reader turns the bytes of a file or a stream into documents.  The
 * formats:
 *   TEXT      plain text; a front-matter block as in
 *             folio_doc_parse_text() gives the title and fields
 *   MARKDOWN  the same; a leading "# Heading" line is the title
 *   HTML      the <title>, <meta name="description"> (field
 *             "description"), a date meta (date, dc.date,
 *             article:published_time) and the visible text of the page
 *             (no script, style or head)
 *   JSONL     JSON Lines: one object a line, each a document.  "id"
 *             (string or integer) is its id, "title" and "body" its
 *             title and body, and every other key with a string value
 *             that is a valid field name a field.  The map renames keys.
 * TEXT, MARKDOWN and HTML input is decoded to UTF-8 first: UTF-8 (with
 * or without a BOM), UTF-16 with a BOM, or a legacy encoding
 * (Windows-1252, ISO-8859-*, GB18030, Big5, EUC-KR, EUC-JP, Shift-JIS,
 * ...) recognised by ICU's charset detector.  JSONL must be UTF-8.
 *
 * Input that cannot become a document is not an error: the reader calls
 * on_skip with the input's name, a line number (1-based, or 0 for the
 * whole input) and the reason, and goes on.  Skipped are: input with NUL
 * bytes (binary), empty input, text that cannot be decoded, single
 * documents larger than max_bytes, JSON lines that are malformed, not
 * objects, have no id, or are longer than max_bytes, and input whose
 * library (libxml2 for HTML, jansson for JSONL, ICU's i18n library for
 * a legacy encoding; opened when first needed) cannot be loaded, with
 * a reason that says what to install.  Memory stays
 * within about twice max_bytes whatever the input's size.
 */
typedef enum folio_format {
	FOLIO_FORMAT_AUTO = 0, /* from the name's extension (see
	                          folio_format_from_name) */
	FOLIO_FORMAT_TEXT,
	FOLIO_FORMAT_MARKDOWN,
	FOLIO_FORMAT_HTML,
	FOLIO_FORMAT_JSONL
} folio_format;

/*
 * The format a file name's extension implies: .md and .markdown are
 * MARKDOWN, .html, .htm and .xhtml HTML, .jsonl and .ndjson JSONL, .txt
 * and .text TEXT (case ignored).  FOLIO_FORMAT_AUTO for anything else.
 */
FOLIO_EXTERN folio_format folio_format_from_name(const char *name);

typedef struct folio_reader folio_reader;

/*
 * Called with each document read.  doc is the caller's to keep (free it
 * with folio_doc_free) or to free.  Return 0 to go on, anything else to
 * stop: the feeding function then returns that value.
 */
typedef int (*folio_reader_doc_cb)(folio_doc *doc, void *payload);

/* Called for each input or record skipped (see above); name is the
 * name given to folio_reader_begin. */
typedef void (*folio_reader_skip_cb)(const char *name, size_t line,
				     const char *reason, void *payload);

#define FOLIO_READER_OPTIONS_VERSION 1
typedef struct folio_reader_options {
	unsigned int version;
	folio_format format; /* AUTO: by each input's name, else TEXT */
	/* "KEY=FIELD" pairs for JSONL: the value of KEY becomes FIELD,
	 * which may be "id", "title", "body" or a field name.  Copied. */
	const char *const *map;
	size_t nmap;
	size_t max_bytes;    /* per document or line; 0: 64 MiB */
	folio_reader_doc_cb on_doc;   /* required */
	folio_reader_skip_cb on_skip; /* may be NULL */
	void *payload;                /* passed to both */
} folio_reader_options;
#define FOLIO_READER_OPTIONS_INIT                                         \
	{FOLIO_READER_OPTIONS_VERSION, FOLIO_FORMAT_AUTO, NULL, 0, 0,     \
	 NULL, NULL, NULL}
FOLIO_EXTERN int folio_reader_options_init(folio_reader_options *opts,
					   unsigned int version);

/*
 * Make a reader.  FOLIO_EINVALID for a missing on_doc or a map entry
 * that is not KEY=FIELD with a valid FIELD.
 */
FOLIO_EXTERN int folio_reader_new(folio_reader **out,
				  const folio_reader_options *opts);
FOLIO_EXTERN void folio_reader_free(folio_reader *reader);

/*
 * Start a new input.  name (required) is used in skip reports and, with
 * FOLIO_FORMAT_AUTO, to pick the format; id is the document id of a
 * single-document input (NULL: name).  Both are copied.
 */
FOLIO_EXTERN int folio_reader_begin(folio_reader *reader, const char *name,
				    const char *id);

/*
 * Feed the next len bytes of the input, in pieces of any size.  JSONL
 * documents are delivered as their lines end; others at
 * folio_reader_end().  Returns 0, a negative FOLIO_E* code, or what
 * on_doc returned to stop.
 */
FOLIO_EXTERN int folio_reader_feed(folio_reader *reader, const char *data,
				   size_t len);

/* The input is complete: deliver what is left.  Returns as above. */
FOLIO_EXTERN int folio_reader_end(folio_reader *reader);

/*
 * The encoding the last single-document input was decoded from
 * ("UTF-8", "windows-1252", "GB18030", ...), borrowed; "" before any.
 */
FOLIO_EXTERN const char *folio_reader_charset(const folio_reader *reader);

/*
 * Stamps, for incremental indexing.  A stamp is a short string a caller
 * keeps with a document (not searchable, not part of its stored data),
 * for example the size, modification time and content hash of the file
 * it came from, so that a later run can tell what changed without
 * reading every file.  folio_db_add stores the stamp of the document.
 */

/* Set (replace) the document's stamp; NULL clears it. */
FOLIO_EXTERN int folio_doc_set_stamp(folio_doc *doc, const char *stamp);

/* Called with each document's id and stamp ("" if it has none), both
 * valid only during the call.  Non-zero stops the listing. */
typedef int (*folio_stamp_cb)(const char *id, const char *stamp,
			      void *payload);

/*
 * Call cb for every document whose id starts with id_prefix ("" or NULL
 * for all), in byte order of the ids.  Returns 0, a negative FOLIO_E*
 * code, or what cb returned to stop.
 */
FOLIO_EXTERN int folio_db_stamps(folio_db *db, const char *id_prefix,
				 folio_stamp_cb cb, void *payload);

/*
 * Replace the stamp of the document with this id without re-indexing it
 * (its source was touched but did not change).  FOLIO_ENOTFOUND if there
 * is no such document.  Needs a writable index; visible once committed.
 */
FOLIO_EXTERN int folio_db_set_stamp(folio_db *db, const char *id,
				    const char *stamp);

/*
 * Merge the n folio indexes at paths into a new index at out_path, to
 * build one index faster: several writers (threads or processes) each
 * fill an index of their own, and this joins them with Xapian's
 * compaction, which also packs the result tighter than commits do.
 * The inputs must have the same analysis settings (language, accents,
 * folio version: FOLIO_EINVALID otherwise) and are not changed; their
 * documents come out in the order of paths.  Give each document to one
 * input only: ids are not checked across inputs, and a document in two
 * would be in the result twice.  out_path must not exist or be an empty
 * directory; the index there is complete when this returns 0, and on
 * failure it may hold a partial index, which the caller removes.  No
 * lock is taken on out_path: build it aside and rename it into place.
 * Returns 0, FOLIO_ENOTFOUND (an input is missing), FOLIO_EINVALID,
 * FOLIO_EIO, FOLIO_ENOMEM.  Thread-safe for distinct out_paths.
 */
FOLIO_EXTERN int folio_db_merge(const char *out_path,
				const char *const *paths, size_t n);

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

/*
 * The query language:
 *   huawei korea        both words (a word matches any form with the same
 *                       stem: pressure finds pressured, pressuring)
 *   huawei OR zte       either word; OR binds looser than AND
 *   huawei AND korea    both (the same as a space)
 *   huawei -china       without "china"; also: huawei NOT china
 *   "LG Uplus"          the exact words, in this order
 *   (a OR b) c          parentheses group
 *   title:seoul         a word in the title
 *   source:reuters      a word of a field (any field the index has);
 *                       source:"South China Morning Post" for several
 *   date:2019-05        documents of a year, month or day
 *   date:2019..2020     a range, bounds included and covering the whole
 *                       year or month written; also date:2019-05..,
 *                       date:..2019-05-31, date:>=2019-05, date:<2020
 *   a NEAR/3 b          a and b with at most 3 words between, in any
 *                       order; NEAR alone is NEAR/10
 *   a ADJ/3 b           the same, a before b; ADJ alone is ADJ/10
 *   huaw*               words starting with "huaw" (more than
 *                       FOLIO_QUERY_MAX_EXPANSION of them is an error
 *                       that asks for a longer prefix, so that the
 *                       words searched and highlighted are all of them)
 * Operators are upper case; lower-case "or" is an ordinary word.  A
 * "name:" whose name is not a field of the index is read as plain words.
 * NEAR and ADJ bind tighter than AND, AND tighter than OR; they join
 * single words (their exact forms).  Fields and dates filter: they never
 * change a score.  Stopwords of the index's language are left out among
 * other words (they rank nothing and never make a query impossible) and
 * count in phrases; a query of stopwords only searches for them.
 * Ranking: BM25, plus bonuses for the word in the title, in the form
 * typed, near the other words, for documents with every word, and for
 * long queries terms of the first hits (see docs/ranking.md).
 */
typedef struct folio_query folio_query;

#define FOLIO_QUERY_MAX_DEPTH 64         /* nesting of parentheses */
#define FOLIO_QUERY_MAX_TERMS 256        /* words in one query */
#define FOLIO_QUERY_MAX_EXPANSION 1000   /* words one prefix* may match */

/*
 * How words side by side combine (the match mode).
 *
 * FOLIO_QUERY_AUTO, the default, suits both keyword queries and
 * sentences.  A query of at most FOLIO_QUERY_AUTO_ALL_MAX words (not
 * counting stopwords) requires all of them, as a web search does, as
 * long as some document has them all (within the since and until dates
 * of the search, when it has them).  A longer query (a sentence, a
 * question), or one no document matches in full, matches any of its
 * words instead: documents with more of the words, rarer words, the
 * words in the title, close together and in the form typed rank first.
 * The choice applies to the words at the top level of the query; words
 * inside parentheses are all required, and '+word', "a AND b", phrases,
 * fields and -word keep their meaning in every mode.
 * folio_query_describe() shows which way a query went.
 */
typedef enum folio_query_default_op {
	FOLIO_QUERY_AND = 0, /* ALL: every word is required */
	FOLIO_QUERY_OR = 1,  /* ANY: any word may match; more is better */
	FOLIO_QUERY_AUTO = 2 /* ALL for short queries, else ANY (default) */
} folio_query_default_op;

/* The most words (stopwords aside) FOLIO_QUERY_AUTO requires all of. */
#define FOLIO_QUERY_AUTO_ALL_MAX 4

#define FOLIO_QUERY_OPTIONS_VERSION 1
typedef struct folio_query_options {
	unsigned int version;
	folio_query_default_op default_op; /* the match mode */
} folio_query_options;
#define FOLIO_QUERY_OPTIONS_INIT                                          \
	{FOLIO_QUERY_OPTIONS_VERSION, FOLIO_QUERY_AUTO}
FOLIO_EXTERN int folio_query_options_init(folio_query_options *opts,
					  unsigned int version);

/*
 * Parse a query for the index db (whose analyzer it uses).  opts may be
 * NULL.  A syntax error is FOLIO_EQUERY, with folio_error_last()->column
 * set to the 1-based column (in characters) and a message that names
 * that column and says what was expected.  An error at no one place
 * (an empty query) has column 0.  The query borrows db: free it before db.
 */
FOLIO_EXTERN int folio_query_parse(folio_query **out, folio_db *db,
				   const char *text,
				   const folio_query_options *opts);
FOLIO_EXTERN void folio_query_free(folio_query *query);

/*
 * A readable form of the parsed query, for debugging (borrowed from
 * query), e.g. "(Zhuawei AND Zkorea)".
 */
FOLIO_EXTERN const char *folio_query_describe(folio_query *query);

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

typedef struct folio_results folio_results;

typedef enum folio_sort {
	FOLIO_SORT_RELEVANCE = 0, /* best first (BM25) */
	FOLIO_SORT_DATE = 1       /* newest first (the date field); the
	                             undated last; ties best first */
} folio_sort;

/*
 * Version 2 added since, until, sort, reverse, facets and nfacets;
 * version 3 added with_bodies.  A struct of an earlier version is still
 * accepted (with the later fields unset).
 */
#define FOLIO_SEARCH_OPTIONS_VERSION 3
typedef struct folio_search_options {
	unsigned int version;
	size_t offset; /* hits to skip, for paging */
	size_t limit;  /* hits to return at most; 0 means 10 */
	/* Only documents dated on or after since, and on or before until:
	 * "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a year or month covers all of
	 * it (until "2019" includes 2019-12-31).  Documents without a date
	 * are left out by either.  NULL: no bound. */
	const char *since;
	const char *until;
	folio_sort sort;
	int reverse; /* non-zero: the other way (oldest first, or least
	                relevant first) */
	/* Field names to count the matching documents' values of (see
	 * folio_results_facet_count); "year" counts the years of the date
	 * field, unless the index has a field called "year". */
	const char *const *facets;
	size_t nfacets;
	/* A hint, not a filter.  0: each hit is read without its body,
	 * which is read the first time it is asked for (folio_doc_body, a
	 * snippet, an explanation): a page of titles never reads a body,
	 * and the snippets of a page share one buffer.  Non-zero: each
	 * hit is read whole with the page, so that its body is the one
	 * the search saw whatever becomes of the document after (and, in
	 * an index of format 2, read with the rest of its stored data). */
	int with_bodies;
} folio_search_options;
#define FOLIO_SEARCH_OPTIONS_INIT                                         \
	{FOLIO_SEARCH_OPTIONS_VERSION, 0, 10, NULL, NULL,                 \
	 FOLIO_SORT_RELEVANCE, 0, NULL, 0, 0}
FOLIO_EXTERN int folio_search_options_init(folio_search_options *opts,
					   unsigned int version);

/*
 * Run query against db, best hits first (BM25), or as opts->sort says.
 * opts may be NULL.  Returns FOLIO_EQUERY if a prefix* matches too many
 * words; FOLIO_EINVALID for a since or until that is not a date (the
 * message says the form expected), since after until, an unknown sort,
 * or a facet that is not a field of the index (the message lists them).
 */
FOLIO_EXTERN int folio_db_search(folio_results **out, folio_db *db,
				 const folio_query *query,
				 const folio_search_options *opts);
FOLIO_EXTERN void folio_results_free(folio_results *results);

/* Hits in this page (at most the limit). */
FOLIO_EXTERN size_t folio_results_count(const folio_results *results);
/* Estimated number of matching documents in all. */
FOLIO_EXTERN uint64_t folio_results_estimate(const folio_results *results);
/* The i-th hit's document and score; 0 <= i < count, else NULL / 0. */
FOLIO_EXTERN const folio_doc *folio_results_doc(
	const folio_results *results, size_t i);
FOLIO_EXTERN double folio_results_score(const folio_results *results,
					size_t i);

/*
 * Facets: for each field named in folio_search_options.facets (in that
 * order), how many of all the matching documents (not only this page)
 * have each value.  Values are the fields' original text, most frequent
 * first, then in byte order.  Indexes built before folio stored field
 * values have none to count: rebuild them.
 */
FOLIO_EXTERN size_t folio_results_facet_count(const folio_results *results);
/* The i-th facet's field name (borrowed), or NULL past the end. */
FOLIO_EXTERN const char *folio_results_facet_name(
	const folio_results *results, size_t i);
/* How many distinct values the i-th facet has (0 past the end). */
FOLIO_EXTERN size_t folio_results_facet_size(const folio_results *results,
					     size_t i);
/* The k-th value of the i-th facet (borrowed) and its count of matching
 * documents.  FOLIO_EINVALID if i or k is out of range. */
FOLIO_EXTERN int folio_results_facet_value(const folio_results *results,
					   size_t i, size_t k,
					   const char **value_out,
					   uint64_t *count_out);

/* ------------------------------------------------------------------ */
/* More search: similar documents, spelling, explanations              */
/* ------------------------------------------------------------------ */

#define FOLIO_SIMILAR_OPTIONS_VERSION 1
typedef struct folio_similar_options {
	unsigned int version;
	size_t terms; /* how many of the document's terms to use; 0: 20 */
} folio_similar_options;
#define FOLIO_SIMILAR_OPTIONS_INIT {FOLIO_SIMILAR_OPTIONS_VERSION, 20}
FOLIO_EXTERN int folio_similar_options_init(folio_similar_options *opts,
					    unsigned int version);

/*
 * A query for the documents most like the one with this id: relevance
 * feedback picks the words (stems) that best tell that document from
 * the rest of the index, any of which may match, and the document
 * itself is left out.  Run it with folio_db_search and cut snippets
 * with it like any query; folio_query_describe shows the words chosen.
 * opts may be NULL.  FOLIO_ENOTFOUND if there is no such document; a
 * document with no words gives a query that matches nothing.  The query
 * borrows db: free it before db.
 */
FOLIO_EXTERN int folio_query_similar(folio_query **out, folio_db *db,
				     const char *id,
				     const folio_similar_options *opts);

#define FOLIO_SUGGEST_OPTIONS_VERSION 1
typedef struct folio_suggest_options {
	unsigned int version;
	/* How many words of the index's vocabulary to compare at most, to
	 * bound the time a suggestion takes; 0: 2,000,000. */
	size_t max_words;
} folio_suggest_options;
#define FOLIO_SUGGEST_OPTIONS_INIT {FOLIO_SUGGEST_OPTIONS_VERSION, 0}
FOLIO_EXTERN int folio_suggest_options_init(folio_suggest_options *opts,
					    unsigned int version);

/*
 * "Did you mean": the query text with each word that is rare or absent
 * in db (in at most 3 documents, or 1 in 200 of a large index) replaced
 * by a word of the index one or two edits away (an insertion,
 * deletion, substitution or swap of neighbours) that is at least ten
 * times as common and starts with the same letter (only that part of the
 * vocabulary is read); the rest of the text is kept byte for byte.
 * Words of fewer than four letters, operators, field names and
 * prefix* words are left alone.  *out is NULL when there is nothing to
 * suggest; otherwise free it with folio_suggestion_free.  Works from
 * the text alone, so a text that does not parse may still get a
 * suggestion.  opts may be NULL.
 */
FOLIO_EXTERN int folio_db_suggest(char **out, folio_db *db,
				  const char *text,
				  const folio_suggest_options *opts);
FOLIO_EXTERN void folio_suggestion_free(char *suggestion);

/*
 * Why a hit matched: which of the query's terms (index terms, see
 * folio_explain_term) the document holds, where, and what each adds to
 * its score.
 */
typedef struct folio_explain folio_explain;

#define FOLIO_EXPLAIN_PLACES 5
typedef struct folio_explain_term {
	/* The index term: "Zpressur" a stem (what plain words match),
	 * "korea" an exact word (phrases), "S..."/"ZS..." the title,
	 * "XSOURCE...", "A..." fields, "Y2019" a date. */
	const char *term;
	/* Its BM25 weight in this document, taken on its own; 0 for
	 * filters (fields, dates).  The score counts the ranking's bonus
	 * terms (the exact form typed, the title, words near each other:
	 * docs/ranking.md) at a fraction of their weight, so the weights
	 * add up to the score only for a query without them. */
	double weight;
	uint32_t wdf; /* how often the term occurs in the document */
	/* The first word positions of a term indexed with positions. */
	size_t npositions;
	uint32_t positions[FOLIO_EXPLAIN_PLACES];
	/* The first places in the body the term matched, as [start, end)
	 * byte offsets into folio_doc_body of the hit. */
	size_t noffsets;
	size_t offsets[FOLIO_EXPLAIN_PLACES][2];
} folio_explain_term;

/*
 * Explain the i-th hit of results for the query that found it.  A
 * prefix* query's words are not listed (Xapian expands them inside the
 * search).  The explanation does not borrow results.
 */
FOLIO_EXTERN int folio_results_explain(folio_explain **out,
				       const folio_results *results, size_t i,
				       const folio_query *query);
FOLIO_EXTERN void folio_explain_free(folio_explain *explain);
/* How many terms matched, and the k-th (borrowed; NULL past the end). */
FOLIO_EXTERN size_t folio_explain_count(const folio_explain *explain);
FOLIO_EXTERN const folio_explain_term *folio_explain_term_at(
	const folio_explain *explain, size_t k);

/* ------------------------------------------------------------------ */
/* Snippets                                                            */
/* ------------------------------------------------------------------ */

/*
 * A short excerpt of a text around the words a query matched, with the
 * byte spans of those words so a caller can highlight them.  The words
 * are highlighted as the text writes them ("Pressured"), never as stems.
 */
typedef struct folio_snippet folio_snippet;

#define FOLIO_SNIPPET_OPTIONS_VERSION 1
typedef struct folio_snippet_options {
	unsigned int version;
	size_t max_chars;     /* length to aim for, in characters; 0: 200 */
	const char *ellipsis; /* marks a cut; NULL: "…" */
} folio_snippet_options;
#define FOLIO_SNIPPET_OPTIONS_INIT {FOLIO_SNIPPET_OPTIONS_VERSION, 200, NULL}
FOLIO_EXTERN int folio_snippet_options_init(folio_snippet_options *opts,
					    unsigned int version);

/*
 * Cut a snippet of text (len bytes) for query: the window with the most
 * distinct matched words, whitespace runs folded to one space, cut only
 * between words, with the ellipsis where it was cut.  With no match it
 * is the start of the text.  opts may be NULL.
 */
FOLIO_EXTERN int folio_snippet_new(folio_snippet **out,
				   const folio_query *query,
				   const char *text, size_t len,
				   const folio_snippet_options *opts);

/* Snippet of the i-th hit's body, which it reads from the index if it
 * is not read yet: that failing (FOLIO_ENOTFOUND for a document deleted
 * since the search, FOLIO_EMODIFIED, FOLIO_EIO) fails the snippet. */
FOLIO_EXTERN int folio_results_snippet(folio_snippet **out,
				       const folio_results *results,
				       size_t i, const folio_query *query,
				       const folio_snippet_options *opts);
FOLIO_EXTERN void folio_snippet_free(folio_snippet *snippet);

/* The snippet text, NUL-terminated (borrowed). */
FOLIO_EXTERN const char *folio_snippet_text(const folio_snippet *snippet,
					    size_t *len_out);
/* Number of highlighted spans, and the i-th as byte offsets into the
 * snippet text: [start, end).  Spans are in order and do not overlap. */
FOLIO_EXTERN size_t folio_snippet_span_count(const folio_snippet *snippet);
FOLIO_EXTERN int folio_snippet_span(const folio_snippet *snippet, size_t i,
				    size_t *start_out, size_t *end_out);

#ifdef __cplusplus
}
#endif

#endif /* FOLIO_H */
