/*
 * lazy-libs.c - open the libraries only some work needs (libxml2,
 * jansson, ICU's libicui18n and libicuuc) the first time it needs one,
 * and look up the few functions it calls.
 *
 * A search never reads HTML or JSON, yet mapping these libraries and
 * their own dependencies (liblzma, for one) at start-up cost a query
 * process about as much as the rest of its dynamic linking.  ICU's
 * common library and its 30 MB of data cost a process about 1 ms to
 * map and relocate, and a query or snippet of plain text never calls it
 * (the analyzer breaks its words itself: wordbreak.c).  So libfolio does
 * not link them: it opens each by the SONAME it was built against
 * (found by the build, never guessed here), once per process, from
 * whichever thread gets there first.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uvernum.h>

#include "folio-private.h"
#include "lazy-libs.h"

#if !defined(FOLIO_LIBXML2_SONAME) || !defined(FOLIO_JANSSON_SONAME) || \
	!defined(FOLIO_ICUI18N_SONAME) || !defined(FOLIO_ICUUC_SONAME)
#error "the build must define the SONAMEs of the libraries opened lazily"
#endif

/* A symbol's address is stored into a table of function pointers. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "function and data pointers must be alike, as POSIX says");

/* The name after macro expansion: ICU's headers rename its functions
 * for the version (ucsdet_open -> ucsdet_open_72), and so must we. */
#define NAME_OF(fn) NAME_OF_(fn)
#define NAME_OF_(fn) #fn

typedef struct symbol {
	const char *name;
	size_t offset; /* of its pointer in the library's table */
} symbol;

typedef struct library {
	const char *user;    /* who needs it, for the message */
	const char *name;    /* how people know it */
	const char *soname;
	const char *install; /* what to install */
	const symbol *symbols;
	size_t nsymbols;
	void *table;
	void (*init)(void); /* run once it is loaded */
	pthread_once_t once;
	int failed;
	char message[512]; /* why it could not be loaded */
} library;

folio__xml_api folio__xml;
folio__json_api folio__json;
folio__csdet_api folio__csdet;
folio__icu_api folio__icu;

#define XML(member, fn) {#fn, offsetof(folio__xml_api, member)}
static const symbol xml_symbols[] = {
	XML(read_memory, htmlReadMemory),
	XML(root_element, xmlDocGetRootElement),
	XML(node_content, xmlNodeGetContent),
	XML(get_prop, xmlGetProp),
	XML(free_doc, xmlFreeDoc),
	XML(dealloc, xmlFree),
	XML(init_parser, xmlInitParser),
};

#define JSON(member, fn) {#fn, offsetof(folio__json_api, member)}
static const symbol json_symbols[] = {
	JSON(loadb, json_loadb),
	JSON(destroy, json_delete),
	JSON(string_value, json_string_value),
	JSON(string_length, json_string_length),
	JSON(integer_value, json_integer_value),
	JSON(object_iter, json_object_iter),
	JSON(object_iter_next, json_object_iter_next),
	JSON(object_iter_key, json_object_iter_key),
	JSON(object_iter_value, json_object_iter_value),
};

#define CSDET(member, fn) {NAME_OF(fn), offsetof(folio__csdet_api, member)}
static const symbol csdet_symbols[] = {
	CSDET(open, ucsdet_open),
	CSDET(set_text, ucsdet_setText),
	CSDET(detect, ucsdet_detect),
	CSDET(name, ucsdet_getName),
	CSDET(confidence, ucsdet_getConfidence),
	CSDET(close, ucsdet_close),
};

/* ICU's common library: each member of folio__icu_api and the function
 * it is set to. */
#define ICU_FUNCTIONS(X)                                                   \
	X(error_name, u_errorName)                                         \
	X(brk_open, ubrk_open)                                             \
	X(brk_close, ubrk_close)                                           \
	X(brk_set_utext, ubrk_setUText)                                    \
	X(brk_first, ubrk_first)                                           \
	X(brk_next, ubrk_next)                                             \
	X(brk_rule_status, ubrk_getRuleStatus)                             \
	X(text_open_utf8, utext_openUTF8)                                  \
	X(text_close, utext_close)                                         \
	X(nfkc_casefold, unorm2_getNFKCCasefoldInstance)                   \
	X(nfd, unorm2_getNFDInstance)                                      \
	X(nfc, unorm2_getNFCInstance)                                      \
	X(normalize, unorm2_normalize)                                     \
	X(str_from_utf8_sub, u_strFromUTF8WithSub)                         \
	X(str_to_utf8_sub, u_strToUTF8WithSub)                             \
	X(str_to_utf8, u_strToUTF8)                                        \
	X(script, uscript_getScript)                                       \
	X(cnv_open, ucnv_open)                                             \
	X(cnv_set_to_u_callback, ucnv_setToUCallBack)                      \
	X(cnv_to_uchars, ucnv_toUChars)                                    \
	X(cnv_close, ucnv_close)                                           \
	X(cnv_stop, UCNV_TO_U_CALLBACK_STOP)

#define ICU_SYMBOL(member, fn)                                             \
	{NAME_OF(fn), offsetof(folio__icu_api, member)},
static const symbol icu_symbols[] = {ICU_FUNCTIONS(ICU_SYMBOL)};

/* Each pointer has the type of the function it is set to: ICU's headers
 * declare them, though nothing links them (a GCC and Clang check). */
#if defined(__GNUC__)
#define ICU_SAME_TYPE(member, fn)                                          \
	_Static_assert(__builtin_types_compatible_p(                       \
			       __typeof__(&fn),                            \
			       __typeof__(((folio__icu_api *)0)->member)), \
		       #fn " does not fit folio__icu_api." #member);
ICU_FUNCTIONS(ICU_SAME_TYPE)
#endif

/* libxml2 wants its global state set up once, before any thread parses. */
static void xml_init(void)
{
	folio__xml.init_parser();
}

#define NSYMBOLS(a) (sizeof a / sizeof a[0])

static library xml_lib = {
	.user = "HTML",
	.name = "libxml2",
	.soname = FOLIO_LIBXML2_SONAME,
	.install = "the libxml2 package",
	.symbols = xml_symbols,
	.nsymbols = NSYMBOLS(xml_symbols),
	.table = &folio__xml,
	.init = xml_init,
	.once = PTHREAD_ONCE_INIT,
};

static library json_lib = {
	.user = "JSON Lines",
	.name = "jansson",
	.soname = FOLIO_JANSSON_SONAME,
	.install = "the jansson package",
	.symbols = json_symbols,
	.nsymbols = NSYMBOLS(json_symbols),
	.table = &folio__json,
	.once = PTHREAD_ONCE_INIT,
};

static library csdet_lib = {
	.user = "detecting the encoding of text that is not UTF-8",
	.name = "ICU's libicui18n",
	.soname = FOLIO_ICUI18N_SONAME,
	.install = "the i18n library of ICU " U_ICU_VERSION,
	.symbols = csdet_symbols,
	.nsymbols = NSYMBOLS(csdet_symbols),
	.table = &folio__csdet,
	.once = PTHREAD_ONCE_INIT,
};

/* Open lib and fill its table; on failure keep the reason in lib. */
static void load(library *lib)
{
	const char *why = NULL;
	void *handle = NULL;

	/* RTLD_LOCAL: its symbols stay out of the way of the program's. */
	handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL)
		why = dlerror();
	for (size_t i = 0; handle && !why && i < lib->nsymbols; i++) {
		const symbol *s = &lib->symbols[i];
		void *addr = NULL;

		dlerror();
		addr = dlsym(handle, s->name);
		if (addr == NULL && (why = dlerror()) == NULL)
			why = "a function it should have is missing";
		if (addr)
			memcpy((char *)lib->table + s->offset, &addr,
			       sizeof addr);
	}
	if (why || handle == NULL) {
		snprintf(lib->message, sizeof lib->message,
			 "%s needs %s (%s), which could not be loaded (%s); "
			 "install %s",
			 lib->user, lib->name, lib->soname,
			 why ? why : "no reason given", lib->install);
		lib->failed = 1;
		/* The handle is never closed: tables point into it for the
		 * life of the process, and a half-filled one is not used. */
		return;
	}
	if (lib->init)
		lib->init();
}

static int ready(library *lib, void (*once)(void), const char **why)
{
	if (pthread_once(&lib->once, once) != 0)
		return folio__error_set(FOLIO_ERROR, "cannot load %s",
					lib->name);
	if (lib->failed) {
		*why = lib->message;
		return 1;
	}
	return 0;
}

static library icu_lib = {
	.user = "analysing text that is not ASCII, or converting it from "
		"another encoding,",
	.name = "ICU's common library",
	.soname = FOLIO_ICUUC_SONAME,
	.install = "the common library of ICU " U_ICU_VERSION,
	.symbols = icu_symbols,
	.nsymbols = NSYMBOLS(icu_symbols),
	.table = &folio__icu,
	.once = PTHREAD_ONCE_INIT,
};

static void load_xml(void)
{
	load(&xml_lib);
}

static void load_json(void)
{
	load(&json_lib);
}

static void load_csdet(void)
{
	load(&csdet_lib);
}

static void load_icu(void)
{
	load(&icu_lib);
}

int folio__xml_load(const char **why)
{
	return ready(&xml_lib, load_xml, why);
}

int folio__json_load(const char **why)
{
	return ready(&json_lib, load_json, why);
}

int folio__csdet_load(const char **why)
{
	return ready(&csdet_lib, load_csdet, why);
}

int folio__icu_load(const char **why)
{
	return ready(&icu_lib, load_icu, why);
}
