/* cmd_demo.c: zila demo: a new database set up as the demo district DRG
 * (desk 01), filled by zila_demo_generate, with a progress line when
 * stderr is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "zila/master.h"
#include "zila/report.h"

static const char demo_usage[] =
	N_("usage: zila demo [--records N] [--phases]\n"
	"Makes a demo district in a new database: Durg-like blocks and gram\n"
	"panchayats, ten departments, grievance categories, officers, N grievances\n"
	"and N letters over the last two years (default 5000, up to 10000000),\n"
	"and inspections of the recent fortnights. Every user's password is\n"
	"demo-pass: admin, clerk, collector, nodal1..nodal6, rev.officer, rev.head,\n"
	"pwd.officer, ... (one officer and one head for each department).\n"
	"--phases also prints how long each phase of the making took.\n");

struct demo_progress {
	struct timespec start;
	bool tty;
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* With --phases, one line a phase at its end (bench/core prints them). */
static void
show_phase(const char *name, double seconds, double cpu_seconds, void *arg)
{
	(void)arg;
	printf("phase %s: %.1f s (CPU %.1f s)\n", name, seconds, cpu_seconds);
	fflush(stdout);
}

/* The progress line, redrawn in place. */
static void
show_progress(long long done, long long total, void *arg)
{
	struct demo_progress *p = arg;
	if (!p->tty)
		return;
	double s = seconds_since(&p->start);
	fprintf(stderr, "\rzila demo: %lld of %lld records (%.0f/s)   ", done, total, s > 0 ? (double)done / s : 0.0);
	fflush(stderr);
}

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	enum { O_RECORDS = CLI_OPT_FIRST_FREE, O_PHASES };
	static const struct option opts[] = { { "records", required_argument, NULL, O_RECORDS },
		{ "phases", no_argument, NULL, O_PHASES }, CLI_COMMON_LONGOPTS, { 0 } };
	long long records = 5000;
	bool phases = false;
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_RECORDS: {
			char *end;
			records = strtoll(optarg, &end, 10);
			if (!*optarg || *end || records < 0 || records > 10000000)
				return cli_usage(demo_usage, "records: must be a number from 0 to 10000000, not '%s'", optarg);
			break;
		}
		case O_PHASES: phases = true; break;
		case OPT_HELP: fputs(_(demo_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(demo_usage, NULL);
		}
	}
	if (optind < argc)
		return cli_usage(demo_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, ZILA_DB_CREATE)))
		return rc;
	struct zila_err err = { 0 };
	if (zila_init(c->db, "DRG", "Durg", "दुर्ग", "01", &err) != ZILA_OK) {
		if (err.code == ZILA_EEXIST)
			fprintf(stderr, "zila: the demo needs a new database, and %s is set up already (give --db NEW.db)\n",
				zila_db_path(c->db));
		else
			cli_fail(&err);
		return CLI_REFUSED;
	}
	struct demo_progress p = { .tty = isatty(STDERR_FILENO) };
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	enum zila_status st = zila_demo_generate(c->db, records, show_progress, phases ? show_phase : NULL, &p,
		&err);
	if (p.tty)
		fputc('\n', stderr);
	if (st != ZILA_OK)
		return cli_fail(&err);
	double secs = seconds_since(&p.start);
	printf("Demo district DRG in %s: %lld grievances and %lld letters in %.1f s (%.0f records/s).\n"
		"Log in as admin, clerk, collector, nodal1..nodal6, rev.officer, rev.head, ... with password demo-pass.\n",
		zila_db_path(c->db), records, records, secs, secs > 0 ? (double)(2 * records) / secs : 0.0);
	return CLI_OK;
}
