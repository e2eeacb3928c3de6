/* cmd_inspection.c: zila inspection add|list|show|submit and zila
 * suggestion list|comply|verify: panchayat inspections at the command
 * line, over the actions and queries of include/zila/inspection.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "zila/inspection.h"
#include "zila/master.h"
#include "zila/util.h"

static const char add_usage[] =
	N_("usage: zila inspection add --gp LGD --date YYYY-MM-DD [--observations TEXT]\n"
	"                           --answer ITEM=RATING[:REMARK]... [--suggest 'DEPT|YYYY-MM-DD|TEXT']...\n"
	"                           [--draft-of NUMBER] [--nodal LOGIN] [--json]\n"
	"Records an inspection of a gram panchayat as a draft and prints its number and\n"
	"fortnight. --answer rates a checklist item (zila master list checklist) as good,\n"
	"average, poor or na; --suggest gives the responsible department, the target\n"
	"date and the suggestion. Both repeat. --draft-of replaces the answers and\n"
	"suggestions of a draft you recorded. Submit it with zila inspection submit.\n"
	"--nodal names the nodal officer whose inspection it is: an admin typing in a\n"
	"nodal officer's report must give it (an active nodal officer assigned to the\n"
	"gram panchayat); a nodal officer records only their own and leaves it out.\n");
static const char list_usage[] =
	N_("usage: zila inspection list [--nodal LOGIN] [--gp LGD] [--block LGD] [--fortnight YYYY-MM-1|2]\n"
	"                            [--status draft|submitted] [--from DATE] [--to DATE] [--limit N] [--json]\n"
	"Lists inspections, newest first (dates are the day of the inspection, inclusive).\n");
static const char show_usage[] =
	N_("usage: zila inspection show NUMBER [--json]\n"
	"Shows an inspection with its answers, suggestions and history.\n");
static const char submit_usage[] =
	N_("usage: zila inspection submit NUMBER\n"
	"Submits a draft: every checklist item must be answered. It is final.\n");
static const char inspection_usage[] =
	N_("usage: zila inspection add|list|show|submit [OPTIONS]\n"
	"Panchayat inspections by nodal officers. zila inspection COMMAND --help for each.\n");

static const char slist_usage[] =
	N_("usage: zila suggestion list [--department CODE] [--status pending|complied|verified]\n"
	"                            [--overdue] [--inspection NUMBER] [--limit N] [--json]\n"
	"Lists suggestions of submitted inspections (with --inspection, of that one,\n"
	"draft or not) by target date. Overdue: pending past the target date.\n");
static const char comply_usage[] =
	N_("usage: zila suggestion comply ID --note TEXT\n"
	"Reports a suggestion complied with, for its department's officer or head.\n"
	"ID is the suggestion's id, or NUMBER#N for the Nth suggestion of an inspection.\n");
static const char verify_usage[] =
	N_("usage: zila suggestion verify ID --accept|--return [--note TEXT]\n"
	"Accepts a complied suggestion as verified, or returns it to pending with a note.\n"
	"ID is the suggestion's id, or NUMBER#N for the Nth suggestion of an inspection.\n");
static const char suggestion_usage[] =
	N_("usage: zila suggestion list|comply|verify [OPTIONS]\n"
	"Suggestions made in inspections. zila suggestion COMMAND --help for each.\n");

enum {
	O_GP = CLI_OPT_FIRST_FREE, O_DATE, O_OBS, O_ANSWER, O_SUGGEST, O_DRAFT_OF, O_NODAL, O_BLOCK, O_FORTNIGHT,
	O_STATUS, O_FROM, O_TO, O_LIMIT, O_DEPT, O_OVERDUE, O_INSPECTION, O_NOTE, O_ACCEPT, O_RETURN
};

/* Everything any subcommand here takes; each then refuses what is not its own. */
struct opts {
	const char *gp, *date, *observations, *draft_of, *nodal, *block, *fortnight, *status, *from, *to, *limit,
		*department, *inspection, *note;
	bool overdue, accept, ret;
	json_t *answers, *suggestions;
	const char *arg; /* the one positional argument */
};

/* Splits "ITEM=RATING[:REMARK]" into an answer object. */
static int
answer_opt(json_t *answers, const char *arg, const char *usage)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return cli_usage(usage, "--answer must be ITEM=RATING[:REMARK], not '%s'", arg);
	char item[64], rating[32];
	const char *colon = strchr(eq + 1, ':');
	snprintf(item, sizeof item, "%.*s", (int)(eq - arg), arg);
	snprintf(rating, sizeof rating, "%.*s", (int)(colon ? colon - eq - 1 : (long)strlen(eq + 1)), eq + 1);
	json_t *a = json_object();
	int rc;
	if ((rc = cli_set_str(a, "item", item)) || (rc = cli_set_str(a, "rating", rating)) ||
	    (rc = cli_set_str(a, "remark", colon ? colon + 1 : NULL))) {
		json_decref(a);
		return rc;
	}
	json_array_append_new(answers, a);
	return CLI_OK;
}

/* Splits "DEPT|YYYY-MM-DD|TEXT" into a suggestion object. */
static int
suggest_opt(json_t *suggestions, const char *arg, const char *usage)
{
	const char *bar1 = strchr(arg, '|');
	const char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
	if (!bar2 || bar1 == arg || !bar2[1])
		return cli_usage(usage, "--suggest must be 'DEPT|YYYY-MM-DD|TEXT', not '%s'", arg);
	char dept[64], date[32];
	snprintf(dept, sizeof dept, "%.*s", (int)(bar1 - arg), arg);
	snprintf(date, sizeof date, "%.*s", (int)(bar2 - bar1 - 1), bar1 + 1);
	json_t *s = json_object();
	int rc;
	if ((rc = cli_set_str(s, "department", dept)) || (rc = cli_set_str(s, "target_date", date)) ||
	    (rc = cli_set_str(s, "text", bar2 + 1))) {
		json_decref(s);
		return rc;
	}
	json_array_append_new(suggestions, s);
	return CLI_OK;
}

/* Parses argv from argv[2] on with the options in allowed (a list of
 * option codes ended by 0). Returns -1 to go on, else an exit code
 * (--help printed, or a usage error). */
static int
parse(struct cli *c, int argc, char **argv, const int *allowed, const char *usage, struct opts *o)
{
	static const struct option longopts[] = {
		{ "gp", required_argument, NULL, O_GP }, { "date", required_argument, NULL, O_DATE },
		{ "observations", required_argument, NULL, O_OBS }, { "answer", required_argument, NULL, O_ANSWER },
		{ "suggest", required_argument, NULL, O_SUGGEST }, { "draft-of", required_argument, NULL, O_DRAFT_OF },
		{ "nodal", required_argument, NULL, O_NODAL }, { "block", required_argument, NULL, O_BLOCK },
		{ "fortnight", required_argument, NULL, O_FORTNIGHT }, { "status", required_argument, NULL, O_STATUS },
		{ "from", required_argument, NULL, O_FROM }, { "to", required_argument, NULL, O_TO },
		{ "limit", required_argument, NULL, O_LIMIT }, { "department", required_argument, NULL, O_DEPT },
		{ "overdue", no_argument, NULL, O_OVERDUE }, { "inspection", required_argument, NULL, O_INSPECTION },
		{ "note", required_argument, NULL, O_NOTE }, { "accept", no_argument, NULL, O_ACCEPT },
		{ "return", no_argument, NULL, O_RETURN }, CLI_COMMON_LONGOPTS, { 0 } };
	int opt, rc;
	optind = 2;
	while ((opt = cli_getopt(argc, argv, "", longopts)) != -1) {
		if (opt == OPT_HELP) {
			fputs(_(usage), stdout);
			return CLI_OK;
		}
		if (cli_common_opt(c, opt, optarg))
			continue;
		bool ok = false;
		for (const int *a = allowed; *a && !ok; a++)
			ok = *a == opt;
		if (!ok && opt == '?')
			return cli_usage(usage, NULL); /* getopt said which */
		for (const struct option *l = longopts; !ok && l->name; l++)
			if (l->val == opt)
				return cli_usage(usage, "%s %s does not take --%s", argv[0], argv[1], l->name);
		switch (opt) {
		case O_GP: o->gp = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_OBS: o->observations = optarg; break;
		case O_ANSWER:
			if ((rc = answer_opt(o->answers, optarg, usage)))
				return rc;
			break;
		case O_SUGGEST:
			if ((rc = suggest_opt(o->suggestions, optarg, usage)))
				return rc;
			break;
		case O_DRAFT_OF: o->draft_of = optarg; break;
		case O_NODAL: o->nodal = optarg; break;
		case O_BLOCK: o->block = optarg; break;
		case O_FORTNIGHT: o->fortnight = optarg; break;
		case O_STATUS: o->status = optarg; break;
		case O_FROM: o->from = optarg; break;
		case O_TO: o->to = optarg; break;
		case O_LIMIT: o->limit = optarg; break;
		case O_DEPT: o->department = optarg; break;
		case O_OVERDUE: o->overdue = true; break;
		case O_INSPECTION: o->inspection = optarg; break;
		case O_NOTE: o->note = optarg; break;
		case O_ACCEPT: o->accept = true; break;
		case O_RETURN: o->ret = true; break;
		}
	}
	if (optind < argc)
		o->arg = argv[optind++];
	if (optind < argc)
		return cli_usage(usage, "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* --limit as a number of rows (the query checks the range). */
static int
limit_opt(const char *s, int *out)
{
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	if (s && (!*s || *end || n < 1 || n > 1000)) {
		fprintf(stderr, _("zila: --limit must be a number from 1 to 1000, not '%s'\n"), s);
		return CLI_REFUSED;
	}
	*out = (int)n;
	return CLI_OK;
}

/* Finds a master's id from what was typed after an option, naming it. */
static int
master_opt(struct cli *c, enum zila_master m, const char *opt, const char *ref, char *id)
{
	struct zila_err err = { 0 };
	if (!ref)
		return CLI_OK;
	if (zila_master_resolve(c->db, m, ref, id, &err) != ZILA_OK) {
		fprintf(stderr, "zila: %s: no %s '%s'\n", opt, zila_master_name(m), ref);
		return CLI_REFUSED;
	}
	return CLI_OK;
}

/* inspection add: builds inspection.record's arguments from the options. */
static int
inspection_add(struct cli *c, struct opts *o)
{
	int rc;
	if (!o->gp || !o->date)
		return cli_usage(add_usage, "inspection add needs --gp and --date");
	if ((rc = cli_open_login(c)))
		return rc;
	json_t *args = json_object(), *res = NULL;
	json_object_set(args, "answers", o->answers);
	if (json_array_size(o->suggestions))
		json_object_set(args, "suggestions", o->suggestions);
	char id[40];
	struct zila_err err = { 0 };
	if (o->draft_of && zila_inspection_resolve(c->db, o->draft_of, id, &err) != ZILA_OK)
		rc = cli_fail(&err);
	else if (!(rc = cli_set_str(args, "gp", o->gp)) && !(rc = cli_set_str(args, "inspected_on", o->date)) &&
		 !(rc = cli_set_str(args, "observations", o->observations)) &&
		 !(rc = cli_set_str(args, "id", o->draft_of ? id : NULL)) && !(rc = cli_set_str(args, "nodal", o->nodal)))
		rc = cli_action(c, "inspection.record", args, &res);
	if (rc == CLI_OK && c->json) {
		json_object_del(res, "mutation_id");
		cli_print_record(c, res);
	} else if (rc == CLI_OK)
		printf("%s draft %s, fortnight %s\n", o->draft_of ? "Replaced" : "Recorded",
			json_string_value(json_object_get(res, "number")), json_string_value(json_object_get(res, "fortnight")));
	json_decref(res);
	json_decref(args);
	return rc;
}

/* inspection list: the filter from the options, masters by code. */
static int
inspection_list(struct cli *c, struct opts *o)
{
	static const char *const cols[] = { CLI_COL("number", "Number"), CLI_COL("inspected_on", "Date"),
		CLI_COL("fortnight", "Fortnight"), CLI_COL("gp", "LGD"), CLI_COL("gp_name", "Gram panchayat"),
		CLI_COL("block_name", "Block"), CLI_COL("nodal", "Nodal"), CLI_COL("status", "Status"),
		CLI_COL("pending_suggestions", "Pending"), NULL };
	struct zila_inspection_filter f = { .fortnight = o->fortnight, .status = o->status, .from = o->from, .to = o->to };
	char nodal[40], gp[40], block[40];
	struct zila_err err = { 0 };
	json_t *rows;
	int rc;
	if ((rc = limit_opt(o->limit, &f.limit)) || (rc = cli_open(c, 0)) ||
	    (rc = master_opt(c, ZILA_M_USER, "--nodal", o->nodal, nodal)) ||
	    (rc = master_opt(c, ZILA_M_GP, "--gp", o->gp, gp)) || (rc = master_opt(c, ZILA_M_BLOCK, "--block", o->block, block)))
		return rc;
	f.nodal_id = o->nodal ? nodal : NULL;
	f.gp_id = o->gp ? gp : NULL;
	f.block_id = o->block ? block : NULL;
	if (zila_inspection_list(c->db, &f, &rows, &err) != ZILA_OK)
		return cli_fail(&err);
	cli_print_rows(c, rows, cols);
	json_decref(rows);
	return CLI_OK;
}

/* inspection show: the record, then its answers, suggestions and events. */
static int
inspection_show(struct cli *c, struct opts *o)
{
	static const char *const answer_cols[] = { CLI_COL("item", "Item"), CLI_COL("text", "Checklist"),
		CLI_COL("rating", "Rating"), CLI_COL("remark", "Remark"), NULL };
	static const char *const sugg_cols[] = { CLI_COL("id", "Id"), CLI_COL("department", "Dept"),
		CLI_COL("target_date", "Target"), CLI_COL("status", "Status"), CLI_COL("days_overdue", "Overdue"),
		CLI_COL("text", "Suggestion"), CLI_COL("compliance_note", "Compliance"), NULL };
	static const char *const event_cols[] = { CLI_COL("at", "At"), CLI_COL("kind", "Event"),
		CLI_COL("from_status", "From"), CLI_COL("to_status", "To"), CLI_COL("actor", "By"),
		CLI_COL("note", "Note"), NULL };
	struct zila_err err = { 0 };
	json_t *insp;
	int rc;
	if (!o->arg)
		return cli_usage(show_usage, "inspection show needs a NUMBER");
	if ((rc = cli_open(c, 0)))
		return rc;
	if (zila_inspection_get(c->db, o->arg, &insp, &err) != ZILA_OK)
		return cli_fail(&err);
	cli_print_record(c, insp);
	if (!c->json) {
		printf("\n%s\n", _("Answers"));
		cli_print_rows(c, json_object_get(insp, "answers"), answer_cols);
		printf("\n%s\n", _("Suggestions"));
		cli_print_rows(c, json_object_get(insp, "suggestions"), sugg_cols);
		printf("\n%s\n", _("History"));
		cli_print_events(c, json_object_get(insp, "events"), event_cols);
	}
	json_decref(insp);
	return CLI_OK;
}

/* inspection submit NUMBER. */
static int
inspection_submit(struct cli *c, struct opts *o)
{
	int rc;
	if (!o->arg)
		return cli_usage(submit_usage, "inspection submit needs a NUMBER");
	if ((rc = cli_open_login(c)))
		return rc;
	json_t *args = json_object(), *res = NULL;
	if (!(rc = cli_set_str(args, "inspection", o->arg)) && !(rc = cli_action(c, "inspection.submit", args, &res)))
		printf(_("Submitted %s\n"), json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	return rc;
}

/* Runs one subcommand of a table with its own options and usage. */
struct sub {
	const char *name;
	int (*fn)(struct cli *, struct opts *);
	const char *usage;
	int allowed[12];
};

static int
run_sub(struct cli *c, int argc, char **argv, const struct sub *subs, size_t n, const char *usage)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		if (argc < 2)
			return cli_usage(usage, NULL);
		fputs(_(usage), stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		struct opts o = { .answers = json_array(), .suggestions = json_array() };
		int rc = parse(c, argc, argv, subs[i].allowed, subs[i].usage, &o);
		if (rc < 0)
			rc = subs[i].fn(c, &o);
		json_decref(o.answers);
		json_decref(o.suggestions);
		return rc;
	}
	return cli_usage(usage, "unknown command '%s %s'", argv[0], argv[1]);
}

int
cmd_inspection(struct cli *c, int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "add", inspection_add, add_usage, { O_GP, O_DATE, O_OBS, O_ANSWER, O_SUGGEST, O_DRAFT_OF, O_NODAL, 0 } },
		{ "list", inspection_list, list_usage,
			{ O_NODAL, O_GP, O_BLOCK, O_FORTNIGHT, O_STATUS, O_FROM, O_TO, O_LIMIT, 0 } },
		{ "show", inspection_show, show_usage, { 0 } },
		{ "submit", inspection_submit, submit_usage, { 0 } },
	};
	return run_sub(c, argc, argv, subs, ZILA_ARRAY_LEN(subs), inspection_usage);
}

/* A suggestion as typed: its id, or NUMBER#N for the Nth suggestion of
 * an inspection (the order they were given in). id holds 40 bytes. */
static int
suggestion_ref(struct cli *c, const char *ref, char *id)
{
	struct zila_err err = { 0 };
	const char *hash = strchr(ref, '#');
	if (!hash) {
		snprintf(id, 40, "%s", ref);
		return CLI_OK;
	}
	char number[64], *end;
	long n = strtol(hash + 1, &end, 10);
	snprintf(number, sizeof number, "%.*s", (int)(hash - ref), ref);
	json_t *insp;
	if (zila_inspection_get(c->db, number, &insp, &err) != ZILA_OK)
		return cli_fail(&err);
	json_t *s = n >= 1 && !*end ? json_array_get(json_object_get(insp, "suggestions"), (size_t)n - 1) : NULL;
	if (s)
		snprintf(id, 40, "%s", json_string_value(json_object_get(s, "id")));
	else
		fprintf(stderr, _("zila: inspection %1$s has no suggestion %2$s\n"), number, hash + 1);
	json_decref(insp);
	return s ? CLI_OK : CLI_REFUSED;
}

/* suggestion list. */
static int
suggestion_list(struct cli *c, struct opts *o)
{
	static const char *const cols[] = { CLI_COL("id", "Id"), CLI_COL("inspection_number", "Inspection"),
		CLI_COL("gp_name", "Gram panchayat"), CLI_COL("department", "Dept"),
		CLI_COL("target_date", "Target"), CLI_COL("status", "Status"), CLI_COL("days_overdue", "Overdue"),
		CLI_COL("text", "Suggestion"), NULL };
	struct zila_suggestion_filter f = { .status = o->status, .overdue = o->overdue };
	char dept[40], insp[40];
	struct zila_err err = { 0 };
	json_t *rows;
	int rc;
	if ((rc = limit_opt(o->limit, &f.limit)) || (rc = cli_open(c, 0)) ||
	    (rc = master_opt(c, ZILA_M_DEPARTMENT, "--department", o->department, dept)))
		return rc;
	if (o->inspection && zila_inspection_resolve(c->db, o->inspection, insp, &err) != ZILA_OK)
		return cli_fail(&err);
	f.department_id = o->department ? dept : NULL;
	f.inspection_id = o->inspection ? insp : NULL;
	if (zila_suggestion_list(c->db, &f, &rows, &err) != ZILA_OK)
		return cli_fail(&err);
	cli_print_rows(c, rows, cols);
	json_decref(rows);
	return CLI_OK;
}

/* suggestion comply ID --note TEXT. */
static int
suggestion_comply(struct cli *c, struct opts *o)
{
	char id[40];
	int rc;
	if (!o->arg || !o->note)
		return cli_usage(comply_usage, "suggestion comply needs an ID and --note");
	if ((rc = cli_open_login(c)) || (rc = suggestion_ref(c, o->arg, id)))
		return rc;
	json_t *args = json_object();
	if (!(rc = cli_set_str(args, "suggestion", id)) && !(rc = cli_set_str(args, "note", o->note)) &&
	    !(rc = cli_action(c, "suggestion.comply", args, NULL)))
		printf(_("Complied %s\n"), o->arg);
	json_decref(args);
	return rc;
}

/* suggestion verify ID --accept|--return [--note TEXT]. */
static int
suggestion_verify(struct cli *c, struct opts *o)
{
	char id[40];
	int rc;
	if (!o->arg || o->accept == o->ret)
		return cli_usage(verify_usage, "suggestion verify needs an ID and one of --accept or --return");
	if ((rc = cli_open_login(c)) || (rc = suggestion_ref(c, o->arg, id)))
		return rc;
	json_t *args = json_pack("{s:b}", "accept", o->accept);
	if (!(rc = cli_set_str(args, "suggestion", id)) && !(rc = cli_set_str(args, "note", o->note)) &&
	    !(rc = cli_action(c, "suggestion.verify", args, NULL)))
		printf("%s %s\n", o->accept ? "Verified" : "Returned to the department:", o->arg);
	json_decref(args);
	return rc;
}

int
cmd_suggestion(struct cli *c, int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "list", suggestion_list, slist_usage, { O_DEPT, O_STATUS, O_OVERDUE, O_INSPECTION, O_LIMIT, 0 } },
		{ "comply", suggestion_comply, comply_usage, { O_NOTE, 0 } },
		{ "verify", suggestion_verify, verify_usage, { O_ACCEPT, O_RETURN, O_NOTE, 0 } },
	};
	return run_sub(c, argc, argv, subs, ZILA_ARRAY_LEN(subs), suggestion_usage);
}
