/*
 * wordbreak.c - word boundaries in plain text, without ICU.
 *
 * Most text folio sees is ASCII, with now and then a curly quote, a
 * dash or a no-break space, and asking ICU's break iterator where its
 * words end costs more than all the rest of the analysis of a word;
 * loading ICU and opening the iterator costs a query process more than
 * its search.  For such "plain" text the rules are few, so they are
 * written out here: Unicode's word boundary rules (UAX #29) on the
 * Word_Break classes of the ASCII characters, as ICU tailors them (':'
 * does not join letters, '@' is a letter), and of the punctuation and
 * symbols in the table below.
 *
 * They give exactly ICU's segments and rule statuses: check_wordbreak
 * compares the two, with the ICU folio is built with, on every pair of
 * plain characters, every context of four that the rules look at, and
 * random text, and checks each class in the table against ICU's data.
 *
 * The analyzer cuts its text into stretches at boundaries that no rule
 * can move (folio__break_is_fixed): the plain stretches are walked here,
 * the others by ICU, and the boundaries are those of one walk of the
 * whole text by ICU.
 */
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>

#include "folio-private.h"

/* The Word_Break class of a plain character, as far as the rules for
 * plain text tell them apart. */
enum {
	WB_NOT_PLAIN,   /* a character the table does not know */
	WB_OTHER,       /* punctuation, symbols, controls, tab: alone */
	WB_CR,          /* joins a following LF */
	WB_NEWLINE,     /* LF, VT, FF: alone */
	WB_SPACE,       /* ' ': runs of spaces stay together */
	WB_LETTER,      /* A-Z, a-z, and '@' in ICU's tailoring */
	WB_NUMBER,      /* 0-9 */
	WB_MID_NUM_LET, /* . ' and the curly single quotes: inside words
			   and numbers */
	WB_MID_NUM,     /* , ; inside numbers */
	WB_EXTEND_NUM_LET /* _ joins words and numbers */
};

/* The plain characters beyond ASCII, in order: the punctuation and
 * symbols common in English text and in plain-text tables and lists.
 * None is a letter, digit, space or mark, so each stands alone but for
 * the single quotes, which join words as the apostrophe does. */
static const struct {
	uint16_t c;
	unsigned char wb;
} beyond_ascii[] = {
	{0x00A0, WB_OTHER}, /* no-break space */
	{0x00A2, WB_OTHER}, {0x00A3, WB_OTHER}, {0x00A5, WB_OTHER},
	{0x00A7, WB_OTHER}, {0x00A9, WB_OTHER}, {0x00AB, WB_OTHER},
	{0x00AE, WB_OTHER}, {0x00B0, WB_OTHER}, {0x00B1, WB_OTHER},
	{0x00B4, WB_OTHER}, {0x00B6, WB_OTHER}, {0x00BB, WB_OTHER},
	{0x00D7, WB_OTHER}, {0x00F7, WB_OTHER},
	/* dashes, quotes, bullets, ellipsis, primes */
	{0x2010, WB_OTHER}, {0x2011, WB_OTHER}, {0x2012, WB_OTHER},
	{0x2013, WB_OTHER}, {0x2014, WB_OTHER}, {0x2015, WB_OTHER},
	{0x2016, WB_OTHER}, {0x2018, WB_MID_NUM_LET},
	{0x2019, WB_MID_NUM_LET}, {0x201A, WB_OTHER}, {0x201C, WB_OTHER},
	{0x201D, WB_OTHER}, {0x201E, WB_OTHER}, {0x2020, WB_OTHER},
	{0x2021, WB_OTHER}, {0x2022, WB_OTHER}, {0x2026, WB_OTHER},
	{0x2030, WB_OTHER}, {0x2032, WB_OTHER}, {0x2033, WB_OTHER},
	{0x2039, WB_OTHER}, {0x203A, WB_OTHER}, {0x20AC, WB_OTHER},
	{0x2122, WB_OTHER},
	/* arrows and mathematical operators */
	{0x2190, WB_OTHER}, {0x2191, WB_OTHER}, {0x2192, WB_OTHER},
	{0x2193, WB_OTHER}, {0x2194, WB_OTHER}, {0x21D2, WB_OTHER},
	{0x2212, WB_OTHER}, {0x221E, WB_OTHER}, {0x2248, WB_OTHER},
	{0x2260, WB_OTHER}, {0x2264, WB_OTHER}, {0x2265, WB_OTHER},
	/* box drawing, squares, circles, check mark */
	{0x2500, WB_OTHER}, {0x2502, WB_OTHER}, {0x250C, WB_OTHER},
	{0x2510, WB_OTHER}, {0x2514, WB_OTHER}, {0x2518, WB_OTHER},
	{0x251C, WB_OTHER}, {0x2524, WB_OTHER}, {0x252C, WB_OTHER},
	{0x2534, WB_OTHER}, {0x253C, WB_OTHER}, {0x2550, WB_OTHER},
	{0x2551, WB_OTHER}, {0x25A0, WB_OTHER}, {0x25CF, WB_OTHER},
	{0x2713, WB_OTHER},
};

uint32_t folio__plain_char(size_t i)
{
	return i < sizeof beyond_ascii / sizeof *beyond_ascii
		       ? beyond_ascii[i].c
		       : 0;
}

static unsigned char ascii_class(unsigned char c)
{
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return WB_LETTER;
	if (c >= '0' && c <= '9')
		return WB_NUMBER;
	switch (c) {
	case '@': return WB_LETTER;
	case '\r': return WB_CR;
	case '\n': case '\v': case '\f': return WB_NEWLINE;
	case ' ': return WB_SPACE;
	case '.': case '\'': return WB_MID_NUM_LET;
	case ',': case ';': return WB_MID_NUM;
	case '_': return WB_EXTEND_NUM_LET;
	default: return WB_OTHER;
	}
}

/* The class of the character at t[i] (before len), and its length in
 * *n: WB_NOT_PLAIN for one the table does not know, or bad UTF-8. */
static unsigned char class_at(const unsigned char *t, size_t len, size_t i,
			      size_t *n)
{
	uint32_t c;
	size_t lo = 0, hi = sizeof beyond_ascii / sizeof *beyond_ascii;

	*n = 1;
	if (t[i] < 0x80)
		return ascii_class(t[i]);
	/* The table's characters take two bytes (C2, C3) or three (E2). */
	if ((t[i] == 0xC2 || t[i] == 0xC3) && i + 1 < len &&
	    (t[i + 1] & 0xC0) == 0x80) {
		c = ((uint32_t)(t[i] & 0x1F) << 6) | (t[i + 1] & 0x3F);
		*n = 2;
	} else if (t[i] == 0xE2 && i + 2 < len && (t[i + 1] & 0xC0) == 0x80 &&
		   (t[i + 2] & 0xC0) == 0x80) {
		c = ((uint32_t)(t[i + 1] & 0x3F) << 6) | (t[i + 2] & 0x3F);
		c |= 0x2000;
		*n = 3;
	} else {
		return WB_NOT_PLAIN;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (beyond_ascii[mid].c == c)
			return beyond_ascii[mid].wb;
		if (beyond_ascii[mid].c < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return WB_NOT_PLAIN;
}

static int is_word_class(unsigned char k)
{
	return k == WB_LETTER || k == WB_NUMBER || k == WB_EXTEND_NUM_LET;
}

/*
 * 1 if a character of class mid may come between two characters of
 * class k in one word: "a.b", "a'b" (rules 6 and 7) and "1.5", "1,000",
 * "1;2" (rules 11 and 12).
 */
static int joins_between(unsigned char k, unsigned char mid)
{
	if (k == WB_LETTER)
		return mid == WB_MID_NUM_LET;
	return k == WB_NUMBER &&
	       (mid == WB_MID_NUM_LET || mid == WB_MID_NUM);
}

size_t folio__plain_skip_alone(const char *s, size_t len, size_t from)
{
	const unsigned char *t = (const unsigned char *)s;
	size_t i = from;

	while (i < len && t[i] < 0x80) {
		unsigned char k = ascii_class(t[i]);
		if (k != WB_OTHER && k != WB_SPACE && k != WB_NEWLINE &&
		    k != WB_CR)
			break;
		i++;
	}
	return i;
}

size_t folio__plain_span(const char *s, size_t len, size_t from)
{
	const unsigned char *t = (const unsigned char *)s;
	size_t i = from, n;

	while (i < len) {
		if (t[i] < 0x80)
			i++;
		else if (class_at(t, len, i, &n) != WB_NOT_PLAIN)
			i += n;
		else
			break;
	}
	return i;
}

size_t folio__plain_segment_end(const char *s, size_t len, size_t start,
				int32_t *status)
{
	const unsigned char *t = (const unsigned char *)s;
	size_t i, n, n2;
	unsigned char k = class_at(t, len, start, &n), last = k,
		      before_last = k;

	*status = UBRK_WORD_NONE;
	i = start + n;
	switch (k) {
	case WB_CR:
		return i < len && t[i] == '\n' ? i + 1 : i;
	case WB_SPACE:
		while (i < len && t[i] == ' ')
			i++;
		return i;
	case WB_LETTER:
	case WB_NUMBER:
	case WB_EXTEND_NUM_LET:
		break;
	default:
		return i;
	}

	/* A word: letters, digits and '_' join in any order (rules 5, 8,
	 * 9, 10, 13a, 13b); the others of a word only between two letters
	 * or two digits. */
	while (i < len) {
		unsigned char next = class_at(t, len, i, &n);
		if (is_word_class(next)) {
			i += n;
		} else if (joins_between(last, next) && i + n < len &&
			   class_at(t, len, i + n, &n2) == last) {
			i += n + n2;
			next = last;
		} else {
			break;
		}
		before_last = last;
		last = next;
	}
	/* ICU's status is that of the rule that joined the last two
	 * characters: a number's if the word ends in a digit, or in '_'
	 * after a digit ("1_"), a letter's otherwise ("a_", "__"); '_'
	 * alone is no word. */
	if (last == WB_EXTEND_NUM_LET && i - start == 1)
		return i;
	if (last == WB_NUMBER ||
	    (last == WB_EXTEND_NUM_LET && before_last == WB_NUMBER))
		*status = UBRK_WORD_NUMBER;
	else
		*status = UBRK_WORD_LETTER;
	return i;
}

int folio__break_is_fixed(const char *s, size_t len, size_t at)
{
	const unsigned char *t = (const unsigned char *)s;

	if (at == 0 || at >= len)
		return 1;
	/* After a line feed or tab every rule breaks (3a, 999); after a
	 * space, before anything but a space (3d).  Before an ASCII
	 * character, since a combining mark or format character would
	 * join the one before it (rule 4). */
	if (t[at] >= 0x80)
		return 0;
	return t[at - 1] == '\n' || t[at - 1] == '\t' ||
	       (t[at - 1] == ' ' && t[at] != ' ');
}
