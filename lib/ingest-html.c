/*
 * ingest-html.c - the HTML reader, on libxml2's forgiving HTML parser:
 * the <title>, a description and a date from <meta>, and the text a
 * browser would show (nothing from <head>, <script>, <style>,
 * <noscript> or <template>), with block elements as line breaks.
 * libxml2 is reached through lib/lazy-libs.c, which opens it on the
 * first HTML input.
 */
#include <string.h>
#include <strings.h>

#include "folio-private.h"
#include "lazy-libs.h"

/* Deeper nesting than this is not a page but an attack on the stack. */
#define MAX_DEPTH 256

typedef struct html_walk {
	folio__buf body;
	folio__buf title;
	int rc;
} html_walk;

static int name_is(const xmlNode *n, const char *name)
{
	return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int invisible(const xmlNode *n)
{
	return name_is(n, "script") || name_is(n, "style") ||
	       name_is(n, "noscript") || name_is(n, "template") ||
	       name_is(n, "head");
}

static int is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
		"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
		"h6", "pre", "blockquote", "section", "article", "header",
		"footer", "table", "ul", "ol", "dt", "dd", "hr", "td", "th",
	};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (name_is(n, blocks[i]))
			return 1;
	return 0;
}

static void collect_text(html_walk *w, const xmlNode *n, int depth)
{
	for (; n && w->rc == 0 && depth < MAX_DEPTH; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				w->rc = folio__buf_puts(&w->body,
						      (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !invisible(n)) {
			collect_text(w, n->children, depth + 1);
			if (w->rc == 0 && is_block(n))
				w->rc = folio__buf_putc(&w->body, '\n');
		}
	}
}

static const xmlNode *find(const xmlNode *n, const char *name, int depth)
{
	const xmlNode *hit = NULL;

	for (; n && !hit && depth < MAX_DEPTH; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, name))
			hit = n;
		else
			hit = find(n->children, name, depth + 1);
	}
	return hit;
}

/* The text of a node, whitespace runs folded to one space. */
static int flat_text(folio__buf *out, const xmlNode *n)
{
	xmlChar *s = folio__xml.node_content(n);
	int rc = 0, space = 0;

	for (const xmlChar *p = s; p && *p && rc == 0; p++) {
		int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';

		if (ws) {
			space = out->len > 0;
			continue;
		}
		if (space)
			rc = folio__buf_putc(out, ' ');
		space = 0;
		if (rc == 0)
			rc = folio__buf_putc(out, (char)*p);
	}
	(*folio__xml.dealloc)(s);
	return rc;
}

/* <meta name|property=... content=...>: description and date. */
static int apply_metas(folio_doc *doc, const xmlNode *n, int depth)
{
	int rc = 0;

	for (; n && rc == 0 && depth < MAX_DEPTH; n = n->next) {
		xmlChar *name = NULL, *content = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!name_is(n, "meta")) {
			rc = apply_metas(doc, n->children, depth + 1);
			continue;
		}
		name = folio__xml.get_prop(n, (const xmlChar *)"name");
		if (name == NULL)
			name = folio__xml.get_prop(n,
						   (const xmlChar *)"property");
		content = folio__xml.get_prop(n, (const xmlChar *)"content");
		if (name && content) {
			const char *k = (const char *)name;
			const char *v = (const char *)content;
			char date[11];

			if (strcasecmp(k, "description") == 0) {
				rc = folio_doc_set_field(doc, "description",
							 v);
			} else if ((strcasecmp(k, "date") == 0 ||
				    strcasecmp(k, "dc.date") == 0 ||
				    strcasecmp(k, "article:published_time") ==
					    0) &&
				   !folio_doc_field(doc, "date")) {
				/* The day is enough; a time would not be a
				 * searchable date. */
				snprintf(date, sizeof date, "%s", v);
				rc = folio_doc_set_field(doc, "date", date);
			} else if (strcasecmp(k, "author") == 0) {
				rc = folio_doc_set_field(doc, "author", v);
			}
		}
		(*folio__xml.dealloc)(name);
		(*folio__xml.dealloc)(content);
	}
	return rc;
}

static int read_html(folio_doc *doc, const char *text, size_t len,
		     const char **reason)
{
	html_walk w = {FOLIO__BUF_INIT, FOLIO__BUF_INIT, 0};
	htmlDocPtr html = NULL;
	const xmlNode *root = NULL, *title = NULL;
	/* 1: libxml2 cannot be loaded, and *reason says so. */
	int rc = folio__xml_load(reason);

	if (rc != 0)
		goto out;
	if (len > INT32_MAX) {
		*reason = "too large for the HTML parser";
		rc = 1;
		goto out;
	}
	/* The text is UTF-8 already (decoded by the caller): say so, so
	 * that a <meta charset> cannot make libxml2 decode it again. */
	html = folio__xml.read_memory(text, (int)len, NULL, "UTF-8",
				      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
					      HTML_PARSE_NOWARNING |
					      HTML_PARSE_NONET |
					      HTML_PARSE_NOBLANKS);
	root = html ? folio__xml.root_element(html) : NULL;
	if (root == NULL) {
		*reason = "no HTML content could be parsed";
		rc = 1;
		goto out;
	}
	title = find(root, "title", 0);
	if (title)
		w.rc = flat_text(&w.title, title);
	if (w.rc == 0)
		collect_text(&w, root, 0);
	rc = w.rc;
	if (rc == 0 && w.title.len > 0)
		rc = folio_doc_set_title(doc, w.title.ptr);
	if (rc == 0)
		rc = folio_doc_set_body(doc, w.body.ptr ? w.body.ptr : "",
					w.body.len);
	if (rc == 0)
		rc = apply_metas(doc, root, 0);
out:
	if (html)
		folio__xml.free_doc(html);
	folio__buf_free(&w.body);
	folio__buf_free(&w.title);
	return rc;
}

const folio__format_reader folio__reader_html = {
	FOLIO_FORMAT_HTML, " .html .htm .xhtml ", read_html, NULL,
};
