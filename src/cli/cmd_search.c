/* cmd_search.c: zila search TEXT: letters and grievances in one list,
 * newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "zila/report.h"

static const char search_usage[] =
	N_("usage: zila search TEXT... [--limit N] [--json]\n"
	"Finds letters (number, sender, subject) and grievances (number, citizen,\n"
	"description, notes) holding every word of TEXT, or part of it, in Hindi\n"
	"or English. Newest first; at most N rows (default 20, up to 1000).\n"
	"A mobile number (+91 98765 43210, 098765-43210, 9876543210) finds that\n"
	"citizen's grievances.\n");

int
cmd_search(struct cli *c, int argc, char **argv)
{
	enum { O_LIMIT = CLI_OPT_FIRST_FREE };
	static const struct option opts[] = { { "limit", required_argument, NULL, O_LIMIT }, CLI_COMMON_LONGOPTS, { 0 } };
	static const char *const cols[] = { CLI_COL("kind", "Kind"), CLI_COL("number", "Number"),
		CLI_COL("date", "Date"), CLI_COL("status", "Status"), CLI_COL("who", "From"),
		CLI_COL("title", "Subject"), NULL };
	long limit = 20;
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_LIMIT:
			if (!cli_parse_long(optarg, 1, 1000, &limit))
				return cli_usage(search_usage, "limit: must be a number from 1 to 1000, not '%s'", optarg);
			break;
		case OPT_HELP: fputs(_(search_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(search_usage, NULL);
		}
	}
	if (optind >= argc)
		return cli_usage(search_usage, "search needs the text to look for");
	char *text = cli_join_args(argc, argv, optind);
	json_t *rows = NULL;
	struct zila_err err = { 0 };
	if ((rc = cli_open(c, 0)) == CLI_OK) {
		if (zila_search(c->db, text, (int)limit, &rows, &err) != ZILA_OK)
			rc = cli_fail(&err);
		else
			cli_print_rows(c, rows, cols);
	}
	json_decref(rows);
	free(text);
	return rc;
}
