/*
 * lazy-libs.h - the libraries that only some work needs, reached
 * through tables of function pointers that lib/lazy-libs.c fills the
 * first time they are needed: libxml2 for HTML, jansson for JSON Lines,
 * ICU's charset detector (libicui18n) for text that is not UTF-8, and
 * ICU's common library (libicuuc) for analysing text that is not ASCII
 * and for converting from other encodings.
 *
 * libfolio does not link them, so that a process that only searches
 * ASCII text never maps them.  Their headers still give the types and
 * macros.  Nothing declared here is exported from libfolio.
 */
#ifndef FOLIO_LAZY_LIBS_H
#define FOLIO_LAZY_LIBS_H

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/* libxml2: what lib/ingest-html.c calls. */
typedef struct folio__xml_api {
	htmlDocPtr (*read_memory)(const char *buffer, int size,
				  const char *url, const char *encoding,
				  int options);
	xmlNodePtr (*root_element)(const xmlDoc *doc);
	xmlChar *(*node_content)(const xmlNode *node);
	xmlChar *(*get_prop)(const xmlNode *node, const xmlChar *name);
	void (*free_doc)(xmlDocPtr doc);
	/* xmlFree: a variable that holds libxml2's deallocator */
	xmlFreeFunc *dealloc;
	void (*init_parser)(void);
} folio__xml_api;

/* jansson: what lib/ingest-jsonl.c calls (json_object_foreach and
 * json_decref are macros and inlines over these). */
typedef struct folio__json_api {
	json_t *(*loadb)(const char *buffer, size_t len, size_t flags,
			 json_error_t *error);
	void (*destroy)(json_t *json); /* json_delete */
	const char *(*string_value)(const json_t *string);
	size_t (*string_length)(const json_t *string);
	json_int_t (*integer_value)(const json_t *integer);
	void *(*object_iter)(json_t *object);
	void *(*object_iter_next)(json_t *object, void *iter);
	const char *(*object_iter_key)(void *iter);
	json_t *(*object_iter_value)(void *iter);
} folio__json_api;

/* ICU's charset detector: what lib/ingest.c calls. */
typedef struct folio__csdet_api {
	UCharsetDetector *(*open)(UErrorCode *status);
	void (*set_text)(UCharsetDetector *det, const char *text, int32_t len,
			 UErrorCode *status);
	const UCharsetMatch *(*detect)(UCharsetDetector *det,
				       UErrorCode *status);
	const char *(*name)(const UCharsetMatch *match, UErrorCode *status);
	int32_t (*confidence)(const UCharsetMatch *match,
			      UErrorCode *status);
	void (*close)(UCharsetDetector *det);
} folio__csdet_api;

/* ICU's common library: what lib/analyze.c, lib/scripts.c and
 * lib/ingest.c call. */
typedef struct folio__icu_api {
	const char *(*error_name)(UErrorCode code);
	/* Word breaks, over UTF-8 text. */
	UBreakIterator *(*brk_open)(UBreakIteratorType type,
				    const char *locale, const UChar *text,
				    int32_t len, UErrorCode *status);
	void (*brk_close)(UBreakIterator *bi);
	void (*brk_set_utext)(UBreakIterator *bi, UText *text,
			      UErrorCode *status);
	int32_t (*brk_first)(UBreakIterator *bi);
	int32_t (*brk_next)(UBreakIterator *bi);
	int32_t (*brk_rule_status)(UBreakIterator *bi);
	UText *(*text_open_utf8)(UText *ut, const char *s, int64_t len,
				 UErrorCode *status);
	UText *(*text_close)(UText *ut);
	/* Normalization and UTF-16. */
	const UNormalizer2 *(*nfkc_casefold)(UErrorCode *status);
	const UNormalizer2 *(*nfd)(UErrorCode *status);
	const UNormalizer2 *(*nfc)(UErrorCode *status);
	int32_t (*normalize)(const UNormalizer2 *norm, const UChar *src,
			     int32_t len, UChar *dest, int32_t cap,
			     UErrorCode *status);
	UChar *(*str_from_utf8_sub)(UChar *dest, int32_t cap,
				    int32_t *dest_len, const char *src,
				    int32_t len, UChar32 sub,
				    int32_t *subs, UErrorCode *status);
	char *(*str_to_utf8_sub)(char *dest, int32_t cap, int32_t *dest_len,
				 const UChar *src, int32_t len, UChar32 sub,
				 int32_t *subs, UErrorCode *status);
	char *(*str_to_utf8)(char *dest, int32_t cap, int32_t *dest_len,
			     const UChar *src, int32_t len,
			     UErrorCode *status);
	/* Scripts. */
	UScriptCode (*script)(UChar32 c, UErrorCode *status);
	/* Converters from other encodings. */
	UConverter *(*cnv_open)(const char *name, UErrorCode *status);
	void (*cnv_set_to_u_callback)(UConverter *cnv,
				      UConverterToUCallback action,
				      const void *context,
				      UConverterToUCallback *old_action,
				      const void **old_context,
				      UErrorCode *status);
	int32_t (*cnv_to_uchars)(UConverter *cnv, UChar *dest, int32_t cap,
				 const char *src, int32_t len,
				 UErrorCode *status);
	void (*cnv_close)(UConverter *cnv);
	/* The callback that stops a conversion at the first bad byte. */
	UConverterToUCallback cnv_stop;
} folio__icu_api;

/*
 * Make a library ready, opening it on the first call from any thread.
 * Each returns 0, with its table filled, or 1 when the library cannot
 * be loaded: *why then names the library and says what to install (a
 * message that lives as long as the process), and the reader skips the
 * input with it, as it does one it cannot decode; the library is not
 * tried again.  FOLIO_ERROR only if the one-time set-up itself failed.
 * The tables are valid, and never change, once their function returned
 * 0.
 */
int folio__xml_load(const char **why);
int folio__json_load(const char **why);
int folio__csdet_load(const char **why);
int folio__icu_load(const char **why);

extern folio__xml_api folio__xml;
extern folio__json_api folio__json;
extern folio__csdet_api folio__csdet;
extern folio__icu_api folio__icu;

#endif
