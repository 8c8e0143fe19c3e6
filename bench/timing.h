/*
 * timing.h - what the query harnesses share: reading the query file,
 * a monotonic clock, and the summary line run.sh parses.
 *
 * Each harness runs every query once to warm up, then reps times, and
 * prints one line: "mean_ms p50_ms p99_ms maxrss_kb" over all the timed
 * runs of all the queries, so that the three peers are summed up alike.
 * Header-only (static functions), so that the C and C++ harnesses share
 * it without a library.
 */
#ifndef FOLIO_BENCH_TIMING_H
#define FOLIO_BENCH_TIMING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_MAX_QUERIES 256
#define BENCH_MAX_LINE 512

typedef struct bench_queries {
	char *text[BENCH_MAX_QUERIES];
	size_t count;
} bench_queries;

/* Lines of path that are not empty and do not start with '#'. */
static int bench_read_queries(bench_queries *q, const char *path)
{
	char line[BENCH_MAX_LINE];
	FILE *f = fopen(path, "r");

	q->count = 0;
	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (q->count < BENCH_MAX_QUERIES && fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		q->text[q->count] = (char *)malloc(n + 1);
		if (q->text[q->count] == NULL)
			break;
		memcpy(q->text[q->count++], line, n + 1);
	}
	fclose(f);
	return q->count > 0 ? 0 : -1;
}

static void bench_free_queries(bench_queries *q)
{
	for (size_t i = 0; i < q->count; i++)
		free(q->text[i]);
	q->count = 0;
}

static double bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sort samples and print the summary line. */
static void bench_report(double *samples, size_t n)
{
	struct rusage ru;
	double sum = 0;

	qsort(samples, n, sizeof *samples, bench_cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += samples[i];
	getrusage(RUSAGE_SELF, &ru);
	printf("%.4f %.4f %.4f %ld\n", n ? sum / (double)n : 0.0,
	       n ? samples[n / 2] : 0.0,
	       n ? samples[(size_t)((double)(n - 1) * 0.99)] : 0.0,
	       ru.ru_maxrss);
}

#endif /* FOLIO_BENCH_TIMING_H */
