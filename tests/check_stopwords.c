/*
 * check_stopwords.c - the stopword lists are found by language, and a
 * lookup finds a list's first, middle and last word and its widest
 * (the lists are arrays of fixed-width strings, searched by halves),
 * and no word that only starts with one of them.
 *
 * The lookup is internal, so it links the static library.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "folio-private.h"

static const struct {
	const char *language;
	const char *words[4]; /* first, middle, last, widest */
} lists[] = {
	{"danish", {"ad", "ind", "været", "bliver"}},
	{"dutch", {"aan", "meer", "zou", "geweest"}},
	{"english", {"a", "myself", "yourselves", "themselves"}},
	{"finnish", {"ei", "niihin", "yli", "hänellä"}},
	{"french", {"ai", "le", "êtes", "auraient"}},
	{"german", {"aber", "ins", "über", "demselben"}},
	{"hungarian", {"a", "lenne", "őket", "általában"}},
	{"italian", {"a", "i", "è", "starebbero"}},
	{"nepali", {"अक्सर", "देख्न", "होस्", "निम्नानुसार"}},
	{"norwegian", {"alle", "kan", "å", "kvarhelst"}},
	{"portuguese", {"a", "já", "éramos", "estivéssemos"}},
	{"russian", {"а", "не", "я", "впрочем"}},
	{"spanish", {"a", "la", "éramos", "estuviéramos"}},
	{"swedish", {"alla", "men", "över", "sådana"}},
	{"turkish", {"acaba", "için", "şu", "aslında"}},
};

START_TEST(test_stopwords__each_list_finds_its_ends_and_its_widest_word)
{
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		for (size_t k = 0; k < 4; k++) {
			const char *w = lists[i].words[k];
			char longer[64];
			ck_assert_msg(folio__is_stopword(lists[i].language, w,
							 strlen(w)),
				      "%s: %s", lists[i].language, w);
			snprintf(longer, sizeof longer, "%sq", w);
			ck_assert_msg(!folio__is_stopword(lists[i].language,
							  longer,
							  strlen(longer)),
				      "%s: %s", lists[i].language, longer);
			/* The term is a length, not a C string. */
			ck_assert(folio__is_stopword(lists[i].language, longer,
						     strlen(w)));
		}
	}
	ck_assert(!folio__is_stopword("english", "zebra", 5));
	ck_assert(!folio__is_stopword("english", "", 0));
	ck_assert(!folio__is_stopword("klingon", "the", 3));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stopwords");
	const TTest *const tests[] = {
		test_stopwords__each_list_finds_its_ends_and_its_widest_word,
	};

	FIXTURE_ADD_TCASE(s, "stopwords", tests);
	return fixture_run(s);
}
