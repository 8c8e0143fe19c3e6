/*
 * merge.c - several folio indexes joined into one (folio_db_merge): the
 * last step of a build split among parallel writers.
 *
 * Xapian's compaction does the joining.  What it cannot know is folio's
 * own bookkeeping: the field list (FOLIO__META_FIELDS) decides which
 * value slot holds which field, and each input numbered its fields in
 * the order it met them.  Inputs whose lists agree with the merged one
 * (each a prefix of it) are compacted; the others, rare (HTML pages
 * whose metadata come in another order), have their documents copied
 * with their value slots moved.  The document languages are the union.
 */
#include <stdlib.h>
#include <string.h>

#include "folio-private.h"

/* The merged list of field names, and which inputs agree with it. */
typedef struct merge_plan {
	char **fields; /* borrowed from the inputs */
	size_t nfields;
	int *agrees; /* per input: its list is a prefix of fields */
} merge_plan;

static int find_name(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static int plan_add_name(merge_plan *plan, char *name)
{
	char **grown = NULL;

	if (find_name(plan->fields, plan->nfields, name) >= 0)
		return 0;
	grown = realloc(plan->fields, (plan->nfields + 1) * sizeof *grown);
	if (grown == NULL)
		return folio__error_oom();
	plan->fields = grown;
	plan->fields[plan->nfields++] = name;
	return 0;
}

/*
 * The first input's list, extended by each input that agrees with it so
 * far; then the names only disagreeing inputs have, at the end.
 */
static int plan_fields(merge_plan *plan, folio_db *const *dbs, size_t n)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const folio_db *db = dbs[i];
		size_t common = db->nfields < plan->nfields ? db->nfields
							    : plan->nfields;

		plan->agrees[i] = 1;
		for (size_t f = 0; f < common; f++)
			if (strcmp(db->fields[f], plan->fields[f]) != 0)
				plan->agrees[i] = 0;
		for (size_t f = common; rc == 0 && plan->agrees[i] &&
					f < db->nfields;
		     f++)
			rc = plan_add_name(plan, db->fields[f]);
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (size_t f = 0; rc == 0 && !plan->agrees[i] &&
				   f < dbs[i]->nfields;
		     f++)
			rc = plan_add_name(plan, dbs[i]->fields[f]);
	return rc;
}

static int check_same_settings(folio_db *const *dbs, size_t n,
			       const char *const *paths)
{
	for (size_t i = 1; i < n; i++) {
		if (strcmp(dbs[i]->language, dbs[0]->language) != 0 ||
		    folio_analyzer_keeps_accents(dbs[i]->analyzer) !=
			    folio_analyzer_keeps_accents(dbs[0]->analyzer))
			return folio__error_set(
				FOLIO_EINVALID,
				"cannot merge the index at %s (%s, accents "
				"%s) with the one at %s (%s, accents %s): "
				"merge only indexes built with the same "
				"settings",
				paths[i], dbs[i]->language,
				folio_analyzer_keeps_accents(
					dbs[i]->analyzer)
					? "kept"
					: "ignored",
				paths[0], dbs[0]->language,
				folio_analyzer_keeps_accents(
					dbs[0]->analyzer)
					? "kept"
					: "ignored");
	}
	return 0;
}

/* Copy the documents of dbs[i] into out, their field slots renumbered
 * to the merged list. */
static int append_moved(folio_db *out, const folio_db *in, const char *path,
			const merge_plan *plan)
{
	size_t nmap = FOLIO__VALUE_FIELDS + in->nfields;
	unsigned *map = malloc(nmap * sizeof *map);
	int rc = 0;

	if (map == NULL)
		return folio__error_oom();
	for (size_t s = 0; s < nmap; s++)
		map[s] = (unsigned)s;
	for (size_t f = 0; f < in->nfields; f++)
		map[FOLIO__VALUE_FIELDS + f] =
			FOLIO__VALUE_FIELDS +
			(unsigned)find_name(plan->fields, plan->nfields,
					    in->fields[f]);
	rc = folio__xdb_append(out->xdb, path, map, nmap,
			       FOLIO__META_BODY_PREFIX);
	free(map);
	return rc;
}

/* Record the merged field list and the union of the document languages
 * in out, and add the documents of the inputs that disagree. */
static int finish_merge(const char *out_path, folio_db *const *dbs,
			size_t n, const char *const *paths,
			const merge_plan *plan)
{
	folio_db_options opts = FOLIO_DB_OPTIONS_INIT;
	folio_db *out = NULL;
	folio__buf list = FOLIO__BUF_INIT;
	int rc = 0;

	opts.flags = FOLIO_DB_WRITABLE;
	rc = folio_db_open(&out, out_path, &opts);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!plan->agrees[i])
			rc = append_moved(out, dbs[i], paths[i], plan);
	for (size_t i = 0; rc == 0 && i < plan->nfields; i++)
		rc = folio__buf_printf(&list, "%s%s", i ? " " : "",
				       plan->fields[i]);
	if (rc == 0)
		rc = folio__xdb_set_metadata(out->xdb, FOLIO__META_FIELDS,
					     list.ptr ? list.ptr : "");
	folio__buf_clear(&list);
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (size_t l = 0; rc == 0 && l < dbs[i]->ndoc_languages;
		     l++) {
			const char *name = dbs[i]->doc_languages[l].language;
			const char *at = list.ptr ? strstr(list.ptr, name)
						  : NULL;
			size_t len = strlen(name);

			while (at && !((at == list.ptr || at[-1] == ' ') &&
				       (at[len] == ' ' || at[len] == '\0')))
				at = strstr(at + 1, name);
			if (at == NULL)
				rc = folio__buf_printf(&list, "%s%s",
						       list.len ? " " : "",
						       name);
		}
	if (rc == 0 && list.len > 0)
		rc = folio__xdb_set_metadata(out->xdb, FOLIO__META_LANGUAGES,
					     list.ptr);
	if (rc == 0)
		rc = folio__xdb_commit(out->xdb);
	folio__buf_free(&list);
	folio_db_free(out);
	return rc;
}

int folio_db_merge(const char *out_path, const char *const *paths,
		   size_t n)
{
	folio_db **dbs = NULL;
	const char **agreeing = NULL;
	merge_plan plan = {NULL, 0, NULL};
	size_t nagreeing = 0, nfields0 = 0;
	int rc = 0, more = 0;

	if (out_path == NULL || *out_path == '\0' || paths == NULL ||
	    n == 0) {
		rc = folio__error_set(FOLIO_EINVALID,
				      "folio_db_merge needs an output path "
				      "and at least one index to merge");
		goto out;
	}
	dbs = calloc(n, sizeof *dbs);
	agreeing = calloc(n, sizeof *agreeing);
	plan.agrees = calloc(n, sizeof *plan.agrees);
	if (!dbs || !agreeing || !plan.agrees) {
		rc = folio__error_oom();
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = folio_db_open(&dbs[i], paths[i], NULL);
	if (rc == 0)
		rc = check_same_settings(dbs, n, paths);
	if (rc == 0)
		rc = plan_fields(&plan, dbs, n);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (plan.agrees[i])
			agreeing[nagreeing++] = paths[i];
		else
			more = 1;
		more |= dbs[i]->ndoc_languages > 0;
	}
	nfields0 = dbs[0]->nfields;
	rc = folio__xdb_compact(out_path, agreeing, nagreeing);
	/* Compaction kept the first input's metadata: only a longer field
	 * list, other inputs' languages or moved slots need more. */
	if (rc == 0 && (more || plan.nfields != nfields0))
		rc = finish_merge(out_path, dbs, n, paths, &plan);
out:
	for (size_t i = 0; dbs && i < n; i++)
		folio_db_free(dbs[i]);
	free(dbs);
	free(agreeing);
	free(plan.agrees);
	free(plan.fields);
	return rc;
}
