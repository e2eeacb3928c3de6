/* cmd_triage.c: zila triage train|suggest|info: the suggested-routing
 * model of this database, learned from its disposed grievances. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "zila/triage.h"

static const char triage_usage[] =
	N_("usage: zila triage train [--max N] [--json]\n"
	"       zila triage suggest [--subject TEXT] TEXT... [--json]\n"
	"       zila triage info [--json]\n"
	"Suggested routing. train learns, from the grievances of this database\n"
	"that were disposed (the N most recent, default 200000), which words lead\n"
	"to which category, and stores the model in the database, replacing the\n"
	"one before. suggest prints the three likeliest categories (and their\n"
	"departments) for a grievance's description, with the words of the text\n"
	"that led to each. It only suggests: a person picks the category.\n"
	"info says when the stored model was made and from how much.\n");

static json_t *
stats_json(const struct zila_triage_stats *s)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:i, s:I, s:I}", "trained_at", s->trained_at, "examples",
		(json_int_t)s->examples, "transferred", (json_int_t)s->transferred, "skipped", (json_int_t)s->skipped,
		"categories", s->categories, "features", (json_int_t)s->features, "bytes", (json_int_t)s->bytes);
}

static void
print_stats(const struct cli *c, const struct zila_triage_stats *s, const char *verb)
{
	if (c->json) {
		json_t *o = stats_json(s);
		cli_print_record(c, o);
		json_decref(o);
		return;
	}
	printf("%s %s from %ld disposed grievances (%ld of them transferred, %ld skipped):\n"
		"%d categories, %ld features, %zu bytes.\n",
		verb, s->trained_at, s->examples, s->transferred, s->skipped, s->categories, s->features, s->bytes);
}

static int
triage_train(struct cli *c, int argc, char **argv)
{
	enum { O_MAX = CLI_OPT_FIRST_FREE };
	static const struct option opts[] = { { "max", required_argument, NULL, O_MAX }, CLI_COMMON_LONGOPTS, { 0 } };
	struct zila_triage_opts to = { 0 };
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_MAX:
			if (!cli_parse_long(optarg, 10, 10000000, &to.max_examples))
				return cli_usage(triage_usage, "max: must be a number from 10 to 10000000, not '%s'", optarg);
			break;
		case OPT_HELP: fputs(_(triage_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(triage_usage, NULL);
		}
	}
	if (optind < argc)
		return cli_usage(triage_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, 0)))
		return rc;
	struct zila_triage_stats st;
	struct zila_err err = { 0 };
	if (zila_triage_train(c->db, &to, &st, &err))
		return cli_fail(&err);
	print_stats(c, &st, "trained");
	return CLI_OK;
}

static json_t *
suggestion_json(const struct zila_triage_suggestion *s)
{
	json_t *reasons = json_array();
	for (int i = 0; i < s->nreasons; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:f}", "word", s->reasons[i].word, "weight",
			s->reasons[i].weight));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:o}", "category", s->category, "name_en", s->category_en,
		"name_hi", s->category_hi, "department", s->department, "department_en", s->department_en,
		"department_hi", s->department_hi, "score", s->score, "reasons", reasons);
}

static int
triage_suggest(struct cli *c, int argc, char **argv)
{
	enum { O_SUBJECT = CLI_OPT_FIRST_FREE };
	static const struct option opts[] = { { "subject", required_argument, NULL, O_SUBJECT }, CLI_COMMON_LONGOPTS, { 0 } };
	const char *subject = NULL;
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_SUBJECT: subject = optarg; break;
		case OPT_HELP: fputs(_(triage_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(triage_usage, NULL);
		}
	}
	char *text = cli_join_args(argc, argv, optind);
	if (!text[strspn(text, " \t\n")] && (!subject || !subject[strspn(subject, " \t\n")])) {
		free(text);
		return cli_usage(triage_usage, "suggest needs the grievance's description");
	}
	struct zila_triage_model *m = NULL;
	struct zila_triage_suggestion sg[ZILA_TRIAGE_TOP];
	struct zila_err err = { 0 };
	int n = 0;
	if ((rc = cli_open(c, ZILA_DB_READONLY)) == CLI_OK) {
		if (zila_triage_load(c->db, &m, &err) || zila_triage_suggest(m, subject, text, sg, &n, &err))
			rc = cli_fail(&err);
	}
	if (rc == CLI_OK && c->json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, suggestion_json(&sg[i]));
		json_t *obj = json_pack("{s:o}", "suggestions", arr);
		json_dumpf(obj, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
		putchar('\n');
		json_decref(obj);
	} else if (rc == CLI_OK) {
		if (n == 0)
			fputs(_("No suggestion: the text has no word the model has learned.\n"), stdout);
		for (int i = 0; i < n; i++) {
			printf("%d. %-10s %s (%s), %s  %.0f%%\n", i + 1, sg[i].category, sg[i].category_en, sg[i].category_hi,
				sg[i].department_en, sg[i].score * 100);
			if (sg[i].nreasons > 0) {
				printf("   because of:");
				for (int r = 0; r < sg[i].nreasons; r++)
					printf("%s %s", r ? "," : "", sg[i].reasons[r].word);
				printf("\n");
			}
		}
	}
	zila_triage_free(&m);
	free(text);
	return rc;
}

static int
triage_info(struct cli *c, int argc, char **argv)
{
	int o, rc;
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(triage_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(triage_usage, NULL);
	}
	if (optind < argc)
		return cli_usage(triage_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, ZILA_DB_READONLY)))
		return rc;
	struct zila_triage_stats st;
	struct zila_err err = { 0 };
	if (zila_triage_info(c->db, &st, &err))
		return cli_fail(&err);
	print_stats(c, &st, "trained");
	return CLI_OK;
}

int
cmd_triage(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(triage_usage, "triage needs train, suggest or info");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(_(triage_usage), stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "train") == 0)
		return triage_train(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "suggest") == 0)
		return triage_suggest(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "info") == 0)
		return triage_info(c, argc - 1, argv + 1);
	return cli_usage(triage_usage, "unknown triage command '%s'", argv[1]);
}
