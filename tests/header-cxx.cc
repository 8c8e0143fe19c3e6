/*
 * header-cxx.cc - folio.h compiles on its own as C++17 (-pedantic
 * -Werror, with the project's -Wall -Wextra), and its declarations get
 * C linkage inside its extern "C" block.
 *
 * Nothing here is linked against libfolio: the declarations are used
 * only in unevaluated operands (decltype, sizeof), which need no
 * definition.  The only standard header is <type_traits>, and it comes
 * after folio.h, so folio.h must stand on its own.
 */
#include "folio.h"

#include <type_traits>

static_assert(FOLIO_CHECK_VERSION(0, 0, 0), "version >= 0.0.0");
static_assert(FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR, FOLIO_VERSION_MINOR,
				  FOLIO_VERSION_PATCH),
	      "a version is at least itself");
static_assert(!FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR, FOLIO_VERSION_MINOR,
				   FOLIO_VERSION_PATCH + 1),
	      "a later patch is newer");
static_assert(!FOLIO_CHECK_VERSION(FOLIO_VERSION_MAJOR + 1, 0, 0),
	      "a later major is newer");
static_assert(sizeof FOLIO_VERSION > 5, "FOLIO_VERSION is a string");

static_assert(FOLIO_OK == 0 && FOLIO_ERROR == -1 && FOLIO_EVERSION < 0,
	      "error codes");

/* The exact types of a few functions: a changed signature fails here. */
static_assert(std::is_same<decltype(&folio_db_open),
			   int (*)(folio_db **, const char *,
				   const folio_db_options *)>::value,
	      "folio_db_open");
static_assert(std::is_same<decltype(&folio_query_parse),
			   int (*)(folio_query **, folio_db *, const char *,
				   const folio_query_options *)>::value,
	      "folio_query_parse");
static_assert(std::is_same<decltype(&folio_results_doc),
			   const folio_doc *(*)(const folio_results *,
						size_t)>::value,
	      "folio_results_doc");
static_assert(std::is_same<decltype(&folio_error_last),
			   const folio_error *(*)(void)>::value,
	      "folio_error_last");
static_assert(std::is_same<decltype(folio_results_estimate(nullptr)),
			   uint64_t>::value,
	      "folio_results_estimate");

/* The options structs stay plain C data, usable from C++ as such. */
static_assert(std::is_trivially_copyable<folio_db_options>::value &&
		      std::is_standard_layout<folio_db_options>::value,
	      "folio_db_options is plain data");
static_assert(std::is_trivially_copyable<folio_db_stats>::value &&
		      std::is_standard_layout<folio_db_stats>::value,
	      "folio_db_stats is plain data");

/* A C++ callback for folio_analyze(): the typedef is usable as is. */
static int count_tokens(const folio_token *token, void *payload)
{
	unsigned *n = static_cast<unsigned *>(payload);
	*n += token->end > token->start ? 1 : 0;
	return 0;
}

int main()
{
	folio_analyzer_options analyzer = FOLIO_ANALYZER_OPTIONS_INIT;
	folio_db_options db = FOLIO_DB_OPTIONS_INIT;
	folio_query_options query = FOLIO_QUERY_OPTIONS_INIT;
	folio_search_options search = FOLIO_SEARCH_OPTIONS_INIT;
	folio_snippet_options snippet = FOLIO_SNIPPET_OPTIONS_INIT;
	folio_db_stats stats = FOLIO_DB_STATS_INIT;
	folio_token token = {"korea", 5, "korea", 5, 0, 5, 0, 1, 0};
	folio_token_cb cb = count_tokens;
	unsigned tokens = 0;
	int bad = 0;

	db.flags = FOLIO_DB_WRITABLE | FOLIO_DB_CREATE;
	query.default_op = FOLIO_QUERY_OR;
	bad += analyzer.version != FOLIO_ANALYZER_OPTIONS_VERSION ||
	       analyzer.language != nullptr;
	bad += db.version != FOLIO_DB_OPTIONS_VERSION || db.flags != 3u;
	bad += query.version != FOLIO_QUERY_OPTIONS_VERSION;
	bad += search.version != FOLIO_SEARCH_OPTIONS_VERSION ||
	       search.limit != 10 || search.with_bodies;
	bad += snippet.version != FOLIO_SNIPPET_OPTIONS_VERSION ||
	       snippet.ellipsis != nullptr;
	bad += stats.version != FOLIO_DB_STATS_VERSION;
	bad += cb(&token, &tokens) != 0 || tokens != 1;
	folio_db *handle = nullptr;
	bad += handle != nullptr;
	bad += sizeof(folio_results_count(nullptr)) != sizeof(size_t);
	return bad ? 1 : 0;
}
