/*
 * query.c - folio's query parser.
 *
 * The query language of folio.h is read by a hand-written tokenizer and
 * a recursive-descent parser into a small tree; the tree is then built
 * into a Xapian query through the shim.  Parsing first means a syntax
 * error is found before any Xapian object exists, and the tree knows
 * which words are negated, so that only the positive ones are noted for
 * snippets to highlight.
 *
 *   query    := or_expr
 *   or_expr  := and_expr ('OR' and_expr)*
 *   and_expr := unary (['AND'] unary)*
 *   unary    := ('NOT' | '-' | '+') unary | primary
 *   primary  := '(' or_expr ')' | phrase | field ':' (word | phrase)
 *             | word ['*']
 *
 * Words go through the index's own analyzer, so a query word becomes
 * exactly the terms a document with that word was given (see the term
 * layout in folio-private.h).  Every limit (nesting, number of words) is
 * checked while parsing, so no input, however long or strange, recurses
 * deeper than FOLIO_QUERY_MAX_DEPTH levels of parentheses.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

/* The longest field name folio__field_name_valid accepts. */
#define FIELD_NAME_MAX 32
/* Room for any term prefix: "X" and an upper-cased field name. */
#define PREFIX_CAP (FIELD_NAME_MAX + 8)
/* A date value longer than this is not a date. */
#define DATE_VALUE_MAX 32
/* NEAR and ADJ alone, as in Xapian: at most 10 words between. */
#define NEAR_DEFAULT_WINDOW 10
#define NEAR_MAX_WINDOW 1000
/* How much of a bad value an error message quotes, in bytes. */
#define QUOTE_MAX 40

/*
 * Ranking bonuses, as factors on a term's BM25 weight; chosen on the
 * measurements in docs/ranking.md.  A word matches by its stem; its
 * exact form, the title's stem and two query words near each other in
 * the text add to the score of the documents that have them.
 */
#define EXACT_BONUS 0.25
#define TITLE_BONUS 0.25
/* Only where every word is required: on long queries that match any
 * word it cost 1-2% of MAP (docs/ranking.md). */
#define NEAR_BONUS 0.25
/* Two query words count as near when within this many positions. */
#define NEAR_BONUS_WINDOW 8
/*
 * Pseudo-relevance feedback for queries of at least PRF_MIN_WORDS words
 * that match any word: the PRF_TERMS best terms of the first PRF_DOCS
 * hits add to the score at PRF_WEIGHT each.
 */
/* Where any word may match, a document with every word gains this
 * factor of their weights: coordination, so that all the words beat
 * one word many times. */
#define COORD_BONUS 1.0
#define PRF_DOCS 3
#define PRF_TERMS 20
#define PRF_WEIGHT 0.5
#define PRF_MIN_WORDS 3
/* In a smaller index the first hits are too large a share of it. */
#define PRF_MIN_DOCS 100

/* ================================================================== */
/* Term sets                                                           */
/* ================================================================== */

int folio__termset_add(folio__termset *set, const char *s, size_t len)
{
	int rc = 0;
	char *copy = NULL;

	if (folio__termset_find(set, s, len) >= 0)
		goto out;
	if (set->count == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		char **items = realloc(set->items, cap * sizeof *items);
		if (items == NULL) {
			rc = folio__error_oom();
			goto out;
		}
		set->items = items;
		set->cap = cap;
	}
	copy = folio__strndup(s, len);
	if (copy == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}
	set->items[set->count++] = copy;
out:
	return rc;
}

int folio__termset_find(const folio__termset *set, const char *s,
			size_t len)
{
	for (size_t i = 0; i < set->count; i++) {
		const char *item = set->items[i];
		if (strncmp(item, s, len) == 0 && item[len] == '\0')
			return (int)i;
	}
	return -1;
}

void folio__termset_free(folio__termset *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i]);
	free(set->items);
	set->items = NULL;
	set->count = set->cap = 0;
}

int folio__query_match(const folio_query *query, const folio_token *token)
{
	int i, base = 0;

	if (query == NULL || token == NULL)
		return -1;
	i = folio__termset_find(&query->stems, token->stem, token->stem_len);
	if (i >= 0)
		return i;
	base += (int)query->stems.count;
	i = folio__termset_find(&query->words, token->term, token->term_len);
	if (i >= 0)
		return base + i;
	base += (int)query->words.count;
	for (size_t k = 0; k < query->prefixes.count; k++) {
		size_t n = strlen(query->prefixes.items[k]);
		if (n <= token->term_len &&
		    memcmp(token->term, query->prefixes.items[k], n) == 0)
			return base + (int)k;
	}
	return -1;
}

/* ================================================================== */
/* Columns                                                             */
/* ================================================================== */

/*
 * Bytes taken by the character at s[i]: the length of a well-formed
 * UTF-8 sequence, or 1 for a byte that does not start one, so that
 * every bad byte counts as one character (as U+FFFD would).
 */
static size_t char_len(const char *text, size_t len, size_t i)
{
	size_t n = folio__utf8_seq_len(text, len, i);
	return n ? n : 1;
}

/* The 1-based column, in characters, of byte offset in the query. */
static int column_of(const char *s, size_t len, size_t offset)
{
	int column = 1;

	for (size_t i = 0; i < offset && i < len && column < INT_MAX;
	     i += char_len(s, len, i))
		column++;
	return column;
}

/* ================================================================== */
/* Tokenizer                                                           */
/* ================================================================== */

typedef enum tok_kind {
	T_END,
	T_WORD,   /* a word, perhaps ending in '*' */
	T_PHRASE, /* "quoted words" */
	T_FIELD,  /* name:word or name:"quoted words" */
	T_LPAREN,
	T_RPAREN,
	T_AND,
	T_OR,
	T_NOT,
	T_MINUS,
	T_PLUS,
	T_NEAR    /* NEAR, NEAR/n, ADJ or ADJ/n */
} tok_kind;

typedef struct tok {
	tok_kind kind;
	size_t start;     /* byte offset in the query */
	const char *text; /* the word, the phrase's words, the field value */
	size_t len;
	int quoted;       /* the text was in quotes */
	int star;         /* a '*' ended the word (not part of text) */
	int ordered;      /* T_NEAR: ADJ, not NEAR */
	unsigned window;  /* T_NEAR: at most this many words between */
	char field[FIELD_NAME_MAX + 1];
} tok;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Bytes of the double quote at s[i] ('"', U+201C or U+201D), or 0. */
static size_t quote_at(const char *s, size_t len, size_t i)
{
	if (s[i] == '"')
		return 1;
	if (i + 2 < len && (unsigned char)s[i] == 0xE2 &&
	    (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x9C ||
	     (unsigned char)s[i + 2] == 0x9D))
		return 3;
	return 0;
}

/* 1 if a word ends before s[i]. */
static int word_ends(const char *s, size_t len, size_t i)
{
	return i >= len || is_space(s[i]) || s[i] == '(' || s[i] == ')' ||
	       quote_at(s, len, i);
}

/* ================================================================== */
/* The parse tree                                                      */
/* ================================================================== */

typedef enum node_kind {
	N_LEAF, /* words of the query */
	N_LIST, /* unaries side by side or joined by AND */
	N_OR,   /* and_exprs joined by OR */
	N_NEAR  /* words joined by NEAR or ADJ */
} node_kind;

typedef enum leaf_kind {
	L_WORDS,  /* a typed word: a stem, or a phrase if it has several */
	L_PHRASE, /* quoted words: exact forms, in order */
	L_TERM,   /* one ready-made term (a date) */
	L_RANGE   /* a range of dates */
} leaf_kind;

typedef struct node {
	node_kind kind;
	int neg;  /* under NOT or '-' */
	int plus; /* under '+': required even when the default is OR */
	/* N_LIST and N_OR */
	int all_required; /* N_LIST: AND, not the default OR */
	int joined;       /* N_LIST: an "a AND b" group in a default-OR list */
	struct node **kids;
	size_t nkids, cap;
	/* N_LEAF */
	leaf_kind leaf;
	int star;   /* the last word is a prefix */
	int ordered;     /* N_NEAR: ADJ, in this order */
	unsigned window; /* N_NEAR: at most this many words between */
	char lo[24], hi[24]; /* L_RANGE: yyyymmdd bounds, "" for none */
	int title;  /* title:, scored, stemmed */
	int filter; /* another field: must not change scores */
	char prefix[PREFIX_CAP]; /* term prefix: "", "S", "XSOURCE" */
	folio__buf terms;        /* "term\0stem\0" per token */
	size_t nterms;           /* tokens, ALT forms included */
	struct tokinfo *info;    /* per token: position, span, flags */
	size_t info_cap;
} node;

/* What a leaf keeps of each of its tokens besides the strings. */
typedef struct tokinfo {
	uint32_t position, span;
	unsigned int flags;
} tokinfo;

static void node_free(node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	folio__buf_free(&n->terms);
	free(n->info);
	free(n);
}

static int node_new(node **out, node_kind kind)
{
	*out = calloc(1, sizeof **out);
	if (*out == NULL)
		return folio__error_oom();
	(*out)->kind = kind;
	return 0;
}

/* Append kid to n; on failure kid is freed, so the caller never is
 * left holding it. */
static int node_add(node *n, node *kid)
{
	if (n->nkids == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 4;
		node **kids = realloc(n->kids, cap * sizeof *kids);
		if (kids == NULL) {
			node_free(kid);
			return folio__error_oom();
		}
		n->kids = kids;
		n->cap = cap;
	}
	n->kids[n->nkids++] = kid;
	return 0;
}

/* ================================================================== */
/* Parser                                                              */
/* ================================================================== */

/* What came before an and_expr, to say what is missing when it is. */
typedef enum context {
	CTX_START,  /* the start of the query */
	CTX_LPAREN, /* a '(' */
	CTX_OR      /* an OR */
} context;

typedef struct parser {
	folio_db *db;
	folio_analyzer *analyzer;
	const char *s;
	size_t len;
	size_t pos;   /* where the tokenizer goes on */
	tok tok;      /* the current token */
	int default_or;
	folio_query_default_op mode;
	const char *language; /* the index's, for its stopwords */
	int stemming; /* the index has Z terms (language is not "none") */
	size_t nterms;
	folio__buf scratch; /* a term being built */
	/* The near bonuses of the lists built so far, ORed, and the
	 * bonuses of the words when lift_words is set: build_top adds
	 * them to the whole query (see there). */
	folio__xq *near, *words;
	int lift_words;
	size_t nwords; /* how many words' bonuses words holds */
	/* Build words without their bonuses, and lists without their near
	 * bonus: the queries of a coordination. */
	int bare;
} parser;

/* Record a syntax error at byte offset of the query: the column for
 * folio_error_last(), and the message made from fmt (which names the
 * column too, so callers pass column(p, offset) to it). */
static int syntax_error(parser *p, size_t offset, const char *fmt, ...)
	FOLIO__PRINTF(3, 4);

static int syntax_error(parser *p, size_t offset, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	int column = column_of(p->s, p->len, offset);

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	return folio__error_set_column(FOLIO_EQUERY, column, "%s", message);
}

static int column(parser *p, size_t offset)
{
	return column_of(p->s, p->len, offset);
}

/*
 * Read the quoted phrase whose opening quote (qlen bytes) is at p->pos
 * into t, and move past its closing quote.  Any double quote closes it,
 * so that "..." and “...” and a mix of them all work.
 */
static int lex_phrase(parser *p, tok *t, size_t qlen)
{
	size_t open = p->pos, i = p->pos + qlen, close = 0;

	while (i < p->len && (close = quote_at(p->s, p->len, i)) == 0)
		i++;
	if (i >= p->len) {
		const char *closing = qlen == 1 ? "\"" : "\u201D";
		return syntax_error(p, open,
				    "unterminated phrase: the '%.*s' at "
				    "column %d has no closing '%s': add one "
				    "after the last word of the phrase",
				    (int)qlen, p->s + open, column(p, open),
				    closing);
	}
	t->text = p->s + open + qlen;
	t->len = i - (open + qlen);
	t->quoted = 1;
	p->pos = i + close;
	return 0;
}

/*
 * The word run s[b..e) starts with "name:": if name is a field of the
 * index, make t a T_FIELD with its value and return 1; else return 0
 * and leave the run a word ("http://x" is text).  <0 on error.
 */
static int lex_field(parser *p, tok *t, size_t b, size_t e)
{
	size_t k = b;
	int rc = 0;

	while (k < e && k - b <= FIELD_NAME_MAX &&
	       ((p->s[k] >= 'a' && p->s[k] <= 'z') ||
		(p->s[k] >= '0' && p->s[k] <= '9') || p->s[k] == '_'))
		k++;
	if (k == b || k - b > FIELD_NAME_MAX || k >= e || p->s[k] != ':')
		goto out;
	memcpy(t->field, p->s + b, k - b);
	t->field[k - b] = '\0';
	if (!folio__db_has_field(p->db, t->field))
		goto out;

	t->kind = T_FIELD;
	p->pos = k + 1;
	if (k + 1 < e) {
		t->text = p->s + k + 1;
		t->len = e - (k + 1);
		p->pos = e;
	} else if (e < p->len && quote_at(p->s, p->len, e)) {
		p->pos = e;
		rc = lex_phrase(p, t, quote_at(p->s, p->len, e));
	} else {
		rc = syntax_error(p, b,
				  "expected a word after '%s:' at column %d: "
				  "write %s:word or %s:\"some words\", with "
				  "no space after the ':'",
				  t->field, column(p, b), t->field, t->field);
	}
	if (rc == 0)
		rc = 1;
out:
	return rc;
}

/*
 * The word run s[b..e) is NEAR, NEAR/n, ADJ or ADJ/n: make t a T_NEAR
 * and return 1; else 0 ("NEARBY" is a word).  <0 for a bad n.
 */
static int lex_near(parser *p, tok *t, size_t b, size_t e)
{
	const char *s = p->s;
	size_t n = 0, k;
	unsigned long window = NEAR_DEFAULT_WINDOW;

	if (e - b >= 4 && memcmp(s + b, "NEAR", 4) == 0)
		n = 4;
	else if (e - b >= 3 && memcmp(s + b, "ADJ", 3) == 0)
		n = 3;
	if (n == 0 || (b + n < e && s[b + n] != '/'))
		return 0;
	if (b + n < e) {
		window = 0;
		for (k = b + n + 1; k < e && s[k] >= '0' && s[k] <= '9' &&
				    window <= NEAR_MAX_WINDOW;
		     k++)
			window = window * 10 + (unsigned long)(s[k] - '0');
		if (k == b + n + 1 || k < e || window < 1 ||
		    window > NEAR_MAX_WINDOW)
			return syntax_error(
				p, b,
				"bad %.*s at column %d: write %.*s/n with n a "
				"number of words from 1 to %d (%.*s alone "
				"means %.*s/%d)",
				(int)n, s + b, column(p, b), (int)n, s + b,
				NEAR_MAX_WINDOW, (int)n, s + b, (int)n, s + b,
				NEAR_DEFAULT_WINDOW);
	}
	t->kind = T_NEAR;
	t->ordered = n == 3;
	t->window = (unsigned)window;
	p->pos = e;
	return 1;
}

/* Read the next token into p->tok. */
static int advance(parser *p)
{
	tok *t = &p->tok;
	size_t b, e, q;
	int rc = 0;
	const char *s = p->s;

	memset(t, 0, sizeof *t);
	while (p->pos < p->len && is_space(s[p->pos]))
		p->pos++;
	b = t->start = p->pos;
	if (b >= p->len) {
		t->kind = T_END;
		goto out;
	}
	if (s[b] == '(' || s[b] == ')') {
		t->kind = s[b] == '(' ? T_LPAREN : T_RPAREN;
		p->pos++;
		goto out;
	}
	if ((q = quote_at(s, p->len, b)) > 0) {
		t->kind = T_PHRASE;
		rc = lex_phrase(p, t, q);
		goto out;
	}
	/* A '-' or '+' sticks to what follows; alone it is punctuation. */
	if ((s[b] == '-' || s[b] == '+') && b + 1 < p->len &&
	    !is_space(s[b + 1]) && s[b + 1] != ')') {
		t->kind = s[b] == '-' ? T_MINUS : T_PLUS;
		p->pos++;
		goto out;
	}

	for (e = b; !word_ends(s, p->len, e); e++)
		;
	p->pos = e;
	if (e - b == 2 && memcmp(s + b, "OR", 2) == 0) {
		t->kind = T_OR;
		goto out;
	}
	if (e - b == 3 && (memcmp(s + b, "AND", 3) == 0 ||
			   memcmp(s + b, "NOT", 3) == 0)) {
		t->kind = s[b] == 'A' ? T_AND : T_NOT;
		goto out;
	}
	rc = lex_near(p, t, b, e);
	if (rc != 0)
		goto out;
	rc = lex_field(p, t, b, e);
	if (rc != 0)
		goto out;
	t->kind = T_WORD;
	t->text = s + b;
	t->len = e - b;
out:
	if (rc > 0)
		rc = 0;
	if (rc == 0 && (t->kind == T_WORD || t->kind == T_FIELD) &&
	    !t->quoted && t->len > 0 && t->text[t->len - 1] == '*') {
		t->star = 1;
		t->len--;
	}
	return rc;
}

static int starts_unary(tok_kind kind)
{
	return kind == T_WORD || kind == T_PHRASE || kind == T_FIELD ||
	       kind == T_LPAREN || kind == T_NOT || kind == T_MINUS ||
	       kind == T_PLUS;
}

/* Where the analyzer's tokens of one query word go. */
typedef struct collect {
	node *n;
	size_t count; /* base tokens: the words of the limit */
	size_t room;  /* words allowed before FOLIO_QUERY_MAX_TERMS */
	int over;
} collect;

static int collect_token(const folio_token *token, void *payload)
{
	collect *c = payload;
	node *n = c->n;
	int rc;

	if (!(token->flags & FOLIO_TOKEN_ALT) && c->count >= c->room) {
		c->over = 1;
		return 1;
	}
	if (n->nterms == n->info_cap) {
		size_t cap = n->info_cap ? n->info_cap * 2 : 8;
		tokinfo *p = realloc(n->info, cap * sizeof *p);
		if (p == NULL)
			return folio__error_oom();
		n->info = p;
		n->info_cap = cap;
	}
	n->info[n->nterms].position = token->position;
	n->info[n->nterms].span = token->span;
	n->info[n->nterms].flags = token->flags;
	n->nterms++;
	rc = folio__buf_put(&n->terms, token->term, token->term_len);
	if (rc == 0)
		rc = folio__buf_putc(&n->terms, '\0');
	if (rc == 0)
		rc = folio__buf_put(&n->terms, token->stem, token->stem_len);
	if (rc == 0)
		rc = folio__buf_putc(&n->terms, '\0');
	c->count += !(token->flags & FOLIO_TOKEN_ALT);
	return rc;
}

/*
 * The first and last days (yyyymmdd, a month's or year's days from 00
 * to 99 so that documents dated by month or year fall inside) of the
 * date s[0..len): YYYY, YYYY-MM or YYYY-MM-DD.  -1 if it is none.
 */
static int date_span(const char *s, size_t len, long *first, long *last)
{
	char value[11], terms[64];
	int parts;
	long y, m = 0, d = 0;

	if (len == 0 || len > 10)
		return -1;
	memcpy(value, s, len);
	value[len] = '\0';
	parts = folio__date_terms(terms, sizeof terms, value);
	if (parts <= 0 || len != (parts == 1 ? 4u : parts == 2 ? 7u : 10u))
		return -1;
	y = strtol(value, NULL, 10);
	if (parts >= 2)
		m = strtol(value + 5, NULL, 10);
	if (parts == 3)
		d = strtol(value + 8, NULL, 10);
	*first = y * 10000 + m * 100 + d;
	*last = parts == 1 ? y * 10000 + 9999
		: parts == 2 ? y * 10000 + m * 100 + 99
			     : *first;
	return 0;
}

/* The syntax error for a bad date: value at byte offset at. */
static int date_error(parser *p, const tok *t, size_t at)
{
	int shown = (int)folio__utf8_trim(
		t->text, t->len < QUOTE_MAX ? t->len : QUOTE_MAX);

	return syntax_error(p, at,
			    "date:%.*s%s: column %d is not a date: write "
			    "YYYY, YYYY-MM or YYYY-MM-DD (date:2019-05), a "
			    "range (date:2019-05-01..2019-05-31, "
			    "date:2019.., date:..2019-05) or a bound "
			    "(date:>=2019-05, date:<2020)",
			    shown, t->text, (size_t)shown < t->len ? "..." : "",
			    column(p, at));
}

/*
 * A date range: date:A..B, date:A.., date:..B, date:>=A, date:>A,
 * date:<=B, date:<B.  1 if t is one (n made an L_RANGE), 0 if not,
 * <0 on a syntax error.  Closed bounds are inclusive and cover the
 * whole month or year written; > and < exclude it.
 */
static int date_range(parser *p, const tok *t, node *n)
{
	const char *v = t->text, *dots = NULL;
	size_t len = t->len, at = (size_t)(v - p->s), k = 0;
	long lo = -1, hi = -1, first, last;
	int rc = 0;

	for (size_t i = 0; i + 1 < len; i++)
		if (v[i] == '.' && v[i + 1] == '.') {
			dots = v + i;
			break;
		}
	if (dots != NULL) {
		size_t a = (size_t)(dots - v), b = a + 2;
		if (a == len - 2 && a == 0)
			return date_error(p, t, at);
		if (a > 0 && date_span(v, a, &lo, &last) < 0)
			return date_error(p, t, at);
		if (b < len && date_span(v + b, len - b, &first, &hi) < 0)
			return date_error(p, t, at + b);
		if (lo >= 0 && hi >= 0 && lo > hi)
			return syntax_error(p, at,
					    "date:%.*s at column %d ends "
					    "before it starts: put the "
					    "earlier date first",
					    (int)len, v, column(p, at));
	} else if (len > 0 && (v[0] == '>' || v[0] == '<')) {
		k = len > 1 && v[1] == '=' ? 2 : 1;
		if (date_span(v + k, len - k, &first, &last) < 0)
			return date_error(p, t, at + k);
		if (v[0] == '>')
			lo = k == 2 ? first : last + 1;
		else
			hi = k == 2 ? last : first - 1;
	} else {
		return 0;
	}
	n->leaf = L_RANGE;
	n->filter = 1;
	n->nterms = 1;
	if (lo >= 0)
		snprintf(n->lo, sizeof n->lo, "%08ld", lo);
	if (hi >= 0)
		snprintf(n->hi, sizeof n->hi, "%08ld", hi);
	return rc == 0 ? 1 : rc;
}

/* The date term of a date: field: the most specific of D, M and Y. */
static int date_leaf(parser *p, const tok *t, node *n)
{
	char value[DATE_VALUE_MAX + 1], terms[64];
	const char *term = terms;
	int count = 0, rc = date_range(p, t, n);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (t->len <= DATE_VALUE_MAX) {
		memcpy(value, t->text, t->len);
		value[t->len] = '\0';
		count = folio__date_terms(terms, sizeof terms, value);
	}
	if (count <= 0) {
		int shown = (int)folio__utf8_trim(
			t->text, t->len < QUOTE_MAX ? t->len : QUOTE_MAX);
		rc = syntax_error(p, t->start,
				  "date:%.*s%s at column %d expects YYYY, "
				  "YYYY-MM or YYYY-MM-DD, e.g. date:2019, "
				  "date:2019-05 or date:2019-05-23",
				  shown, t->text,
				  (size_t)shown < t->len ? "..." : "",
				  column(p, t->start));
		goto out;
	}
	for (int i = 1; i < count; i++)
		term += strlen(term) + 1;
	n->leaf = L_TERM;
	n->filter = 1;
	n->nterms = 1;
	rc = folio__buf_put(&n->terms, term, strlen(term) + 1);
out:
	return rc;
}

/* A leaf for the current word, phrase or field token. */
static int parse_leaf(parser *p, node **out)
{
	const tok *t = &p->tok;
	node *n = NULL;
	collect c = {NULL, 0, 0, 0};
	int rc = node_new(&n, N_LEAF);

	if (rc < 0)
		goto out;
	n->leaf = t->quoted ? L_PHRASE : L_WORDS;
	n->star = t->star;
	if (t->kind == T_FIELD && strcmp(t->field, "date") == 0) {
		rc = date_leaf(p, t, n);
		c.count = 1;
		goto count;
	}
	if (t->kind == T_FIELD) {
		rc = folio__field_prefix(n->prefix, sizeof n->prefix,
					 t->field);
		if (rc < 0)
			goto out;
		n->title = strcmp(t->field, "title") == 0;
		n->filter = !n->title;
	}

	c.n = n;
	c.room = FOLIO_QUERY_MAX_TERMS - p->nterms;
	rc = folio_analyze(p->analyzer, t->text, t->len, collect_token, &c);
	if (rc > 0 && !c.over)
		rc = 0;
	if (rc < 0)
		goto out;
	/* A word of punctuation only counts too, or a query of a million
	 * dashes would be read to the end. */
	if (c.count == 0)
		c.count = 1;
count:
	if (rc < 0)
		goto out;
	if (c.over || p->nterms + c.count > FOLIO_QUERY_MAX_TERMS) {
		rc = syntax_error(p, t->start,
				  "the query has more than %d words (it "
				  "goes over at column %d): remove some "
				  "words",
				  FOLIO_QUERY_MAX_TERMS, column(p, t->start));
		goto out;
	}
	p->nterms += c.count;
	rc = advance(p);
out:
	if (rc < 0) {
		node_free(n);
		n = NULL;
	}
	*out = n;
	return rc;
}

static int parse_or(parser *p, int depth, context ctx, size_t ctx_at,
		    node **out);
static int parse_near(parser *p, int depth, node **out);

/* primary := '(' or_expr ')' | phrase | field ':' value | word ['*'] */
static int parse_primary(parser *p, int depth, node **out)
{
	size_t open = p->tok.start;
	int rc = 0;

	*out = NULL;
	if (p->tok.kind != T_LPAREN) {
		rc = parse_leaf(p, out);
		goto out;
	}
	if (depth >= FOLIO_QUERY_MAX_DEPTH) {
		rc = syntax_error(p, open,
				  "too many nested parentheses: the '(' at "
				  "column %d is more than %d deep; remove "
				  "some parentheses",
				  column(p, open), FOLIO_QUERY_MAX_DEPTH);
		goto out;
	}
	rc = advance(p);
	if (rc == 0)
		rc = parse_or(p, depth + 1, CTX_LPAREN, open, out);
	if (rc < 0)
		goto out;
	if (p->tok.kind != T_RPAREN) {
		rc = syntax_error(p, open,
				  "missing ')' to close the '(' at column "
				  "%d: add ')' or remove the '('",
				  column(p, open));
		goto out;
	}
	rc = advance(p);
out:
	if (rc < 0) {
		node_free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * unary := ('NOT' | '-' | '+') unary | primary.  A loop, not recursion,
 * so that a query of a million dashes cannot exhaust the stack: an odd
 * number of negations negates.
 */
static int parse_unary(parser *p, int depth, node **out)
{
	int neg = 0, plus = 0, rc = 0;
	tok_kind op = T_END;
	size_t op_at = 0;

	*out = NULL;
	while (p->tok.kind == T_NOT || p->tok.kind == T_MINUS ||
	       p->tok.kind == T_PLUS) {
		op = p->tok.kind;
		op_at = p->tok.start;
		neg ^= op != T_PLUS;
		plus |= op == T_PLUS;
		rc = advance(p);
		if (rc < 0)
			goto out;
	}
	if (op != T_END && !starts_unary(p->tok.kind)) {
		const char *name = op == T_NOT	 ? "NOT"
				   : op == T_MINUS ? "'-'"
						   : "'+'";
		rc = syntax_error(p, op_at,
				  "expected a word after %s at column %d: "
				  "put a word, a phrase or a group after it, "
				  "or remove it",
				  name, column(p, op_at));
		goto out;
	}
	rc = parse_primary(p, depth, out);
	if (rc == 0) {
		(*out)->neg = neg;
		(*out)->plus = plus && !neg;
	}
out:
	return rc;
}

/* The words of a leaf: its tokens less their ALT forms. */
static size_t leaf_words(const node *n)
{
	size_t k = 0;
	for (size_t i = 0; i < n->nterms; i++)
		k += n->info == NULL || !(n->info[i].flags & FOLIO_TOKEN_ALT);
	return k;
}

/* An operand of NEAR or ADJ must be one word (positions are kept for
 * words, not for stems, groups or filters). */
static int near_operand(parser *p, const node *n, size_t at,
			const char *op)
{
	if (n->kind == N_LEAF && !n->neg && !n->star && !n->filter &&
	    n->leaf != L_TERM && n->leaf != L_RANGE && leaf_words(n) == 1)
		return 0;
	return syntax_error(p, at,
			    "%s joins single words, but column %d has %s: "
			    "write word %s/n word, and put phrases, groups, "
			    "fields or -words beside it",
			    op, column(p, at),
			    n->kind != N_LEAF ? "a group"
			    : n->neg	  ? "a negated word"
			    : n->star	  ? "a prefix*"
			    : leaf_words(n) != 1 ? "several words"
					     : "a field filter",
			    op);
}

/*
 * near_expr := unary (('NEAR' | 'ADJ') unary)*: binds tighter than AND.
 * A chain takes the largest window given in it, and must not mix NEAR
 * with ADJ.
 */
static int parse_near(parser *p, int depth, node **out)
{
	node *first = NULL, *near = NULL, *kid = NULL;
	size_t at = p->tok.start;
	int rc = parse_unary(p, depth, &first);

	if (rc < 0 || p->tok.kind != T_NEAR)
		goto out;
	rc = node_new(&near, N_NEAR);
	if (rc == 0) {
		near->ordered = p->tok.ordered;
		rc = near_operand(p, first, at, near->ordered ? "ADJ" : "NEAR");
	}
	if (rc == 0) {
		rc = node_add(near, first);
		first = NULL;
	}
	while (rc == 0 && p->tok.kind == T_NEAR) {
		const char *op = near->ordered ? "ADJ" : "NEAR";
		size_t op_at = p->tok.start;
		if (p->tok.ordered != near->ordered) {
			rc = syntax_error(p, op_at,
					  "NEAR and ADJ cannot be chained "
					  "together (column %d): use "
					  "parentheses and AND, as in (a NEAR "
					  "b) AND (b ADJ c)",
					  column(p, op_at));
			break;
		}
		if (p->tok.window > near->window)
			near->window = p->tok.window;
		rc = advance(p);
		if (rc == 0 && !starts_unary(p->tok.kind))
			rc = syntax_error(p, op_at,
					  "expected a word after %s at column "
					  "%d: %s goes between two words",
					  op, column(p, op_at), op);
		if (rc < 0)
			break;
		at = p->tok.start;
		rc = parse_unary(p, depth, &kid);
		if (rc == 0)
			rc = near_operand(p, kid, at, op);
		if (rc == 0) {
			rc = node_add(near, kid);
			kid = NULL;
		}
	}
out:
	node_free(kid);
	if (rc < 0) {
		node_free(first);
		node_free(near);
		*out = NULL;
	} else {
		*out = near ? near : first;
	}
	return rc;
}

/* The error for an and_expr that has no first word. */
static int missing_word(parser *p, context ctx, size_t ctx_at)
{
	const tok *t = &p->tok;

	if (ctx == CTX_OR)
		return syntax_error(p, ctx_at,
				    "expected a word after OR at column %d: "
				    "OR goes between two words; add one or "
				    "remove the OR",
				    column(p, ctx_at));
	if (t->kind == T_NEAR)
		return syntax_error(p, t->start,
				    "expected a word before %s at column %d: "
				    "%s goes between two words, as in "
				    "\"huawei %s/3 ban\"",
				    t->ordered ? "ADJ" : "NEAR",
				    column(p, t->start),
				    t->ordered ? "ADJ" : "NEAR",
				    t->ordered ? "ADJ" : "NEAR");
	if (t->kind == T_AND || t->kind == T_OR)
		return syntax_error(p, t->start,
				    "expected a word before %s at column "
				    "%d: %s goes between two words; add one "
				    "or remove the %s",
				    t->kind == T_AND ? "AND" : "OR",
				    column(p, t->start),
				    t->kind == T_AND ? "AND" : "OR",
				    t->kind == T_AND ? "AND" : "OR");
	if (ctx == CTX_LPAREN && t->kind == T_RPAREN)
		return syntax_error(p, ctx_at,
				    "empty parentheses at column %d: put "
				    "words between them or remove them",
				    column(p, ctx_at));
	if (ctx == CTX_LPAREN)
		return syntax_error(p, ctx_at,
				    "missing ')' to close the '(' at column "
				    "%d: add ')' or remove the '('",
				    column(p, ctx_at));
	if (t->kind == T_RPAREN)
		return syntax_error(p, t->start,
				    "unexpected ')' at column %d: remove it "
				    "or add a '(' before it",
				    column(p, t->start));
	/* Not at any one place: column 0, as for errors without one. */
	return folio__error_set_column(FOLIO_EQUERY, 0,
				       "the query is empty: type some words "
				       "to search for");
}

/* Replace *slot by an AND group holding it: in a default-OR list,
 * "a AND b" must require both. */
static int make_group(node **slot)
{
	node *group = NULL;
	int rc = node_new(&group, N_LIST);

	if (rc < 0)
		goto out;
	group->kids = malloc(4 * sizeof *group->kids);
	if (group->kids == NULL) {
		free(group);
		rc = folio__error_oom();
		goto out;
	}
	group->cap = 4;
	group->kids[group->nkids++] = *slot;
	group->all_required = 1;
	group->joined = 1;
	*slot = group;
out:
	return rc;
}

/*
 * and_expr := unary (['AND'] unary)*.  Side by side, unaries are ANDed,
 * or ORed when the default is OR; there an explicit "a AND b" still
 * requires both, so it is kept as a group of its own.
 */
static int parse_and(parser *p, int depth, context ctx, size_t ctx_at,
		     node **out)
{
	node *list = NULL, *kid = NULL;
	int rc;

	*out = NULL;
	if (!starts_unary(p->tok.kind)) {
		rc = missing_word(p, ctx, ctx_at);
		goto out;
	}
	rc = node_new(&list, N_LIST);
	if (rc < 0)
		goto out;
	list->all_required = !p->default_or;
	rc = parse_near(p, depth, &kid);
	if (rc == 0)
		rc = node_add(list, kid);
	while (rc == 0) {
		int joined = 0;
		if (p->tok.kind == T_AND) {
			size_t at = p->tok.start;
			rc = advance(p);
			if (rc < 0)
				break;
			if (!starts_unary(p->tok.kind)) {
				rc = syntax_error(p, at,
						  "expected a word after AND "
						  "at column %d: AND goes "
						  "between two words; add "
						  "one or remove the AND",
						  column(p, at));
				break;
			}
			joined = p->default_or;
		} else if (!starts_unary(p->tok.kind)) {
			break;
		}
		rc = parse_near(p, depth, &kid);
		if (rc < 0)
			break;
		if (joined) {
			node **last = &list->kids[list->nkids - 1];
			if (!(*last)->joined)
				rc = make_group(last);
			if (rc < 0) {
				node_free(kid);
				break;
			}
			rc = node_add(*last, kid);
		} else {
			rc = node_add(list, kid);
		}
	}
	if (rc < 0)
		goto out;
	/* One positive unary needs no list around it. */
	if (list->nkids == 1 && !list->kids[0]->neg) {
		*out = list->kids[0];
		list->nkids = 0;
	} else {
		*out = list;
		list = NULL;
	}
out:
	node_free(list);
	return rc;
}

/* or_expr := and_expr ('OR' and_expr)* */
static int parse_or(parser *p, int depth, context ctx, size_t ctx_at,
		    node **out)
{
	node *first = NULL, *list = NULL, *kid = NULL;
	int rc = parse_and(p, depth, ctx, ctx_at, &first);

	if (rc < 0 || p->tok.kind != T_OR)
		goto out;
	rc = node_new(&list, N_OR);
	if (rc < 0)
		goto out;
	rc = node_add(list, first);
	first = NULL;
	while (rc == 0 && p->tok.kind == T_OR) {
		size_t at = p->tok.start;
		rc = advance(p);
		if (rc == 0)
			rc = parse_and(p, depth, CTX_OR, at, &kid);
		if (rc == 0)
			rc = node_add(list, kid);
	}
out:
	if (rc < 0) {
		node_free(first);
		node_free(list);
		*out = NULL;
	} else {
		*out = list ? list : first;
	}
	return rc;
}

/* ================================================================== */
/* From the tree to a Xapian query                                     */
/* ================================================================== */

static void free_all(folio__xq **qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		folio__xq_free(qs[i]);
		qs[i] = NULL;
	}
}

/*
 * Combine the n queries in qs with op into *out, and free them (the
 * shim's combine does not consume its inputs).  One query is taken as it
 * is and none gives NULL, which the callers read as "nothing here".
 */
static int combine(folio__xq **out, folio__xq_op op, folio__xq **qs,
		   size_t n, uint32_t window)
{
	int rc = 0;

	*out = NULL;
	if (n == 1) {
		*out = qs[0];
		qs[0] = NULL;
	} else if (n > 1) {
		rc = folio__xq_combine(out, op, qs, n, window);
	}
	free_all(qs, n);
	return rc;
}

/* Make the term prefix + s (len bytes) in p->scratch. */
static int make_term(parser *p, const char *prefix, const char *s,
		     size_t len)
{
	folio__buf_clear(&p->scratch);
	int rc = folio__buf_puts(&p->scratch, prefix);
	if (rc == 0)
		rc = folio__buf_put(&p->scratch, s, len);
	return rc;
}

/* The query for one word of a leaf as a stem: "Z" + stem ("ZS" + stem
 * for the title), or the word itself where the index keeps no stems
 * (language "none") or for a filter, whose words are not stemmed. */
static int stem_query(parser *p, const node *n, const char *term,
		      const char *stem, folio__xq **out)
{
	folio__xq *qs[2] = {NULL, NULL};
	char other[256];
	int rc;

	if (n->filter || !p->stemming) {
		rc = make_term(p, n->prefix, term, strlen(term));
	} else {
		rc = make_term(p, FOLIO__PREFIX_STEM, n->prefix,
			       strlen(n->prefix));
		if (rc == 0)
			rc = folio__buf_puts(&p->scratch, stem);
	}
	if (rc == 0)
		rc = folio__xq_term(out, p->scratch.ptr, p->scratch.len, 1,
				    0);
	/* Documents in other languages have their words stemmed in theirs:
	 * the word's stem in each of those counts as the same word. */
	for (size_t i = 0; rc == 0 && !n->filter && p->stemming &&
			   i < p->db->ndoc_languages;
	     i++) {
		size_t len = 0;
		rc = folio__xstem_apply(p->db->doc_languages[i].stemmer, term,
					strlen(term), other, sizeof other,
					&len);
		if (rc < 0 || strcmp(other, stem) == 0)
			continue;
		rc = make_term(p, FOLIO__PREFIX_STEM, n->prefix,
			       strlen(n->prefix));
		if (rc == 0)
			rc = folio__buf_put(&p->scratch, other, len);
		if (rc == 0)
			rc = folio__xq_term(&qs[1], p->scratch.ptr,
					    p->scratch.len, 1, 0);
		qs[0] = *out;
		*out = NULL;
		if (rc == 0)
			rc = combine(out, FOLIO__XQ_SYNONYM, qs, 2, 0);
		free_all(qs, 2);
	}
	return rc;
}

/* OR bonus (consumed) into *all (NULL for none yet). */
static int add_bonus(folio__xq **all, folio__xq **bonus)
{
	folio__xq *pair[2] = {*all, *bonus};

	if (*bonus == NULL)
		return 0;
	*all = *bonus = NULL;
	return combine(all, FOLIO__XQ_OR, pair[0] ? pair : pair + 1,
		       pair[0] ? 2 : 1, 0);
}

/*
 * Add to *q, the query of one word (its stem), the bonuses that rank
 * better matches of the word first: the word in the form typed
 * ("pressured", not only "pressure"), and its stem in the title.  They
 * only add to the score of documents *q matches.  With p->lift_words
 * they go to the query's ranking bonuses instead: a document holding
 * either term holds the word's stem (the title is indexed as text too),
 * so there too they add to the score of those documents only.
 */
static int word_bonus(parser *p, const node *n, const char *term,
		      const char *stem, folio__xq **q)
{
	folio__xq *bonus[2] = {NULL, NULL}, *both = NULL;
	size_t nb = 0;
	int rc = 0;

	if (p->bare)
		return 0;
	if (p->stemming) {
		rc = make_term(p, n->prefix, term, strlen(term));
		if (rc == 0)
			rc = folio__xq_term_bonus(&bonus[nb++], p->scratch.ptr,
						  p->scratch.len, EXACT_BONUS);
	}
	if (rc == 0 && !n->title) {
		if (p->stemming)
			rc = make_term(p, FOLIO__PREFIX_STEM
				       FOLIO__PREFIX_TITLE, stem,
				       strlen(stem));
		else
			rc = make_term(p, FOLIO__PREFIX_TITLE, term,
				       strlen(term));
		if (rc == 0)
			rc = folio__xq_term_bonus(&bonus[nb++], p->scratch.ptr,
						  p->scratch.len, TITLE_BONUS);
	}
	if (rc == 0)
		rc = combine(&both, FOLIO__XQ_OR, bonus, nb, 0);
	if (rc == 0 && p->lift_words) {
		p->nwords += both != NULL;
		rc = add_bonus(&p->words, &both);
	} else if (rc == 0 && both != NULL) {
		folio__xq *pair[2] = {*q, both};
		*q = both = NULL;
		rc = combine(q, FOLIO__XQ_AND_MAYBE, pair, 2, 0);
	}
	free_all(bonus, 2);
	folio__xq_free(both);
	return rc;
}

/* A positional term prefix + term, for a phrase (pos > 0) or alone. */
static int raw_query(parser *p, const node *n, const char *term,
		     uint32_t pos, folio__xq **out)
{
	int rc = make_term(p, n->prefix, term, strlen(term));
	if (rc == 0)
		rc = folio__xq_term(out, p->scratch.ptr, p->scratch.len, 1,
				    pos);
	return rc;
}

/* The strings and details of a leaf's tokens, gathered for building. */
typedef struct leaf_tokens {
	const char **terms, **stems;
	size_t *base; /* indexes of the base tokens (not ALT), in order */
	size_t nbase;
} leaf_tokens;

static int gather(const node *n, leaf_tokens *lt)
{
	const char *s = n->terms.ptr;
	size_t k = n->nterms;

	lt->terms = calloc(k, sizeof *lt->terms);
	lt->stems = calloc(k, sizeof *lt->stems);
	lt->base = calloc(k, sizeof *lt->base);
	lt->nbase = 0;
	if (!lt->terms || !lt->stems || !lt->base)
		return folio__error_oom();
	for (size_t i = 0; i < k; i++) {
		lt->terms[i] = s;
		lt->stems[i] = s + strlen(s) + 1;
		s = lt->stems[i] + strlen(lt->stems[i]) + 1;
		if (!(n->info[i].flags & FOLIO_TOKEN_ALT))
			lt->base[lt->nbase++] = i;
	}
	return 0;
}

static void ungather(leaf_tokens *lt)
{
	free(lt->terms);
	free(lt->stems);
	free(lt->base);
}

/* The ALT token of kind flags spanning positions [from, from + span), or
 * -1: a pair of CJK characters, or a whole compound ("email"). */
static long find_alt(const node *n, uint32_t from, uint32_t span,
		     unsigned int flags)
{
	for (size_t i = 0; i < n->nterms; i++) {
		const tokinfo *t = &n->info[i];
		if ((t->flags & FOLIO_TOKEN_ALT) && t->position == from &&
		    t->span == span &&
		    !(t->flags & FOLIO_TOKEN_NGRAM) ==
			    !(flags & FOLIO_TOKEN_NGRAM))
			return (long)i;
	}
	return -1;
}

/*
 * A run of Chinese or Japanese characters: one character is its term; a
 * longer run is the exact phrase of its pairs of characters, which
 * matches wherever the run occurs, word or not.  Where ICU's dictionary
 * made the run a word in a document, that document ranks higher (the
 * word's stem, as a bonus).  Returns 1 (with *out set) if the leaf is
 * such a run, 0 if it is not, or a FOLIO_E* code.
 */
static int cjk_leaf(parser *p, folio_query *query, const node *n,
		    const leaf_tokens *lt, int note, folio__xq **out)
{
	folio__xq **qs = NULL, *pair[2] = {NULL, NULL};
	folio__buf run = FOLIO__BUF_INIT;
	size_t nb = lt->nbase, i;
	long *pairs = NULL;
	int rc = 0;

	/* No characters: no run (and no pairs to count below). */
	if (nb == 0)
		return 0;
	for (i = 0; i < nb; i++)
		if (!(n->info[lt->base[i]].flags & FOLIO_TOKEN_NGRAM))
			return 0;
	if (nb == 1) {
		rc = raw_query(p, n, lt->terms[lt->base[0]], 0, out);
		if (rc == 0 && note)
			rc = folio__termset_add(&query->words,
						lt->terms[lt->base[0]],
						strlen(lt->terms[lt->base[0]]));
		return rc < 0 ? rc : 1;
	}
	pairs = calloc(nb - 1, sizeof *pairs);
	if (pairs == NULL)
		return folio__error_oom();
	for (i = 0; i + 1 < nb; i++) {
		pairs[i] = find_alt(n, n->info[lt->base[i]].position, 2,
				    FOLIO_TOKEN_NGRAM);
		/* Characters that do not touch (a space between them) are
		 * not one run: the leaf is an ordinary phrase. */
		if (pairs[i] < 0 ||
		    n->info[lt->base[i + 1]].position !=
			    n->info[lt->base[i]].position + 1)
			goto out;
	}
	qs = calloc(nb - 1, sizeof *qs);
	if (qs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	for (i = 0; rc == 0 && i + 1 < nb; i++) {
		const char *t = lt->terms[pairs[i]];
		rc = raw_query(p, n, t, nb > 2 ? (uint32_t)i + 1 : 0, &qs[i]);
		if (rc == 0 && note)
			rc = folio__termset_add(&query->words, t, strlen(t));
	}
	if (rc == 0)
		rc = combine(&pair[0], FOLIO__XQ_PHRASE, qs, nb - 1, 0);
	for (i = 0; rc == 0 && i < nb; i++)
		rc = folio__buf_puts(&run, lt->terms[lt->base[i]]);
	if (rc == 0 && p->stemming && !n->filter && n->leaf == L_WORDS)
		rc = stem_query(p, n, run.ptr, run.ptr, &pair[1]);
	if (rc == 0 && pair[1] != NULL)
		rc = combine(out, FOLIO__XQ_AND_MAYBE, pair, 2, 0);
	else if (rc == 0) {
		*out = pair[0];
		pair[0] = NULL;
	}
	if (rc == 0)
		rc = 1;
out:
	if (qs)
		free_all(qs, nb - 1);
	free(qs);
	free_all(pair, 2);
	free(pairs);
	folio__buf_free(&run);
	return rc;
}

/*
 * Words in order, as a phrase of their exact forms: a quoted phrase, or
 * one typed word the analyzer split ("e-mail", "LG유플러스").  When the
 * analyzer also gave a form of the whole ("email"), a document with
 * that exact form matches too; the two are scored as one term (a
 * synonym), or a hyphenated word would weigh twice as much as another
 * (it cost 2% of nDCG@10 on Cranfield).
 */
static int phrase_leaf(parser *p, folio_query *query, const node *n,
		       const leaf_tokens *lt, int note, folio__xq **out)
{
	folio__xq **qs = NULL, *either[2] = {NULL, NULL};
	size_t nb = lt->nbase, i;
	uint32_t first = n->info[lt->base[0]].position;
	uint32_t span = n->info[lt->base[nb - 1]].position - first + 1;
	long alt = nb > 1 ? find_alt(n, first, span, 0) : -1;
	int rc = 0;

	qs = calloc(nb, sizeof *qs);
	if (qs == NULL)
		return folio__error_oom();
	for (i = 0; rc == 0 && i < nb; i++) {
		const char *t = lt->terms[lt->base[i]];
		/* Positions matter only within a phrase. */
		rc = raw_query(p, n, t, nb > 1 ? (uint32_t)i + 1 : 0, &qs[i]);
		if (rc == 0 && note)
			rc = folio__termset_add(&query->words, t, strlen(t));
	}
	if (rc == 0)
		rc = combine(&either[0], FOLIO__XQ_PHRASE, qs, nb, 0);
	/* The whole's exact form, not its stem: the stem of a joined word
	 * may be some other word ("maile" stems to "mail"). */
	if (rc == 0 && alt >= 0) {
		rc = raw_query(p, n, lt->terms[alt], 0, &either[1]);
		if (rc == 0 && note)
			rc = folio__termset_add(&query->words, lt->terms[alt],
						strlen(lt->terms[alt]));
	}
	if (rc == 0 && either[1] != NULL) {
		rc = combine(out, FOLIO__XQ_SYNONYM, either, 2, 0);
	} else if (rc == 0) {
		*out = either[0];
		either[0] = NULL;
	}
	free_all(qs, nb);
	free(qs);
	free_all(either, 2);
	return rc;
}

/* Words before a prefix* are ANDed as words; the last is the prefix. */
static int prefix_leaf(parser *p, folio_query *query, const node *n,
		       const leaf_tokens *lt, int note, folio__xq **out)
{
	folio__xq **qs = NULL;
	size_t nb = lt->nbase, i;
	int rc = 0;

	qs = calloc(nb, sizeof *qs);
	if (qs == NULL)
		return folio__error_oom();
	for (i = 0; rc == 0 && i < nb; i++) {
		const char *term = lt->terms[lt->base[i]];
		const char *stem = lt->stems[lt->base[i]];
		if (i + 1 == nb) {
			rc = make_term(p, n->prefix, term, strlen(term));
			if (rc == 0)
				rc = folio__xq_wildcard(
					&qs[i], p->scratch.ptr, p->scratch.len,
					FOLIO_QUERY_MAX_EXPANSION);
			if (rc == 0 && note)
				rc = folio__termset_add(&query->prefixes, term,
							strlen(term));
		} else {
			rc = stem_query(p, n, term, stem, &qs[i]);
			if (rc == 0 && note)
				rc = folio__termset_add(&query->stems, stem,
							strlen(stem));
		}
	}
	if (rc == 0)
		rc = combine(out, FOLIO__XQ_AND, qs, nb, 0);
	free_all(qs, nb);
	free(qs);
	return rc;
}

/*
 * Build a leaf.  A snippet highlights what a plain positive leaf found:
 * the stems of single words, the exact words of phrases, the pairs of
 * CJK runs, the prefixes of prefix* words.  Title words matched the
 * title, not the body a snippet is cut from, and filters do not rank,
 * so neither is noted.
 */
static int build_leaf(parser *p, folio_query *query, const node *n,
		      int negated, folio__xq **out)
{
	folio__xq *q = NULL;
	leaf_tokens lt = {NULL, NULL, NULL, 0};
	int note = !negated && !n->filter && !n->title;
	int rc = 0;

	*out = NULL;
	if (n->nterms == 0)
		goto out;
	if (n->leaf == L_TERM) {
		rc = folio__xq_term(&q, n->terms.ptr, strlen(n->terms.ptr), 1,
				    0);
		goto done;
	}
	if (n->leaf == L_RANGE) {
		rc = folio__xq_value_range(&q, FOLIO__VALUE_DATE,
					   n->lo[0] ? n->lo : NULL,
					   n->hi[0] ? n->hi : NULL);
		goto done;
	}
	rc = gather(n, &lt);
	if (rc < 0 || lt.nbase == 0)
		goto out;
	if (n->star) {
		rc = prefix_leaf(p, query, n, &lt, note, &q);
	} else if (lt.nbase == 1 && n->leaf == L_WORDS &&
		   !(n->info[lt.base[0]].flags & FOLIO_TOKEN_NGRAM)) {
		const char *stem = lt.stems[lt.base[0]];
		rc = stem_query(p, n, lt.terms[lt.base[0]], stem, &q);
		if (rc == 0 && !n->filter && !negated)
			rc = word_bonus(p, n, lt.terms[lt.base[0]], stem, &q);
		if (rc == 0 && note)
			rc = folio__termset_add(&query->stems, stem,
						strlen(stem));
	} else {
		rc = cjk_leaf(p, query, n, &lt, note, &q);
		if (rc == 0)
			rc = phrase_leaf(p, query, n, &lt, note, &q);
		else if (rc > 0)
			rc = 0;
	}
done:
	if (rc == 0 && q != NULL && n->filter) {
		/* A filter selects documents; the scores stay the words'. */
		rc = folio__xq_scale(out, q, 0.0);
		goto out;
	}
	if (rc == 0) {
		*out = q;
		q = NULL;
	}
out:
	ungather(&lt);
	folio__xq_free(q);
	return rc;
}

static int build(parser *p, folio_query *query, const node *n, int negated,
		 folio__xq **out);
static int build_near(parser *p, folio_query *query, const node *n,
		      int negated, folio__xq **out);

/* 1 if n is one word as typed: no field, no '*', no '+' or '-'. */
static int plain_word(const node *n)
{
	return n->kind == N_LEAF && n->leaf == L_WORDS && leaf_words(n) == 1 &&
	       !n->star && !n->filter && !n->title && !n->neg &&
	       n->prefix[0] == '\0';
}

/* 1 if n is a plain word that is a stopword of the index's language. */
static int stopword_leaf(const parser *p, const node *n)
{
	return plain_word(n) && !n->plus &&
	       folio__is_stopword(p->language, n->terms.ptr,
				  strlen(n->terms.ptr));
}

/* q AND_NOT the OR of the negatives; everything AND_NOT them if there
 * is no q: "-china" alone means every document without china. */
static int subtract(folio__xq **out, folio__xq *q, folio__xq **negs,
		    size_t nneg)
{
	folio__xq *pair[2] = {q, NULL};
	int rc = combine(&pair[1], FOLIO__XQ_OR, negs, nneg, 0);

	*out = NULL;
	if (rc == 0 && pair[1] == NULL) {
		*out = q;
		return 0;
	}
	if (rc == 0 && pair[0] == NULL)
		rc = folio__xq_match_all(&pair[0]);
	if (rc == 0)
		rc = combine(out, FOLIO__XQ_AND_NOT, pair, 2, 0);
	free_all(pair, 2);
	return rc;
}

/*
 * The bonus for the plain words of list n found near each other: each
 * two words next to each other in the query (stopwords skipped) count
 * when they occur within NEAR_BONUS_WINDOW positions in the text, in the
 * forms typed.  *out is NULL when n has fewer than two such words.
 */
static int near_bonus(parser *p, const node *n, int drop_stopwords,
		      folio__xq **out)
{
	folio__xq **qs = NULL;
	const node *prev = NULL;
	size_t count = 0;
	int rc = 0;

	*out = NULL;
	if (n->nkids < 2 || !p->stemming)
		goto out;
	qs = calloc(n->nkids, sizeof *qs);
	if (qs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < n->nkids; i++) {
		const node *kid = n->kids[i];
		if (!plain_word(kid) ||
		    (drop_stopwords && stopword_leaf(p, kid)))
			continue;
		if (prev != NULL)
			rc = folio__xq_near_pair(&qs[count++], prev->terms.ptr,
						 kid->terms.ptr,
						 NEAR_BONUS_WINDOW, NEAR_BONUS);
		prev = kid;
	}
	if (rc == 0)
		rc = combine(out, FOLIO__XQ_OR, qs, count, 0);
out:
	if (qs)
		free_all(qs, n->nkids);
	free(qs);
	return rc;
}

/* Restrict *q to the documents all n filters (consumed) match; with
 * no *q, the filters alone. */
static int restrict_to(folio__xq **q, folio__xq **filters, size_t n)
{
	folio__xq *pair[2] = {*q, NULL};
	int rc = combine(&pair[1], FOLIO__XQ_AND, filters, n, 0);

	*q = NULL;
	if (rc == 0 && pair[0] == NULL) {
		*q = pair[1];
		return 0;
	}
	if (rc == 0)
		rc = combine(q, FOLIO__XQ_FILTER, pair, 2, 0);
	free_all(pair, 2);
	return rc;
}

/*
 * The coordination bonus for list n (its positive words and lists, m
 * of them): all of them at once.  They are built again without their
 * own bonuses: a document with every word gains the words' weights
 * once more, not their bonuses, which would be two more posting lists
 * per word for the matcher to read ("disables OR sizes" on 528 MB:
 * twelve).
 */
static int coordination(parser *p, folio_query *query, const node *n,
			int negated, int drop_stopwords, folio__xq **out)
{
	folio__xq **qs = calloc(n->nkids, sizeof *qs), *all = NULL;
	size_t count = 0;
	int rc = 0, bare = p->bare;

	*out = NULL;
	if (qs == NULL)
		return folio__error_oom();
	p->bare = 1;
	for (size_t i = 0; rc == 0 && i < n->nkids; i++) {
		const node *kid = n->kids[i];
		if (kid->neg || (kid->filter && kid->kind == N_LEAF) ||
		    (drop_stopwords && stopword_leaf(p, kid)))
			continue;
		rc = build(p, query, kid, negated, &qs[count]);
		if (rc == 0 && qs[count] != NULL)
			count++;
	}
	p->bare = bare;
	if (rc == 0)
		rc = combine(&all, FOLIO__XQ_AND, qs, count, 0);
	if (rc == 0 && all != NULL)
		rc = folio__xq_scale(out, all, COORD_BONUS);
	folio__xq_free(all);
	free_all(qs, n->nkids);
	free(qs);
	return rc;
}

/*
 * Build a list: positives ANDed (or, with the default OR, the '+' ones
 * required and the others only adding to the score), negatives taken
 * away with AND_NOT.  Stopwords among other words are left out: they
 * would rank nothing and, required, could make the query impossible;
 * a list of stopwords only keeps them ("to be or not to be").  Plain
 * words near each other rank higher (near_bonus): that bonus goes to
 * p->near, for build_top to add.
 */
static int build_list(parser *p, folio_query *query, const node *n,
		      int negated, folio__xq **out)
{
	folio__xq **qs = NULL, **req, **opt, **neg, *x = NULL;
	folio__xq *pair[2] = {NULL, NULL}, *pos = NULL, *near = NULL;
	folio__xq *coord = NULL, **fil;
	/* req, opt, neg and fil are four slices of qs, m queries each. */
	size_t nreq = 0, nopt = 0, nneg = 0, nfil = 0, m = n->nkids;
	int rc = 0, drop_stopwords = 0;

	*out = NULL;
	for (size_t i = 0; i < m; i++)
		if (!n->kids[i]->neg && !stopword_leaf(p, n->kids[i]))
			drop_stopwords = 1;
	qs = calloc(4 * m, sizeof *qs);
	if (qs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	req = qs;
	opt = qs + m;
	neg = qs + 2 * m;
	fil = qs + 3 * m;
	for (size_t i = 0; rc == 0 && i < m; i++) {
		const node *kid = n->kids[i];
		if (drop_stopwords && stopword_leaf(p, kid))
			continue;
		rc = build(p, query, kid, negated || kid->neg, &x);
		if (rc < 0 || x == NULL)
			continue;
		if (kid->neg)
			neg[nneg++] = x;
		else if (kid->filter && kid->kind == N_LEAF)
			fil[nfil++] = x; /* filters in any mode */
		else if (n->all_required || kid->plus)
			req[nreq++] = x;
		else
			opt[nopt++] = x;
	}
	if (rc == 0 && nopt > 0 && nreq + nopt >= 2)
		rc = coordination(p, query, n, negated, drop_stopwords,
				  &coord);
	if (rc == 0)
		rc = combine(&pair[0], FOLIO__XQ_AND, req, nreq, 0);
	if (rc == 0)
		rc = combine(&pair[1], FOLIO__XQ_OR, opt, nopt, 0);
	if (rc == 0 && coord != NULL) {
		folio__xq *maybe[2] = {pair[1], coord};
		pair[1] = coord = NULL;
		rc = combine(&pair[1], FOLIO__XQ_AND_MAYBE, maybe, 2, 0);
	}
	if (rc == 0 && pair[0] != NULL && pair[1] != NULL)
		rc = combine(&pos, FOLIO__XQ_AND_MAYBE, pair, 2, 0);
	else if (rc == 0)
		rc = combine(&pos, FOLIO__XQ_OR, pair[0] ? pair : pair + 1,
			     1, 0);
	if (rc == 0 && pos != NULL && !negated && n->all_required &&
	    !p->bare)
		rc = near_bonus(p, n, drop_stopwords, &near);
	if (rc == 0 && nfil > 0)
		rc = restrict_to(&pos, fil, nfil);
	if (rc == 0)
		rc = add_bonus(&p->near, &near);
	if (rc < 0)
		goto out;
	if (nneg > 0) {
		rc = subtract(out, pos, neg, nneg);
		pos = NULL;
	} else {
		*out = pos;
		pos = NULL;
	}
out:
	if (qs)
		free_all(qs, 4 * m);
	free(qs);
	free_all(pair, 2);
	folio__xq_free(pos);
	folio__xq_free(near);
	folio__xq_free(coord);
	return rc;
}

/*
 * Build an OR: each side on its own.  A negated side is never a bare
 * leaf here (parse_and keeps it in a list of its own), so "a OR -b" is
 * a OR (everything without b), as build_list makes it.
 */
static int build_or(parser *p, folio_query *query, const node *n,
		    int negated, folio__xq **out)
{
	folio__xq **qs = NULL, *x = NULL;
	size_t count = 0;
	int rc = 0;

	*out = NULL;
	qs = calloc(n->nkids, sizeof *qs);
	if (qs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < n->nkids; i++) {
		rc = build(p, query, n->kids[i], negated, &x);
		if (rc == 0 && x != NULL)
			qs[count++] = x;
	}
	if (rc == 0)
		rc = combine(out, FOLIO__XQ_OR, qs, count, 0);
out:
	if (qs)
		free_all(qs, n->nkids);
	free(qs);
	return rc;
}

/*
 * Build NEAR/n (any order) or ADJ/n (in order) over the words' folded
 * forms, which keep positions.  Xapian's window counts the words
 * themselves too: n words between k words is a window of n + k.
 */
static int build_near(parser *p, folio_query *query, const node *n,
		      int negated, folio__xq **out)
{
	folio__xq **qs = calloc(n->nkids, sizeof *qs);
	int rc = 0;

	*out = NULL;
	if (qs == NULL)
		return folio__error_oom();
	for (size_t i = 0; rc == 0 && i < n->nkids; i++) {
		const node *kid = n->kids[i];
		const char *term = kid->terms.ptr;
		rc = make_term(p, kid->prefix, term, strlen(term));
		if (rc == 0)
			rc = folio__xq_term(&qs[i], p->scratch.ptr,
					    p->scratch.len, 1,
					    (uint32_t)i + 1);
		if (rc == 0 && !negated && !kid->title)
			rc = folio__termset_add(&query->words, term,
						strlen(term));
	}
	if (rc == 0)
		rc = combine(out,
			     n->ordered ? FOLIO__XQ_PHRASE : FOLIO__XQ_NEAR,
			     qs, n->nkids,
			     (uint32_t)(n->window + n->nkids));
	free_all(qs, n->nkids);
	free(qs);
	return rc;
}

/* Build node n; *out is NULL when n holds no word (only punctuation). */
static int build(parser *p, folio_query *query, const node *n, int negated,
		 folio__xq **out)
{
	switch (n->kind) {
	case N_LEAF:
		return build_leaf(p, query, n, negated, out);
	case N_LIST:
		return build_list(p, query, n, negated, out);
	case N_OR:
		return build_or(p, query, n, negated, out);
	case N_NEAR:
		return build_near(p, query, n, negated, out);
	}
	*out = NULL;
	return folio__error_set(FOLIO_ERROR, "unknown query node");
}

/*
 * Build tree into *xq, with the ranking bonuses of its words and the near
 * bonus of its lists added at the top, into *plain the same query
 * without them and into *bonus the bonuses (both NULL when there are
 * none).  folio_db_search ranks with *plain, and adds the bonuses to the
 * first *window hits only (rescore.c).  Inside the query, the matcher
 * would read the near bonus's position lists in every document with the
 * words, and two more posting lists per word for every match: "linux
 * direction" took 2.8 ms on 528 MB, 1.7 so; "disables OR sizes" 2.3
 * ms, 1.3.  A bonus is a sum, so where in the tree it is added changes
 * no score: a document the bonus finds has the word or the words of its
 * list.
 *
 * A single word keeps its bonuses (the tree is built again for that):
 * ranked with them, once the page's hits score more than the word
 * alone can, Xapian's matcher reads only the documents with a bonus
 * term ("value": 0.9 ms, and 1.5 with its bonuses scored on the first
 * hits).
 */
static int build_top(parser *p, folio_query *query, const node *tree,
		     folio__xq **xq, folio__xq **plain, folio__xq **bonus,
		     size_t *window)
{
	int rc = 0;

	*plain = *bonus = *xq = NULL;
	*window = 0;
	for (int lift = 1; rc == 0 && lift >= 0; lift--) {
		folio__xq_free(*xq);
		folio__xq_free(p->near);
		folio__xq_free(p->words);
		p->near = p->words = *xq = NULL;
		p->lift_words = lift;
		p->nwords = 0;
		rc = build(p, query, tree, 0, xq);
		/* Again only for a single word's bonuses: not to expand a
		 * wildcard twice where there is nothing to put back. */
		if (p->near != NULL || p->nwords != 1)
			break;
	}
	if (rc == 0 && *xq != NULL && (p->near != NULL || p->words != NULL)) {
		/* Each on the right of an AND_MAYBE of its own: ORed with
		 * the words' bonuses, Xapian 1.4 gave the near bonus to a
		 * document whose words were far apart. */
		folio__xq *with[2] = {*xq, p->words}, *words = NULL;
		*plain = *xq;
		*xq = NULL;
		rc = folio__xq_combine(&words, FOLIO__XQ_AND_MAYBE, with,
				       p->words ? 2 : 1, 0);
		if (rc == 0 && p->near != NULL) {
			folio__xq *near[2] = {words, p->near};
			rc = folio__xq_combine(xq, FOLIO__XQ_AND_MAYBE, near,
					       2, 0);
		} else if (rc == 0) {
			*xq = words;
			words = NULL;
		}
		folio__xq_free(words);
		*window = p->near ? FOLIO__RESCORE_WINDOW
				  : FOLIO__RESCORE_WINDOW_WORDS;
		if (rc == 0)
			rc = add_bonus(&p->words, &p->near);
		if (rc == 0) {
			*bonus = p->words;
			p->words = NULL;
		}
	}
	folio__xq_free(p->near);
	folio__xq_free(p->words);
	p->near = p->words = NULL;
	return rc;
}

/* Require every word of every list in n (the ALL mode). */
static void require_all(node *n)
{
	if (n->kind == N_LIST)
		n->all_required = 1;
	for (size_t i = 0; i < n->nkids; i++)
		require_all(n->kids[i]);
}

/* The positive words of the top-level list n that count for
 * FOLIO_QUERY_AUTO: stopwords do not, unless there is nothing else. */
static size_t significant_words(const parser *p, const node *n)
{
	size_t all = 0, significant = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->neg)
			continue;
		all++;
		significant += !stopword_leaf(p, n->kids[i]);
	}
	return significant ? significant : all;
}

/* *q AND_MAYBE bonus (not consumed). */
static int add_maybe(folio__xq **q, folio__xq *bonus)
{
	folio__xq *pair[2] = {*q, bonus}, *both = NULL;
	int rc = folio__xq_combine(&both, FOLIO__XQ_AND_MAYBE, pair, 2, 0);

	if (rc == 0) {
		folio__xq_free(*q);
		*q = both;
	}
	return rc;
}

/*
 * Pseudo-relevance feedback for a query that matches any of its words:
 * the terms that best tell its first PRF_DOCS hits from the rest are
 * added, each at PRF_WEIGHT, to rank (not to match) documents.
 */
static int expand(parser *p, folio_query *query)
{
	folio__xq **qs = NULL, *bonus = NULL;
	char *terms = NULL;
	const char *t;
	size_t count = 0, i;
	uint64_t docs = 0;
	int rc = folio__xdb_stats(p->db->xdb, &docs, NULL);

	if (rc < 0 || docs < PRF_MIN_DOCS)
		goto out;
	rc = folio__xdb_expand(p->db->xdb, query->xq, FOLIO__BM25_K1,
			       FOLIO__BM25_B, PRF_DOCS, PRF_TERMS,
			       FOLIO__PREFIX_STEM, &terms, &count);

	if (rc < 0 || count == 0)
		goto out;
	qs = calloc(count, sizeof *qs);
	if (qs == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	for (i = 0, t = terms; rc == 0 && i < count; i++, t += strlen(t) + 1) {
		folio__xq *x = NULL;
		rc = folio__xq_term(&x, t, strlen(t), 1, 0);
		if (rc == 0)
			rc = folio__xq_scale(&qs[i], x, PRF_WEIGHT);
		folio__xq_free(x);
	}
	if (rc == 0)
		rc = combine(&bonus, FOLIO__XQ_OR, qs, count, 0);
	if (rc == 0)
		rc = add_maybe(&query->xq, bonus);
	if (rc == 0 && query->plain != NULL)
		rc = add_maybe(&query->plain, bonus);
out:
	folio__xq_free(bonus);
	if (qs)
		free_all(qs, count);
	free(qs);
	free(terms);
	return rc;
}

/*
 * Build the tree in FOLIO_QUERY_AUTO mode (see folio.h): the top-level
 * list requires all its words if it has few and some document has them
 * all; otherwise any of them may match.  Lists in parentheses always
 * require all their words.  Where all are required, query->relaxed gets
 * the any-word tree too (without feedback), for folio_db_search to fall
 * back on when a date window leaves no document with every word.
 */
static int build_auto(parser *p, folio_query *query, node *tree)
{
	int rc, any = 1;
	size_t words = 0;
	node *top = tree->kind == N_LIST && !tree->joined ? tree : NULL;

	require_all(tree);
	if (top != NULL) {
		words = significant_words(p, top);
		top->all_required = words <= FOLIO_QUERY_AUTO_ALL_MAX;
	}
	rc = build_top(p, query, tree, &query->xq, &query->plain,
		       &query->bonus, &query->window);
	/* The bonuses match nothing of their own: plain matches as xq. */
	if (rc == 0 && top != NULL && top->all_required && words > 1 &&
	    query->xq != NULL)
		rc = folio__xdb_has_match(p->db->xdb,
					  query->plain ? query->plain
						       : query->xq,
					  &any);
	if (rc == 0 && !any) {
		/* No document has every word: rank those with some. */
		folio__xq_free(query->xq);
		folio__xq_free(query->plain);
		folio__xq_free(query->bonus);
		query->xq = query->plain = query->bonus = NULL;
		top->all_required = 0;
		rc = build_top(p, query, tree, &query->xq, &query->plain,
			       &query->bonus, &query->window);
	} else if (rc == 0 && top != NULL && top->all_required && words > 1) {
		top->all_required = 0;
		rc = build_top(p, query, tree, &query->relaxed,
			       &query->relaxed_plain, &query->relaxed_bonus,
			       &query->relaxed_window);
		top->all_required = 1;
	}
	if (rc == 0 && top != NULL && !top->all_required &&
	    words >= PRF_MIN_WORDS)
		rc = expand(p, query);
	return rc;
}

/* ================================================================== */
/* Public functions                                                    */
/* ================================================================== */

int folio_query_options_init(folio_query_options *opts, unsigned int version)
{
	folio_query_options init = FOLIO_QUERY_OPTIONS_INIT;

	if (opts == NULL || version != FOLIO_QUERY_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_query_options "
					"version %u",
					version);
	*opts = init;
	return 0;
}

/* Check the arguments of folio_query_parse. */
static int check_args(folio_query **out, folio_db *db, const char *text,
		      const folio_query_options *opts)
{
	if (out == NULL || db == NULL || text == NULL)
		return folio__error_set(FOLIO_EINVALID,
					"folio_query_parse needs an out "
					"pointer, an index and a query text");
	if (folio_db_analyzer(db) == NULL)
		return folio__error_set(FOLIO_EINVALID,
					"folio_query_parse: the index has no "
					"analyzer");
	if (opts != NULL && opts->version != FOLIO_QUERY_OPTIONS_VERSION)
		return folio__error_set(FOLIO_EINVALID,
					"unsupported folio_query_options "
					"version %u; initialise the options "
					"with FOLIO_QUERY_OPTIONS_INIT",
					opts->version);
	if (opts != NULL && opts->default_op != FOLIO_QUERY_AND &&
	    opts->default_op != FOLIO_QUERY_OR &&
	    opts->default_op != FOLIO_QUERY_AUTO)
		return folio__error_set(FOLIO_EINVALID,
					"unknown match mode %d: use "
					"FOLIO_QUERY_AUTO, FOLIO_QUERY_AND "
					"or FOLIO_QUERY_OR",
					(int)opts->default_op);
	return 0;
}

/* Whether text holds a run of more than FOLIO__MAX_TERM_BYTES bytes
 * without a space: a word (a hash, a blob) too long to be a term. */
static int has_overlong_run(const char *text)
{
	size_t run = 0;

	for (const char *s = text; *s; s++) {
		run = (*s == ' ' || *s == '\t' || *s == '\n') ? 0 : run + 1;
		if (run > FOLIO__MAX_TERM_BYTES)
			return 1;
	}
	return 0;
}

int folio_query_parse(folio_query **out, folio_db *db, const char *text,
		      const folio_query_options *opts)
{
	folio_query *query = NULL;
	node *tree = NULL;
	parser p;
	int rc;

	memset(&p, 0, sizeof p);
	if (out != NULL)
		*out = NULL;
	rc = check_args(out, db, text, opts);
	if (rc < 0)
		goto out;

	query = calloc(1, sizeof *query);
	if (query == NULL) {
		rc = folio__error_oom();
		goto out;
	}
	query->db = db;
	query->text = folio__strdup(text);
	if (query->text == NULL) {
		rc = FOLIO_ENOMEM;
		goto out;
	}

	p.db = db;
	p.analyzer = folio_db_analyzer(db);
	p.s = query->text;
	p.len = strlen(query->text);
	p.mode = opts != NULL ? opts->default_op : FOLIO_QUERY_AUTO;
	/* AUTO parses as ANY, so that "a AND b" is kept as a group, and
	 * build_auto then decides. */
	p.default_or = p.mode != FOLIO_QUERY_AND;
	p.language = folio_analyzer_language(p.analyzer);
	p.stemming = strcmp(folio_analyzer_language(p.analyzer), "none") != 0;
	rc = advance(&p);
	if (rc == 0)
		rc = parse_or(&p, 0, CTX_START, 0, &tree);
	if (rc == 0 && p.tok.kind != T_END)
		rc = syntax_error(&p, p.tok.start,
				  "unexpected ')' at column %d: remove it or "
				  "add a '(' before it",
				  column(&p, p.tok.start));
	if (rc < 0)
		goto out;

	if (p.mode == FOLIO_QUERY_AUTO)
		rc = build_auto(&p, query, tree);
	else
		rc = build_top(&p, query, tree, &query->xq, &query->plain,
			       &query->bonus, &query->window);
	if (rc == 0 && query->xq == NULL && has_overlong_run(text))
		rc = folio__error_set_column(
			FOLIO_EQUERY, 0,
			"the query is empty: its words are longer than the %d "
			"bytes a word can have, and words that long are not "
			"indexed",
			FOLIO__MAX_TERM_BYTES);
	else if (rc == 0 && query->xq == NULL)
		rc = folio__error_set_column(FOLIO_EQUERY, 0,
					     "the query is empty: it has no "
					     "words to search for (punctuation "
					     "alone is ignored)");
	if (rc < 0)
		goto out;
	*out = query;
	query = NULL;
out:
	node_free(tree);
	folio__buf_free(&p.scratch);
	folio__xq_free(p.near);
	folio__xq_free(p.words);
	folio_query_free(query);
	return rc;
}

void folio_query_free(folio_query *query)
{
	if (query == NULL)
		return;
	folio__xq_free(query->xq);
	folio__xq_free(query->relaxed);
	folio__xq_free(query->plain);
	folio__xq_free(query->relaxed_plain);
	folio__xq_free(query->bonus);
	folio__xq_free(query->relaxed_bonus);
	free(query->text);
	free(query->description);
	folio__termset_free(&query->stems);
	folio__termset_free(&query->words);
	folio__termset_free(&query->prefixes);
	free(query);
}

const char *folio_query_describe(folio_query *query)
{
	static const char head[] = "Query(";
	char *d = NULL;
	size_t n;

	if (query == NULL)
		return "";
	if (query->description != NULL)
		return query->description;
	if (folio__xq_describe(&d, query->xq) < 0 || d == NULL)
		return "";
	/* Xapian wraps every description in "Query(...)": drop it. */
	n = strlen(d);
	if (n > sizeof head - 1 && memcmp(d, head, sizeof head - 1) == 0 &&
	    d[n - 1] == ')') {
		memmove(d, d + sizeof head - 1, n - sizeof head);
		d[n - sizeof head] = '\0';
	}
	query->description = d;
	return d;
}
