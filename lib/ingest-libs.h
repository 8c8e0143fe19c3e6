/*
 * ingest-libs.h - the libraries only some readers use, reached through
 * tables of function pointers that lib/ingest-libs.c fills the first
 * time a reader needs them: libxml2 for HTML, jansson for JSON Lines,
 * ICU's charset detector (libicui18n) for text that is not UTF-8.
 *
 * libfolio does not link them, so that a process that only searches
 * never maps them.  Their headers still give the types and macros.
 * Nothing declared here is exported from libfolio.
 */
#ifndef FOLIO_INGEST_LIBS_H
#define FOLIO_INGEST_LIBS_H

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/ucsdet.h>

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

extern folio__xml_api folio__xml;
extern folio__json_api folio__json;
extern folio__csdet_api folio__csdet;

#endif
