/*
 * ingest-text.c - the plain-text reader: front matter as in
 * folio_doc_parse_text(), the rest is the body.
 */
#include <string.h>

#include "folio-private.h"

static int blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

static int read_text(folio_doc *doc, const char *text, size_t len,
		     const char **reason)
{
	int rc = 0;

	if (blank(text, len)) {
		*reason = "no text (only white space)";
		rc = 1;
		goto out;
	}
	rc = folio_doc_parse_text(doc, text, len);
out:
	return rc;
}

const folio__format_reader folio__reader_text = {
	FOLIO_FORMAT_TEXT, " .txt .text ", read_text, NULL,
};
