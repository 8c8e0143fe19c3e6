/*
 * ingest-markdown.c - the Markdown reader: front matter (title, date,
 * source, url, lang, tags, ...) as for plain text; without a title, a
 * leading "# Heading" gives it, without its '#' marks.  The body is kept
 * as written: Markdown's marks are punctuation to the analyzer.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

static int read_markdown(folio_doc *doc, const char *text, size_t len,
			 const char **reason)
{
	int rc = folio__reader_text.read_doc(doc, text, len, reason);
	const char *title = folio_doc_title(doc);
	size_t n = 0;

	if (rc != 0 || title[0] != '#')
		goto out;
	/* "## Title ##" and "#Title" are headings too. */
	while (title[n] == '#')
		n++;
	title += n;
	n = strlen(title);
	while (n > 0 && (title[n - 1] == '#' || title[n - 1] == ' ' ||
			 title[n - 1] == '\t'))
		n--;
	while (n > 0 && (*title == ' ' || *title == '\t')) {
		title++;
		n--;
	}
	{
		char *copy = folio__strndup(title, n);

		rc = copy ? folio_doc_set_title(doc, copy) : FOLIO_ENOMEM;
		free(copy);
	}
out:
	return rc;
}

const folio__format_reader folio__reader_markdown = {
	FOLIO_FORMAT_MARKDOWN, " .md .markdown ", read_markdown, NULL,
};
