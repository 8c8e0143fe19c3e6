/*
 * analyze-speed.c - how fast folio's analyzer turns text into tokens,
 * against the practical floor: ICU's bare word break iterator.
 *
 *   analyze-speed [-r REPEATS] DIR
 *
 * Reads every .txt file under DIR into memory, then, REPEATS times (7 by
 * default), runs over all of it:
 *   icu           UBRK_WORD over a UTF-8 UText, counting the segments
 *                 that are words; no folding, no stemming, no callback
 *   folio         folio_analyze() with the language "english": break,
 *                 fold, stem (and whatever else the analyzer does to a
 *                 token, such as CJK n-grams), one callback per token
 *   folio-none    the same with the language "none", so that the cost
 *                 of stemming shows
 * One thread, one analyzer per run, made before the clock starts.  The
 * order of the three is rotated from one round to the next so that a
 * noisy neighbour does not always hit the same one.
 *
 * Figures are medians over the rounds, in MB/s (10^6 bytes of input per
 * second) of thread CPU time, which a busy shared machine disturbs much
 * less than wall-clock time (the wall-clock median is printed too).  The
 * ratio folio / icu is the median of the per-round ratios; the target is
 * at least 0.5.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "folio.h"

#define REPEATS_DEFAULT 7
#define REPEATS_MAX 101

typedef struct text {
	char *bytes;
	size_t len;
} text;

/* The corpus in memory: every .txt file under the directory. */
static struct corpus {
	text *files;
	size_t count;
	size_t cap;
	size_t bytes;
	int failed;
} corpus;

enum engine { ICU, FOLIO, FOLIO_NONE, ENGINES };
static const char *const engine_name[ENGINES] = {"icu", "folio", "folio-none"};

typedef struct timing {
	double cpu; /* seconds of this thread's CPU time */
	double wall;
	unsigned long long words;
} timing;

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_file(const char *path, text *out)
{
	int rc = -1;
	FILE *f = fopen(path, "rb");
	long size;

	out->bytes = NULL;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	out->len = (size_t)size;
	out->bytes = malloc(out->len + 1);
	if (out->bytes == NULL || fread(out->bytes, 1, out->len, f) != out->len)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		fprintf(stderr, "analyze-speed: cannot read %s: %s\n", path,
			errno ? strerror(errno) : "short read");
		free(out->bytes);
		out->bytes = NULL;
	}
	if (f != NULL)
		fclose(f);
	return rc;
}

static int add_file(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	size_t n = strlen(path);
	text t;

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".txt") != 0)
		return 0;
	if (corpus.count == corpus.cap) {
		size_t cap = corpus.cap ? 2 * corpus.cap : 1024;
		text *p = realloc(corpus.files, cap * sizeof *p);
		if (p == NULL) {
			corpus.failed = 1;
			return 1;
		}
		corpus.files = p;
		corpus.cap = cap;
	}
	if (read_file(path, &t) < 0) {
		corpus.failed = 1;
		return 1;
	}
	if (t.len == 0) {
		free(t.bytes);
		return 0;
	}
	corpus.files[corpus.count++] = t;
	corpus.bytes += t.len;
	return 0;
}

/* ---- The engines ------------------------------------------------- */

static int run_icu(UBreakIterator *words, UText *ut, timing *t)
{
	int rc = -1;
	UErrorCode status = U_ZERO_ERROR;

	for (size_t i = 0; i < corpus.count; i++) {
		utext_openUTF8(ut, corpus.files[i].bytes,
			       (int64_t)corpus.files[i].len, &status);
		ubrk_setUText(words, ut, &status);
		if (U_FAILURE(status)) {
			fprintf(stderr, "analyze-speed: ICU: %s\n",
				u_errorName(status));
			goto out;
		}
		ubrk_first(words);
		while (ubrk_next(words) != UBRK_DONE)
			if (ubrk_getRuleStatus(words) >= UBRK_WORD_NONE_LIMIT)
				t->words++;
	}
	rc = 0;
out:
	return rc;
}

/* What a caller of folio_analyze() does at the least: count tokens. */
static int count_token(const folio_token *token, void *payload)
{
	unsigned long long *n = payload;
	(void)token;
	*n += 1;
	return 0;
}

static int run_folio(folio_analyzer *a, timing *t)
{
	int rc = 0;

	for (size_t i = 0; i < corpus.count && rc == 0; i++)
		rc = folio_analyze(a, corpus.files[i].bytes,
				   corpus.files[i].len, count_token, &t->words);
	if (rc != 0)
		fprintf(stderr, "analyze-speed: folio_analyze: %s\n",
			folio_error_last()->message);
	return rc;
}

/* ---- Figures ----------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(void)
{
	fprintf(stderr, "usage: analyze-speed [-r REPEATS] DIR\n");
}

int main(int argc, char **argv)
{
	int rc = 2, opt, repeats = REPEATS_DEFAULT;
	UErrorCode status = U_ZERO_ERROR;
	UBreakIterator *words = NULL;
	UText ut = UTEXT_INITIALIZER;
	folio_analyzer *analyzer[ENGINES] = {NULL};
	folio_analyzer_options aopts = FOLIO_ANALYZER_OPTIONS_INIT;
	static timing runs[ENGINES][REPEATS_MAX];
	double v[REPEATS_MAX], mb, cpu[ENGINES], wall[ENGINES], ratio;

	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r') {
			usage();
			goto out;
		}
		repeats = atoi(optarg);
		if (repeats < 1 || repeats > REPEATS_MAX) {
			fprintf(stderr, "analyze-speed: -r takes 1 to %d\n",
				REPEATS_MAX);
			goto out;
		}
	}
	if (optind != argc - 1) {
		usage();
		goto out;
	}
	if (nftw(argv[optind], add_file, 32, FTW_PHYS) != 0 || corpus.failed) {
		fprintf(stderr, "analyze-speed: cannot read the corpus %s\n",
			argv[optind]);
		goto out;
	}
	if (corpus.count == 0) {
		fprintf(stderr, "analyze-speed: no .txt files under %s\n",
			argv[optind]);
		goto out;
	}

	words = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
	if (U_FAILURE(status)) {
		fprintf(stderr, "analyze-speed: ICU: %s\n",
			u_errorName(status));
		goto out;
	}
	aopts.language = "english";
	if (folio_analyzer_new(&analyzer[FOLIO], &aopts) < 0)
		goto folio_failed;
	aopts.language = "none";
	if (folio_analyzer_new(&analyzer[FOLIO_NONE], &aopts) < 0)
		goto folio_failed;

	mb = (double)corpus.bytes / 1e6;
	printf("corpus %s: %zu files, %.1f MB, %d rounds\n", argv[optind],
	       corpus.count, mb, repeats);
	for (int r = 0; r < repeats; r++) {
		for (int k = 0; k < ENGINES; k++) {
			int e = (r + k) % ENGINES;
			timing *t = &runs[e][r];
			double c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
			double w0 = seconds(CLOCK_MONOTONIC);
			int failed = e == ICU ? run_icu(words, &ut, t)
					      : run_folio(analyzer[e], t);
			t->cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
			t->wall = seconds(CLOCK_MONOTONIC) - w0;
			if (failed)
				goto out;
		}
	}

	printf("%-11s %9s %9s %12s %10s\n", "engine", "MB/s", "MB/s", "tokens",
	       "tokens/MB");
	printf("%-11s %9s %9s\n", "", "(cpu)", "(wall)");
	for (int e = 0; e < ENGINES; e++) {
		for (int r = 0; r < repeats; r++)
			v[r] = runs[e][r].cpu;
		cpu[e] = median(v, repeats);
		for (int r = 0; r < repeats; r++)
			v[r] = runs[e][r].wall;
		wall[e] = median(v, repeats);
		printf("%-11s %9.1f %9.1f %12llu %10.0f\n", engine_name[e],
		       mb / cpu[e], mb / wall[e], runs[e][0].words,
		       (double)runs[e][0].words / mb);
	}
	for (int e = FOLIO; e < ENGINES; e++) {
		for (int r = 0; r < repeats; r++)
			v[r] = runs[ICU][r].cpu / runs[e][r].cpu;
		ratio = median(v, repeats);
		printf("ratio %s / icu: %.3f (median of the rounds)%s\n",
		       engine_name[e], ratio,
		       e != FOLIO     ? ""
		       : ratio >= 0.5 ? "; target >= 0.50: ok"
				      : "; target >= 0.50: BELOW TARGET");
	}
	for (int r = 0; r < repeats; r++)
		v[r] = runs[FOLIO_NONE][r].cpu / runs[FOLIO][r].cpu;
	printf("stemming costs %.0f%% of folio's time\n",
	       100.0 * (1.0 - median(v, repeats)));
	rc = 0;
	goto out;
folio_failed:
	fprintf(stderr, "analyze-speed: %s\n", folio_error_last()->message);
out:
	for (int e = 0; e < ENGINES; e++)
		folio_analyzer_free(analyzer[e]);
	ubrk_close(words);
	utext_close(&ut);
	for (size_t i = 0; i < corpus.count; i++)
		free(corpus.files[i].bytes);
	free(corpus.files);
	return rc;
}
