/*
 * folio-private.h - what the files of lib/ share with each other.
 *
 * Sections follow the files: each says what its file offers the others.
 * Nothing declared here is exported from libfolio.
 */
#ifndef FOLIO_PRIVATE_H
#define FOLIO_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "folio.h"
#include "xapian-shim.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define FOLIO__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FOLIO__PRINTF(f, a)
#endif

/* ================================================================== */
/* Interface to code in errors.c                                       */
/* ================================================================== */

/*
 * Record an error for folio_error_last() on this thread and return code,
 * so that callers can write `rc = folio__error_set(FOLIO_EINVALID, ...)`.
 */
int folio__error_set(int code, const char *fmt, ...) FOLIO__PRINTF(2, 3);

/* The same, for a query syntax error at a 1-based column. */
int folio__error_set_column(int code, int column, const char *fmt, ...)
	FOLIO__PRINTF(3, 4);

/* Record "out of memory" (without allocating) and return FOLIO_ENOMEM. */
int folio__error_oom(void);

/* ================================================================== */
/* Interface to code in buf.c: a growable byte buffer                  */
/* ================================================================== */

typedef struct folio__buf {
	char *ptr;  /* always NUL-terminated once anything was added */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap;
} folio__buf;

#define FOLIO__BUF_INIT {NULL, 0, 0}

/* Each returns 0 or FOLIO_ENOMEM (with the error set). */
int folio__buf_grow(folio__buf *buf, size_t extra);
int folio__buf_put(folio__buf *buf, const void *data, size_t len);
int folio__buf_puts(folio__buf *buf, const char *s);
int folio__buf_putc(folio__buf *buf, char c);
int folio__buf_printf(folio__buf *buf, const char *fmt, ...)
	FOLIO__PRINTF(2, 3);
void folio__buf_clear(folio__buf *buf); /* len = 0, keeps memory */
/* Empty, with room for size bytes; the old bytes are not kept. */
int folio__buf_reset(folio__buf *buf, size_t size);
void folio__buf_free(folio__buf *buf);
/* Hand the buffer's memory to the caller (never NULL: "" if empty). */
char *folio__buf_detach(folio__buf *buf);

/* strdup / strndup that set FOLIO_ENOMEM on failure (return NULL). */
char *folio__strdup(const char *s);
char *folio__strndup(const char *s, size_t len);

/* Length of the longest prefix of s[0..len) that does not end inside a
 * UTF-8 sequence. */
size_t folio__utf8_trim(const char *s, size_t len);

/* Bytes of the well-formed UTF-8 sequence at s[i] (looking no further
 * than s[len - 1]), or 0 if none starts there: no overlong forms,
 * surrogates or code points past U+10FFFF. */
size_t folio__utf8_seq_len(const char *s, size_t len, size_t i);

/* ================================================================== */
/* Interface to code in analyze.c                                      */
/* ================================================================== */

/*
 * The analysis settings recorded in an index, so that an index is never
 * searched with an analyzer that would disagree with it.
 */
#define FOLIO__FOLDING "nfkc_casefold"
/* ... and accents taken off Latin and Greek letters (the default). */
#define FOLIO__FOLDING_UNACCENT "nfkc_casefold+unaccent"
/* The Unicode version ICU gives this build, e.g. "15.0". */
const char *folio__unicode_version(void);
/* The ICU version this build uses, e.g. "72.1". */
const char *folio__icu_version(void);

/* ================================================================== */
/* Interface to code in scripts.c: writing systems, by character       */
/* ================================================================== */

/* The kinds of character a word is split by: Chinese and Japanese go
 * into runs of characters, Korean words lose particles, others are
 * words. */
typedef enum folio__script_class {
	FOLIO__S_OTHER,
	FOLIO__S_CJK,
	FOLIO__S_HANGUL
} folio__script_class;

folio__script_class folio__class_of(int32_t c);

/* The script of a letter (a UScriptCode), or FOLIO__SCRIPT_JOINS for a
 * digit, mark and the like, which joins the letters around it. */
#define FOLIO__SCRIPT_JOINS (-1)
int folio__script_of(int32_t c);

/* 1 if NFKC case folding leaves the CJK character c as it is. */
int folio__folded_cjk(int32_t c);

/* Accents: whether folding takes them off the letter c (Latin, Greek),
 * whether c is such an accent, and the stroked letters (ø -> o). */
int folio__accents_go(int32_t c);
int folio__is_accent(int32_t c);
int32_t folio__unstroke(int32_t c);

/* The length of the Hangul word term (len bytes) without a trailing
 * particle that fits the syllable before it (len if none). */
size_t folio__korean_stem(const char *term, size_t len);

/* ================================================================== */
/* Interface to code in wordbreak.c: word boundaries in plain text     */
/* ================================================================== */

/* Plain text: ASCII, and the punctuation and symbols beyond it that
 * wordbreak.c knows (curly quotes, dashes, the no-break space...).
 * The end of the plain text s[from, x) that starts at from. */
size_t folio__plain_span(const char *s, size_t len, size_t from);

/* The i-th plain character beyond ASCII, or 0 past the last (tests). */
uint32_t folio__plain_char(size_t i);

/* The end of the segment of the plain text s[start, len) that starts at
 * start, as ICU's word break iterator would cut it, and its rule status
 * (a UWordBreak value) in *status.  len must be a fixed break. */
size_t folio__plain_segment_end(const char *s, size_t len, size_t start,
				int32_t *status);

/*
 * The end of the run of ASCII characters from s[from] that are no part
 * of a word (punctuation, symbols, controls, spaces, line ends): each
 * is a segment of its own or of spaces, so no rule joins any of them to
 * a word, and there is a break where the run ends.
 */
size_t folio__plain_skip_alone(const char *s, size_t len, size_t from);

/* 1 if there is a word break before s[at] (of len bytes) whatever the
 * text around it: at a break between two parts of a text, each part
 * segments as it would in the whole. */
int folio__break_is_fixed(const char *s, size_t len, size_t at);

/* Break plain text with ICU too, as before wordbreak.c: for the tests
 * that check both ways agree. */
void folio__analyzer_icu_only(folio_analyzer *analyzer, int on);

/*
 * folio_analyze, stemming only the words (folded, accents off as the
 * analyzer takes them off) for which wanted says 1; any other word's
 * token has its term as its stem.  Stemming is most of the cost of
 * analysing plain text: a snippet asks for the stems of the words that
 * may match the query, not of every word of its context.
 */
typedef int (*folio__stem_wanted_cb)(const char *term, size_t len,
				     void *payload);
/* The flag of a token whose stem wanted did not ask for (its stem is
 * its term); only folio__analyze_stem_some sets it. */
#define FOLIO__TOKEN_UNSTEMMED 0x80000000u
int folio__analyze_stem_some(folio_analyzer *analyzer, const char *text,
			     size_t len, folio_token_cb cb, void *payload,
			     folio__stem_wanted_cb wanted,
			     void *wanted_payload);

/* ================================================================== */
/* Interface to code in stopwords.c                                    */
/* ================================================================== */

/* 1 if the folded term (len bytes) is a stopword of language, else 0. */
int folio__is_stopword(const char *language, const char *term, size_t len);

/* ================================================================== */
/* Interface to code in doc.c                                          */
/* ================================================================== */

typedef struct folio__field {
	char *name;
	char *value;
} folio__field;

struct folio_doc {
	char *id;
	char *title; /* never NULL ("" when unset) */
	/* Never NULL; NUL added after body_len bytes.  Read it through
	 * folio_doc_body: a document read from the index keeps its body
	 * where it was read, still escaped until first asked for. */
	char *body;
	size_t body_len;
	int body_in_store;   /* body lies in store (else it is malloc'ed) */
	int body_escaped;    /* ... and is still in its stored form */
	void *store;         /* the stored data read from the index, or NULL */
	void (*store_free)(void *);
	/* A hit read from its head (FOLIO__VALUE_HEAD): the body is still
	 * in the index, as document body_docid of body_xdb (borrowed from
	 * the results' index), and is read when first asked for. */
	folio__xdb *body_xdb;
	uint32_t body_docid;
	int body_unread;
	/* Its stored form says the body is in the body store
	 * (FOLIO__BODY_STORE_LINE), not in a body line. */
	int body_stored;
	folio__field *fields;
	size_t nfields;
	char *stamp; /* NULL or what folio_doc_set_stamp set */
};

/* 1 if name may be used as a field name, else 0. */
int folio__field_name_valid(const char *name);

/*
 * The stored form of a document (what Xapian keeps as document data):
 * lines "key=value" with '\\' and newline escaped as "\\\\" and "\\n";
 * id first, then title, the fields, and the body last.  Readable with
 * xapian-delve -d.
 */
int folio__doc_serialize(const folio_doc *doc, folio__buf *out);
/* Its head: the same without the body line (what a page of hits shows,
 * kept in value slot FOLIO__VALUE_HEAD); then the body line, appended
 * to out, makes the whole stored form. */
int folio__doc_serialize_head(const folio_doc *doc, folio__buf *out);
int folio__doc_serialize_body(const folio_doc *doc, folio__buf *out);
int folio__doc_deserialize(folio_doc **out, const char *data, size_t len);
/*
 * The same, for data (len bytes, writable, NUL after them) that lies in
 * store: the document keeps store, and frees it with store_free, since
 * its body is read where it lies (no copy of the largest part of a
 * stored document) and only unescaped when first asked for (a page
 * that shows no body never reads it).  On failure store is freed.
 */
int folio__doc_deserialize_take(folio_doc **out, char *data, size_t len,
				void *store, void (*store_free)(void *));

/*
 * Read the body of a hit made from its head (body_unread), once: 0 when
 * the body is there, or a FOLIO_E* code with the error set (the body
 * then stays empty, and unread, so a later call may try again).
 */
int folio__doc_load_body(const folio_doc *doc);

/* Read doc's body from the body store of xdb (its stored data said it
 * is there): 0, or FOLIO_ECORRUPT if the store has none, or an error. */
int folio__doc_read_stored_body(folio_doc *doc, folio__xdb *xdb);

/* ================================================================== */
/* Interface to code in index.c: the term layout                       */
/* ================================================================== */

/*
 * Terms follow Xapian's (Omega's) prefix conventions, so that quest and
 * xapian-delve read a folio index:
 *
 *   word          folded word of the title or body, with positions
 *   Z<stem>       its stem (no positions; what plain query words use)
 *   S<word>       folded word of the title, with positions
 *   ZS<stem>      its stem
 *   Q<id>         the unique id (one per document)
 *   D<yyyymmdd>, M<yyyymm>, Y<yyyy>   the date field
 *   A author, P path, U url, L lang, and X<NAME> (upper case) for any
 *   other field: folded words with positions, wdf 0 (filters only).
 *
 * Value slot 0 holds the date as "yyyymmdd" for sorting; slot 1 the
 * number of words; slot 2 the stamp; slot 3, in format 2, the head
 * (below).  The metadata holds the settings (FOLIO__META_*) and, in
 * format 3, the bodies (body-store.c).
 */
#define FOLIO__PREFIX_ID "Q"
#define FOLIO__PREFIX_STEM "Z"
#define FOLIO__PREFIX_TITLE "S"
#define FOLIO__VALUE_DATE 0
/* Value slot 1 holds the document's number of words (title and body) in
 * decimal: Xapian's document length also counts stems and title terms. */
#define FOLIO__VALUE_WORDS 1
/* Value slot 2 holds the document's stamp (folio_doc_set_stamp): what
 * the ingest code records to tell later whether the source changed. */
#define FOLIO__VALUE_STAMP 2
/* In an index of format 2, value slot 3 holds the document's head: its
 * stored form without the body (folio__doc_serialize_head).  Values are
 * not compressed and are read one slot at a time, so a page of hits
 * reads what it shows without inflating every hit's whole document data;
 * the body is read from the data only when asked for.  Indexes made
 * before it lack the slot: their hits are read from the data, as they
 * always were.  Format 3 keeps the body out of the data (body-store.c),
 * and no heads. */
#define FOLIO__VALUE_HEAD 3
/* Only a document whose body is at least this long gets a head: below
 * it, inflating the whole data costs about what reading the slot does,
 * and the heads of the many short documents of a collection would make
 * the index about 1.3% larger (kernel documentation: 5,127 files, half
 * under 2 KB; at 8 KB, 910 of them get a head, +0.2%).  A variable only
 * so that tests can give every document one. */
#define FOLIO__HEAD_MIN_BODY_DEFAULT 8192
extern size_t folio__head_min_body;
/* Slots from 10 on hold each field's original value, for facets: slot
 * FOLIO__VALUE_FIELDS + i for the i-th name of the index's field list
 * (FOLIO__META_FIELDS, which only ever grows at its end). */
#define FOLIO__VALUE_FIELDS 10
/* Xapian refuses terms over 245 bytes; longer words are not indexed. */
#define FOLIO__MAX_TERM_BYTES 240

/* The metadata keys an index records about itself. */
#define FOLIO__META_FORMAT "folio.format" /* FOLIO__FORMAT */
#define FOLIO__META_LANGUAGE "folio.language"
#define FOLIO__META_FOLDING "folio.folding"
#define FOLIO__META_UNICODE "folio.unicode"
#define FOLIO__META_FIELDS "folio.fields" /* space-separated names */
/* The languages documents are in besides the index's, space-separated. */
#define FOLIO__META_LANGUAGES "folio.languages"
/* Format 2: Chinese and Japanese as character n-grams, compound words
 * with their joined forms (see analyze.c).  Format 3: the same terms;
 * bodies in the body store (body-store.c), not in the document data.
 * Indexes of format 2 are still read, and written as they are. */
#define FOLIO__FORMAT "3"
#define FOLIO__FORMAT_INLINE_BODIES "2"

/*
 * The term prefix for field name ("source" -> "XSOURCE", "title" -> "S",
 * "author" -> "A"), written into out (cap bytes).  "date" has no word
 * prefix: see folio__date_terms.  Returns 0 or FOLIO_EINVALID.
 */
int folio__field_prefix(char *out, size_t cap, const char *name);

/*
 * The boolean terms for a date ("2019", "2019-05" or "2019-05-23"):
 * writes up to three NUL-separated terms ("Y2019\0M201905\0D20190523")
 * into out and returns how many, or 0 if value is not such a date.
 */
int folio__date_terms(char *out, size_t cap, const char *value);

/* A language some documents are in (their "lang" field), besides the
 * index's own: its analyzer, made when a document needs it, and its
 * stemmer, with which queries also stem their words. */
typedef struct folio__doc_language {
	char *language; /* canonical Snowball name */
	folio_analyzer *analyzer;
	folio__xstem *stemmer;
} folio__doc_language;

struct folio_db {
	folio__xdb *xdb;
	folio_analyzer *analyzer;
	char *path;
	int writable;
	char *warning;     /* NULL or a message for folio_db_warning() */
	char **fields;     /* field names the index knows (not "title") */
	size_t nfields;
	int fields_dirty;  /* new field names to record at commit */
	char *language;    /* canonical language name */
	char *unicode_version;
	folio__doc_language *doc_languages;
	size_t ndoc_languages;
	int languages_dirty; /* new languages to record at commit */
	/* Bodies go to the body store (format 3), not the data (2). */
	int body_store;
};

/* 1 if the index has documents with this field (or name is "title"). */
int folio__db_has_field(const folio_db *db, const char *name);

/* ================================================================== */
/* Interface to code in body-store.c                                   */
/* ================================================================== */

/*
 * In an index of format 3, a document's body is kept in the index's
 * metadata under FOLIO__META_BODY_PREFIX + its id, compressed with LZ4,
 * and its stored data ends with FOLIO__BODY_STORE_LINE instead of a
 * body line.  An empty body is not stored, and has no such line.
 */
#define FOLIO__META_BODY_PREFIX "body:"
#define FOLIO__BODY_STORE_KEY "body.store" /* not a valid field name */
#define FOLIO__BODY_STORE_LINE FOLIO__BODY_STORE_KEY "=lz4\n"

/*
 * A body packed for the store, in out; FOLIO_EINVALID (with a message
 * naming id) if it is too large to pack.  Packing is the part that can
 * fail on bad input, so it is done before the index is changed.
 */
int folio__body_pack(folio__buf *out, const char *id, const char *body,
		     size_t len);

/* Store packed (len bytes; 0 removes the body) as the body of id. */
int folio__body_store_put(folio__xdb *xdb, const char *id,
			  const char *packed, size_t len);

/*
 * The body of id, unpacked into out (its bytes only, NUL-terminated;
 * out's memory is reused).  FOLIO_ENOTFOUND, with no message set, if
 * the store has none; FOLIO_ECORRUPT if what it has does not unpack.
 */
int folio__body_store_get(folio__buf *out, folio__xdb *xdb, const char *id);

/* The value slot holding field name's values (see FOLIO__VALUE_FIELDS),
 * or -1 if the index has no such field. */
int folio__field_slot(const folio_db *db, const char *name);

/* ================================================================== */
/* Interface to code in query.c                                        */
/* ================================================================== */

/* A small set of strings (the query's words), searched linearly: a query
 * has at most FOLIO_QUERY_MAX_TERMS of them. */
typedef struct folio__termset {
	char **items;
	size_t count;
	size_t cap;
} folio__termset;

int folio__termset_add(folio__termset *set, const char *s, size_t len);
/* Index of s (len bytes) in set, or -1 if it is not there. */
int folio__termset_find(const folio__termset *set, const char *s,
			size_t len);
void folio__termset_free(folio__termset *set);

struct folio_query {
	folio_db *db; /* borrowed */
	folio__xq *xq;
	/* FOLIO_QUERY_AUTO, when xq requires every word: the same words
	 * with any of them enough, for a search whose dates leave xq no
	 * match (the mode is chosen before the dates are known).  Else
	 * NULL. */
	folio__xq *relaxed;
	/* xq and relaxed without their ranking bonuses, for the first pass
	 * of a search (rescore.c), and those bonuses (an OR of
	 * folio__xq_term_bonus and folio__xq_near_pair); NULL when they
	 * have none.  xq is plain AND_MAYBE bonus. */
	folio__xq *plain, *relaxed_plain;
	folio__xq *bonus, *relaxed_bonus;
	/* How many first hits get the bonus (rescore.c). */
	size_t window, relaxed_window;
	char *text;        /* the query as typed */
	char *description; /* made on demand by folio_query_describe */
	/* What a snippet highlights: the positive words of the query. */
	folio__termset stems;    /* stems of plain words */
	folio__termset words;    /* folded words of phrases */
	folio__termset prefixes; /* folded prefixes of prefix* words */
};

/*
 * Which of the query's positive words token matches, or -1 if none (then
 * a snippet does not highlight it).  Distinct numbers are distinct query
 * words, so "Pressured" and "pressure" count once for the query pressure;
 * all are below stems.count + words.count + prefixes.count.
 */
int folio__query_match(const folio_query *query, const folio_token *token);

/* ================================================================== */
/* Interface to code in search.c                                       */
/* ================================================================== */

/* BM25 parameters, chosen on the measurements in docs/ranking.md. */
#define FOLIO__BM25_K1 2.0
#define FOLIO__BM25_B 0.75

/* One facet of a search: a field and its values' counts. */
typedef struct folio__facet {
	char *name;
	folio__xcounts counts;
} folio__facet;

struct folio_results {
	folio_db *db; /* borrowed */
	folio_doc **docs;
	double *scores;
	uint32_t *docids; /* Xapian's, for explanations */
	size_t count;
	uint64_t estimate;
	folio__facet *facets;
	size_t nfacets;
	/* The first nfull hits were scored by the whole query, the others
	 * by the query without its ranking bonuses (rescore.c). */
	size_t nfull;
	/* A body unpacked only to cut a snippet, its memory reused from
	 * hit to hit (folio_results_snippet). */
	folio__buf scratch;
};

/* ================================================================== */
/* Interface to code in rescore.c                                      */
/* ================================================================== */

/* How many of the first hits get the ranking bonuses of a query with a
 * near bonus.  For the near bonus alone, 20 to 200 all kept MAP and
 * nDCG@10 on Cranfield; at 100 the top 10 of 80 two-word queries on the
 * Linux documents were those of one pass, and a second pass over 100
 * hits costs well under a millisecond. */
#define FOLIO__RESCORE_WINDOW 100
/* And of a query of several words without one (any of them may match).
 * The first pass ranks this many hits, and for "contributo OR value"
 * it could only skip the documents with "value" alone once it had that
 * many with "contributo": 0.75 ms at 20, 0.88 at 30, 1.2 at 50 on
 * 528 MB.  Cranfield: MAP 0.3547 at 20, 0.3557 at 50, 0.3559 with the
 * bonuses scored on every match; nDCG@10 0.4097, 0.4096, 0.4096. */
#define FOLIO__RESCORE_WINDOW_WORDS 20

/*
 * Run s (ranked by relevance, best first) as folio__xdb_search does for
 * s->q AND_MAYBE bonus, but with s->q alone for the ranking and the
 * bonus added only to the first window hits of that ranking, which it
 * orders; bonus is an OR of folio__xq_term_bonus and
 * folio__xq_near_pair.  *nfull_out: how many of the page's hits (the
 * first ones) got the bonus.
 */
int folio__search_rescored(folio__xhit **hits_out, size_t *count_out,
			   size_t *nfull_out, uint64_t *estimate_out,
			   folio__xcounts **counts_out, folio__xdb *xdb,
			   const folio__xsearch *s, const folio__xq *bonus,
			   size_t window);

/* ================================================================== */
/* Interface to code in ingest.c and the readers, lib/ingest-*.c       */
/* ================================================================== */

/*
 * One input format.  A single-document format fills a document from the
 * whole input, already decoded to UTF-8; a record format (JSONL) gets
 * one line at a time, as it arrives, and emits documents itself.
 * Adding a format is adding a file with one of these and a line in
 * ingest.c's table.
 */
typedef struct folio__format_reader {
	folio_format format;
	const char *extensions; /* " .txt .text " (spaces around each) */
	/* single document: 0, FOLIO_E* code, or 1 with *reason set (the
	 * input is skipped; reason is static text) */
	int (*read_doc)(folio_doc *doc, const char *text, size_t len,
			const char **reason);
	/* records: 0 or a FOLIO_E* code; skips through folio__reader_skip */
	int (*read_record)(folio_reader *r, const char *line, size_t len,
			   size_t lineno);
} folio__format_reader;

extern const folio__format_reader folio__reader_text;
extern const folio__format_reader folio__reader_markdown;
extern const folio__format_reader folio__reader_html;
extern const folio__format_reader folio__reader_jsonl;

typedef struct folio__map_entry {
	char *key;
	char *field;
} folio__map_entry;

struct folio_reader {
	folio_reader_options opts;
	folio__map_entry *map;
	size_t nmap;
	const folio__format_reader *fmt; /* of the current input */
	char *name;
	char *id;
	folio__buf data; /* a single document, or a partial line */
	folio__buf decoded;
	size_t lineno;   /* lines of a record input completed */
	int overflow;    /* the document or line passed max_bytes */
	int stop;        /* non-zero: what on_doc or a failure returned */
	/* Why the rest of a record input is skipped (its library cannot
	 * be loaded), or NULL. */
	const char *unreadable;
	/* ICU's charset detector (a UCharsetDetector), opened for the
	 * first input that is not UTF-8 or UTF-16, or NULL. */
	void *detector;
	char charset[32];
};

/* Report a skipped record (line) or input (line 0). */
void folio__reader_skip(folio_reader *r, size_t line, const char *fmt, ...)
	FOLIO__PRINTF(3, 4);

/* Hand a finished document to the caller (who then owns it); returns
 * what on_doc returned. */
int folio__reader_emit(folio_reader *r, folio_doc *doc);

/* The field a JSONL key maps to (by the map), or key itself. */
const char *folio__reader_field(const folio_reader *r, const char *key);

/*
 * Decode len bytes of a file to UTF-8, using and keeping in *detector
 * (NULL at first) the charset detector when one is needed; the caller
 * closes it (folio__csdet.close).  *text and *text_len get the
 * result: in itself when it is UTF-8 already, else out's contents.  The
 * encoding's name goes into charset (cap bytes).  Returns 0,
 * FOLIO_ENOMEM, or 1 with reason (cap bytes) set when the input cannot
 * be decoded and must be skipped (this includes a legacy encoding when
 * the charset detector cannot be loaded).
 */
int folio__decode(folio__buf *out, void **detector, const char *in,
		  size_t len, const char **text, size_t *text_len,
		  char *charset, char *reason, size_t cap);

/* ================================================================== */
/* Interface to code in snippet.c                                      */
/* ================================================================== */

/*
 * folio_snippet_new, always analysing the whole text: what the faster
 * way of folio_snippet_new must agree with (the tests compare them).
 */
int folio__snippet_new_whole(folio_snippet **out, const folio_query *query,
			     const char *text, size_t len,
			     const folio_snippet_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* FOLIO_PRIVATE_H */
