/*
 * scripts.c - what the analyzer knows of writing systems, character by
 * character: which characters go into CJK runs, where a word changes
 * script, which accents folding takes off, and the particles of Korean.
 * Pure functions of their input; analyze.c puts them to work, and has
 * loaded ICU (lib/lazy-libs.c) before it asks for a script: only text
 * that is not ASCII has one to ask for.
 */
#include <string.h>

#include <unicode/uscript.h>

#include "folio-private.h"
#include "lazy-libs.h"

/* 1 if c is a letter whose accents folding takes off: Latin, Greek. */
int folio__accents_go(int32_t c)
{
	return c < 0x0250 || (c >= 0x0370 && c < 0x0400) ||
	       (c >= 0x1E00 && c < 0x2000);
}

/* 1 if c is an accent that can be taken off its letter. */
int folio__is_accent(int32_t c)
{
	return (c >= 0x0300 && c < 0x0370) || (c >= 0x1AB0 && c < 0x1B00) ||
	       (c >= 0x1DC0 && c < 0x1E00) || (c >= 0x20D0 && c < 0x2100) ||
	       (c >= 0xFE20 && c < 0xFE30);
}

/* Latin letters with a stroke that Unicode does not decompose. */
int32_t folio__unstroke(int32_t c)
{
	switch (c) {
	case 0x00F8: return 'o'; /* ø */
	case 0x0142: return 'l'; /* ł */
	case 0x0111: return 'd'; /* đ */
	case 0x00F0: return 'd'; /* ð */
	case 0x0127: return 'h'; /* ħ */
	default: return c;
	}
}

/* ================================================================== */
/* Korean particles                                                    */
/* ================================================================== */

/*
 * The particles a Korean noun carries, and whether each follows a
 * syllable ending in a consonant (1), a vowel (0) or either (-1).  The
 * rule keeps "나이" (age) from losing "이": "나" ends in a vowel.
 * Longest first, so that "에서" is tried before "서".
 */
static const struct particle {
	const char *text;
	int after_consonant;
} particles[] = {
	{"에서부터", -1}, {"으로부터", 1}, {"에게서", -1}, {"한테서", -1},
	{"으로서", 1},    {"으로써", 1},   {"이라고", 1},  {"에서", -1},
	{"에게", -1},     {"한테", -1},    {"으로", 1},    {"부터", -1},
	{"까지", -1},     {"처럼", -1},    {"보다", -1},   {"마저", -1},
	{"조차", -1},     {"이나", 1},     {"이랑", 1},    {"께서", -1},
	{"라고", 0},      {"은", 1},       {"는", 0},      {"이", 1},
	{"가", 0},        {"을", 1},       {"를", 0},      {"의", -1},
	{"에", -1},       {"로", 0},       {"도", -1},     {"만", -1},
	{"과", 1},        {"와", 0},       {"나", 0},      {"랑", 0},
};

/* The Hangul syllable that ends s[0, at), or -1 if none does: in UTF-8
 * each is three bytes, the first 0xEA to 0xED. */
static int32_t hangul_before(const char *s, size_t at)
{
	const unsigned char *t = (const unsigned char *)s + at - 3;
	int32_t c;

	if (at < 3 || t[0] < 0xEA || t[0] > 0xED || (t[1] & 0xC0) != 0x80 ||
	    (t[2] & 0xC0) != 0x80)
		return -1;
	c = ((t[0] & 0x0F) << 12) | ((t[1] & 0x3F) << 6) | (t[2] & 0x3F);
	return c >= 0xAC00 && c <= 0xD7A3 ? c : -1;
}

/* The stem of a Hangul word: its length without a trailing particle,
 * if what is left is at least one syllable that fits the particle. */
size_t folio__korean_stem(const char *term, size_t len)
{
	for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++) {
		size_t n = strlen(particles[i].text);
		int32_t last;

		if (n + 3 > len ||
		    memcmp(term + len - n, particles[i].text, n) != 0)
			continue;
		last = hangul_before(term, len - n);
		if (last < 0)
			continue;
		if (particles[i].after_consonant >= 0 &&
		    ((last - 0xAC00) % 28 != 0) !=
			    particles[i].after_consonant)
			continue;
		return len - n;
	}
	return len;
}

folio__script_class folio__class_of(int32_t c)
{
	UErrorCode status = U_ZERO_ERROR;
	UScriptCode script;

	if (c < 0x1100)
		return FOLIO__S_OTHER;
	if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c < 0x1200) ||
	    (c >= 0x3130 && c < 0x3190))
		return FOLIO__S_HANGUL;
	/* The prolonged sound mark and iteration marks are Common or
	 * Inherited, but belong to the kana and ideographs around them. */
	if (c == 0x30FC || c == 0x3005 || c == 0x3006 || c == 0x303B ||
	    c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE)
		return FOLIO__S_CJK;
	script = folio__icu.script(c, &status);
	if (U_SUCCESS(status) &&
	    (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
	     script == USCRIPT_KATAKANA))
		return FOLIO__S_CJK;
	if (U_SUCCESS(status) && script == USCRIPT_HANGUL)
		return FOLIO__S_HANGUL;
	return FOLIO__S_OTHER;
}

/* 1 if NFKC case folding leaves c as it is: kana and the ideographs
 * outside the compatibility blocks, nearly all of real text.  Others
 * (half-width kana, radicals, compatibility ideographs) are folded. */
int folio__folded_cjk(int32_t c)
{
	return (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
	       c == 0x30FC || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x20000 && c < 0x2F800) ||
	       (c >= 0x30000 && c < 0x323B0);
}

/* The script of a letter, where a word of other letters splits: ICU
 * keeps "правительствоrésumé" whole.  Digits, marks and the like (ICU's
 * Common and Inherited) join whatever they stand with: FOLIO__SCRIPT_JOINS. */
int folio__script_of(int32_t c)
{
	UErrorCode status = U_ZERO_ERROR;
	UScriptCode script;

	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? USCRIPT_LATIN
								 : FOLIO__SCRIPT_JOINS;
	script = folio__icu.script(c, &status);
	if (U_FAILURE(status) || script == USCRIPT_COMMON ||
	    script == USCRIPT_INHERITED || script == USCRIPT_UNKNOWN)
		return FOLIO__SCRIPT_JOINS;
	return (int)script;
}
