/*
 * header-c.c - folio.h compiles on its own as strict C11 (-std=c11
 * -pedantic -Werror, with the project's -Wall -Wextra).
 *
 * Nothing here is linked against libfolio: the program uses the types,
 * the macros and the declarations only in ways that need no definition
 * (sizeof, _Generic and _Static_assert do not evaluate their operands).
 * _Generic also pins down the exact type of a few functions, so that a
 * changed signature fails to compile here before it breaks a caller.
 */
#include "folio.h"

/* The version macros agree with each other and with the version
 * string. */
_Static_assert(FOLIO_CHECK_VERSION(0, 0, 0), "version >= 0.0.0");
_Static_assert(FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR, FOLIO_VERSION_MINOR,
				   FOLIO_VERSION_PATCH),
	       "a version is at least itself");
_Static_assert(!FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR, FOLIO_VERSION_MINOR,
				    FOLIO_VERSION_PATCH + 1),
	       "a later patch is newer");
_Static_assert(!FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR,
				    FOLIO_VERSION_MINOR + 1, 0),
	       "a later minor is newer");
_Static_assert(!FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR + 1, 0, 0),
	       "a later major is newer");
_Static_assert(sizeof FOLIO_VERSION > 5, "FOLIO_VERSION is a string");

/* Error codes: 0 for success, distinct negative values otherwise. */
_Static_assert(FOLIO_OK == 0, "FOLIO_OK is 0");
_Static_assert(FOLIO_ERROR == -1, "FOLIO_ERROR is -1");
_Static_assert(FOLIO_ENOTFOUND < 0 && FOLIO_EQUERY < 0 &&
		       FOLIO_ELOCKED < 0 && FOLIO_EMODIFIED < 0 &&
		       FOLIO_ECORRUPT < 0 && FOLIO_ENOMEM < 0 &&
		       FOLIO_EINVALID < 0 && FOLIO_EIO < 0 &&
		       FOLIO_EVERSION < 0,
	       "error codes are negative");

/* Options structs start with their version. */
_Static_assert(offsetof(folio_db_options, version) == 0, "version first");
_Static_assert(offsetof(folio_analyzer_options, version) == 0, "first");
_Static_assert(offsetof(folio_query_options, version) == 0, "first");
_Static_assert(offsetof(folio_search_options, version) == 0, "first");
_Static_assert(offsetof(folio_snippet_options, version) == 0, "first");
_Static_assert(offsetof(folio_db_stats, version) == 0, "first");

/* The query limits are usable in constant expressions. */
_Static_assert(FOLIO_QUERY_MAX_DEPTH > 0 && FOLIO_QUERY_MAX_TERMS > 0 &&
		       FOLIO_QUERY_MAX_EXPANSION > 0,
	       "query limits are positive");

/* 1 when expr has exactly type T, else 0 (expr is not evaluated). */
#define HAS_TYPE(expr, T) _Generic((expr), T: 1, default: 0)

_Static_assert(HAS_TYPE(&folio_db_open,
			int (*)(folio_db **, const char *,
				const folio_db_options *)),
	       "folio_db_open");
_Static_assert(HAS_TYPE(&folio_db_search,
			int (*)(folio_results **, folio_db *,
				const folio_query *,
				const folio_search_options *)),
	       "folio_db_search");
_Static_assert(HAS_TYPE(&folio_doc_set_body,
			int (*)(folio_doc *, const char *, size_t)),
	       "folio_doc_set_body");
_Static_assert(HAS_TYPE(&folio_error_last, const folio_error *(*)(void)),
	       "folio_error_last");
_Static_assert(HAS_TYPE(&folio_results_estimate,
			uint64_t (*)(const folio_results *)),
	       "folio_results_estimate");
_Static_assert(HAS_TYPE(&folio_snippet_span,
			int (*)(const folio_snippet *, size_t, size_t *,
				size_t *)),
	       "folio_snippet_span");
_Static_assert(HAS_TYPE(&folio_analyze,
			int (*)(folio_analyzer *, const char *, size_t,
				folio_token_cb, void *)),
	       "folio_analyze");
_Static_assert(HAS_TYPE(&folio_db_free, void (*)(folio_db *)),
	       "folio_db_free");

/* A callback of the type folio_analyze() takes. */
static int count_tokens(const folio_token *token, void *payload)
{
	unsigned *n = payload;
	(*n) += token->end > token->start;
	return 0;
}

int main(void)
{
	folio_analyzer_options analyzer = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_db_options db = FOLIO_DB_OPTIONS_INIT;
	folio_query_options query = FOLIO_QUERY_OPTIONS_INIT;
	folio_search_options search = FOLIO_SEARCH_OPTIONS_INIT;
	folio_snippet_options snippet = FOLIO_SNIPPET_OPTIONS_INIT;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	folio_error error = {FOLIO_EQUERY, "", 3};
	folio_token token = {"korea", 5, "korea", 5, 0, 5, 0, 1, 0};
	folio_token_cb cb = count_tokens;
	unsigned tokens = 0;
	int bad = 0;

	db.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	query.default_op = FOLIO_QUERY_OR;
	bad += analyzer.version != FOLIO_ANALYZER_OPTIONS_VERSION ||
	       analyzer.language != NULL;
	bad += db.version != FOLIO_DB_OPTIONS_VERSION || db.flags != 3 ||
	       db.language != NULL;
	bad += query.version != FOLIO_QUERY_OPTIONS_VERSION;
	bad += search.version != FOLIO_SEARCH_OPTIONS_VERSION ||
	       search.offset != 0 || search.limit != 10 || search.with_bodies;
	bad += snippet.version != FOLIO_SNIPPET_OPTIONS_VERSION ||
	       snippet.max_chars != 200 || snippet.ellipsis != NULL;
	bad += stats.version != FOLIO_DB_STATS_VERSION || stats.documents ||
	       stats.language != NULL;
	bad += error.code != FOLIO_EQUERY || error.column != 3;
	bad += cb(&token, &tokens) != 0 || tokens != 1;
	/* Opaque handles are usable as pointers without their definition. */
	folio_db *handle = NULL;
	folio_results *results = NULL;
	bad += handle != NULL || results != NULL;
	bad += sizeof(folio_results_count(results)) != sizeof(size_t);
	return bad ? 1 : 0;
}
