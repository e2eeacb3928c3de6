/* cmd_letter.c: zila letter add|list|show|mark|remind|reply|close: the
 * inward register (dak) and its time limits at the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/util.h"

enum {
	O_SENDER = CLI_OPT_FIRST_FREE, O_SUBJECT, O_RECEIVED_ON, O_SENDER_REF, O_LETTER_DATE, O_REMARKS, O_MARK,
	O_STATUS, O_DEPARTMENT, O_OVERDUE, O_FROM, O_TO, O_SEARCH, O_MARKINGS, O_SORT, O_LIMIT, O_AFTER, O_BEFORE,
	O_DAYS, O_NOTE, O_REPLY, O_REPLY_REF, O_REPLIED_ON, O_LAST
};
#define BIT(o) (1ull << ((o) - CLI_OPT_FIRST_FREE))

static const struct option letter_opts[] = {
	{ "sender", required_argument, NULL, O_SENDER }, { "subject", required_argument, NULL, O_SUBJECT },
	{ "received-on", required_argument, NULL, O_RECEIVED_ON }, { "sender-ref", required_argument, NULL, O_SENDER_REF },
	{ "letter-date", required_argument, NULL, O_LETTER_DATE }, { "remarks", required_argument, NULL, O_REMARKS },
	{ "mark", required_argument, NULL, O_MARK }, { "status", required_argument, NULL, O_STATUS },
	{ "department", required_argument, NULL, O_DEPARTMENT }, { "overdue", no_argument, NULL, O_OVERDUE },
	{ "from", required_argument, NULL, O_FROM }, { "to", required_argument, NULL, O_TO },
	{ "search", required_argument, NULL, O_SEARCH }, { "markings", no_argument, NULL, O_MARKINGS },
	{ "sort", required_argument, NULL, O_SORT }, { "limit", required_argument, NULL, O_LIMIT },
	{ "after", required_argument, NULL, O_AFTER }, { "before", required_argument, NULL, O_BEFORE },
	{ "days", required_argument, NULL, O_DAYS }, { "note", required_argument, NULL, O_NOTE },
	{ "reply", required_argument, NULL, O_REPLY }, { "reply-ref", required_argument, NULL, O_REPLY_REF },
	{ "replied-on", required_argument, NULL, O_REPLIED_ON },
	CLI_COMMON_LONGOPTS, { 0 }
};

struct letter_cmd {
	const char *val[O_LAST - CLI_OPT_FIRST_FREE];
	json_t *marks; /* --mark DEPT:DAYS, in order */
	bool overdue, markings;
	const char *ref; /* NUMBER */
};

static const struct {
	const char *name;
	unsigned long long opts;
	const char *usage;
} subs[] = {
	{ "add", BIT(O_SENDER) | BIT(O_SUBJECT) | BIT(O_RECEIVED_ON) | BIT(O_SENDER_REF) | BIT(O_LETTER_DATE) |
		BIT(O_REMARKS) | BIT(O_MARK),
	  N_("usage: zila letter add --sender NAME --subject TEXT [--received-on DATE]\n"
	  "                       [--sender-ref REF] [--letter-date DATE] [--remarks TEXT]\n"
	  "                       [--mark DEPT:DAYS]...\n"
	  "Diarises an inward letter and prints its number (DRG/L/07/2026/00123).\n"
	  "--received-on defaults to today and may not be in the future. Each --mark\n"
	  "marks it to a department (code) with a time limit of 1-365 days.\n") },
	{ "list", BIT(O_STATUS) | BIT(O_DEPARTMENT) | BIT(O_OVERDUE) | BIT(O_FROM) | BIT(O_TO) | BIT(O_SEARCH) |
		BIT(O_MARKINGS) | BIT(O_SORT) | BIT(O_LIMIT) | BIT(O_AFTER) | BIT(O_BEFORE),
	  N_("usage: zila letter list [--status S] [--department DEPT] [--overdue] [--from DATE]\n"
	  "                        [--to DATE] [--search TEXT] [--markings] [--sort SORT]\n"
	  "                        [--limit N] [--after KEY,ID | --before KEY,ID] [--json]\n"
	  "Lists letters (newest first), or with --markings one row per marking.\n"
	  "--status: open|closed for letters; pending|replied|closed|open for markings.\n"
	  "--overdue: with a pending marking due before today. --from/--to: received on.\n"
	  "--search: number, sender, subject (Hindi or English, parts of words).\n"
	  "--sort: received (newest first, the default for letters), due (the default\n"
	  "for markings; letters by their earliest pending due date, then those with\n"
	  "nothing pending) or number. --after/--before KEY,ID: the page after (before)\n"
	  "that row, as the 'more' line of the previous page says.\n") },
	{ "show", 0,
	  N_("usage: zila letter show NUMBER [--json]\n"
	  "Shows a letter, its markings and its history.\n") },
	{ "mark", BIT(O_DEPARTMENT) | BIT(O_DAYS) | BIT(O_NOTE),
	  N_("usage: zila letter mark NUMBER --department DEPT --days N [--note TEXT]\n"
	  "Marks an open letter to one more department with a time limit of N days.\n") },
	{ "remind", BIT(O_DEPARTMENT) | BIT(O_NOTE),
	  N_("usage: zila letter remind NUMBER [--department DEPT] [--note TEXT]\n"
	  "Records a reminder to the department, or to every department whose\n"
	  "marking is still pending.\n") },
	{ "reply", BIT(O_DEPARTMENT) | BIT(O_REPLY) | BIT(O_REPLY_REF) | BIT(O_REPLIED_ON),
	  N_("usage: zila letter reply NUMBER --reply TEXT [--department DEPT] [--reply-ref REF]\n"
	  "                         [--replied-on DATE]\n"
	  "Records a department's reply (officers and heads: their own department,\n"
	  "which is the default).\n") },
	{ "close", BIT(O_DEPARTMENT) | BIT(O_NOTE),
	  N_("usage: zila letter close NUMBER [--department DEPT] [--note TEXT]\n"
	  "Closes the department's marking, or every open marking; the letter closes\n"
	  "with its last marking. A marking still pending (no reply) is closed only by\n"
	  "the Collector or an admin, with a note.\n") },
};

static const char letter_usage[] =
	N_("usage: zila letter add|list|show|mark|remind|reply|close ... (--help on each)\n");

/* "DEPT:DAYS" into {department, days}. */
static int
parse_mark(struct letter_cmd *lc, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	long days = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || colon == arg || !colon[1] || *end) {
		fprintf(stderr, _("zila: --mark must be DEPT:DAYS, like REV:15, not '%s'\n"), arg);
		return CLI_USAGE;
	}
	json_t *dept = json_stringn(arg, (size_t)(colon - arg));
	if (!dept) {
		fputs(_("zila: --mark is not valid UTF-8\n"), stderr);
		return CLI_REFUSED;
	}
	json_array_append_new(lc->marks, json_pack("{s:o, s:I}", "department", dept, "days", (json_int_t)days));
	return CLI_OK;
}

/* Parses the options of one subcommand; refuses options it does not take. */
static int
parse(struct cli *c, int argc, char **argv, int sub, struct letter_cmd *lc)
{
	int o, rc;
	optind = 2;
	while ((o = cli_getopt(argc, argv, "", letter_opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(subs[sub].usage), stdout);
			return -1;
		}
		if (cli_common_opt(c, o, optarg))
			continue;
		if (o < CLI_OPT_FIRST_FREE || o >= O_LAST || !(subs[sub].opts & BIT(o)))
			return cli_usage(subs[sub].usage, o == '?' ? NULL : "letter %s does not take that option",
				subs[sub].name);
		if (o == O_OVERDUE)
			lc->overdue = true;
		else if (o == O_MARKINGS)
			lc->markings = true;
		else if (o == O_MARK && (rc = parse_mark(lc, optarg)))
			return rc;
		else
			lc->val[o - CLI_OPT_FIRST_FREE] = optarg;
	}
	bool wants_ref = strcmp(subs[sub].name, "add") != 0 && strcmp(subs[sub].name, "list") != 0;
	if (wants_ref) {
		if (optind >= argc)
			return cli_usage(subs[sub].usage, "letter %s needs the letter's NUMBER", subs[sub].name);
		lc->ref = argv[optind++];
	}
	if (optind < argc)
		return cli_usage(subs[sub].usage, "unexpected '%s'", argv[optind]);
	return CLI_OK;
}

#define V(lc, o) ((lc)->val[(o) - CLI_OPT_FIRST_FREE])

/* Builds the action's arguments from options: each pair is key, option. */
static int
args_from(const struct letter_cmd *lc, json_t *args, const char *const *keys, const int *opts, size_t n)
{
	int rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = cli_set_str(args, keys[i], V(lc, opts[i]))))
			return rc;
	return CLI_OK;
}

static int
do_add(struct cli *c, struct letter_cmd *lc)
{
	static const char *const keys[] = { "sender", "subject", "received_on", "sender_ref", "letter_date", "remarks" };
	static const int opts[] = { O_SENDER, O_SUBJECT, O_RECEIVED_ON, O_SENDER_REF, O_LETTER_DATE, O_REMARKS };
	if (!V(lc, O_SENDER) || !V(lc, O_SUBJECT))
		return cli_usage(subs[0].usage, "letter add needs --sender and --subject");
	json_t *args = json_object(), *res = NULL;
	int rc = args_from(lc, args, keys, opts, ZILA_ARRAY_LEN(opts));
	if (!rc && json_array_size(lc->marks))
		json_object_set(args, "marks", lc->marks);
	if (!rc && !(rc = cli_open_login(c)) && !(rc = cli_action(c, "letter.create", args, &res))) {
		if (c->json)
			cli_print_record(c, res);
		else
			puts(json_string_value(json_object_get(res, "number")));
	}
	json_decref(res);
	json_decref(args);
	return rc;
}

/* --after/--before KEY,ID: split at the last comma (ids have none). */
static int
parse_keyset(const char *arg, char *key, size_t kn, const char **id)
{
	const char *comma = arg ? strrchr(arg, ',') : NULL;
	if (!comma || comma == arg || !comma[1] || (size_t)(comma - arg) >= kn) {
		fputs(_("zila: --after and --before take KEY,ID (as the 'more' line prints)\n"), stderr);
		return CLI_USAGE;
	}
	snprintf(key, kn, "%.*s", (int)(comma - arg), arg);
	*id = comma + 1;
	return CLI_OK;
}

static int
do_list(struct cli *c, struct letter_cmd *lc)
{
	static const char *const letter_cols[] = { CLI_COL("number", "Number"), CLI_COL("received_on", "Received"),
		CLI_COL("sender", "Sender"), CLI_COL("subject", "Subject"), CLI_COL("status", "Status"),
		CLI_COL("departments", "Marked to"), CLI_COL("next_due", "Next due"),
		CLI_COL("overdue_markings", "Overdue"), NULL };
	static const char *const marking_cols[] = { CLI_COL("number", "Number"), CLI_COL("department", "Dept"),
		CLI_COL("marked_on", "Marked"), CLI_COL("due_date", "Due"), CLI_COL("status", "Status"),
		CLI_COL("reminders", "Reminders"), CLI_COL("days_overdue", "Days over"),
		CLI_COL("subject", "Subject"), NULL };
	struct zila_letter_filter f = { .status = V(lc, O_STATUS), .overdue = lc->overdue, .from = V(lc, O_FROM),
		.to = V(lc, O_TO), .text = V(lc, O_SEARCH), .sort = lc->markings ? ZILA_LSORT_DUE : ZILA_LSORT_RECEIVED };
	struct zila_err err = { 0 };
	char dept_id[40], key[128];
	int rc;
	const char *sort = V(lc, O_SORT);
	if (sort) {
		if (strcmp(sort, "received") == 0)
			f.sort = ZILA_LSORT_RECEIVED;
		else if (strcmp(sort, "due") == 0)
			f.sort = ZILA_LSORT_DUE;
		else if (strcmp(sort, "number") == 0)
			f.sort = ZILA_LSORT_NUMBER;
		else
			return cli_usage(subs[1].usage, "--sort must be received, due or number");
	}
	if (V(lc, O_AFTER) && V(lc, O_BEFORE))
		return cli_usage(subs[1].usage, "give --after or --before, not both");
	if (V(lc, O_AFTER) || V(lc, O_BEFORE)) {
		f.backward = V(lc, O_BEFORE) != NULL;
		if ((rc = parse_keyset(f.backward ? V(lc, O_BEFORE) : V(lc, O_AFTER), key, sizeof key, &f.after_id)))
			return rc;
		f.after_key = key;
	}
	if (V(lc, O_LIMIT)) {
		char *end;
		long n = strtol(V(lc, O_LIMIT), &end, 10);
		if (!*V(lc, O_LIMIT) || *end || n < 1 || n > 1000) {
			fputs(_("zila: limit must be between 1 and 1000\n"), stderr);
			return CLI_REFUSED;
		}
		f.limit = (int)n;
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	if (V(lc, O_DEPARTMENT)) {
		if (zila_master_resolve(c->db, ZILA_M_DEPARTMENT, V(lc, O_DEPARTMENT), dept_id, &err))
			return cli_fail(&err);
		f.department_id = dept_id;
	}
	json_t *rows;
	if ((lc->markings ? zila_marking_list(c->db, &f, &rows, &err) : zila_letter_list(c->db, &f, &rows, &err)))
		return cli_fail(&err);
	cli_print_rows(c, rows, lc->markings ? marking_cols : letter_cols);
	size_t n = json_array_size(rows);
	if (!c->json && n == (size_t)(f.limit ? f.limit : 50)) {
		json_t *last = json_array_get(rows, n - 1);
		printf("more: --after %s,%s\n", json_string_value(json_object_get(last, "sort_key")),
			json_string_value(json_object_get(last, "id")));
	}
	json_decref(rows);
	return CLI_OK;
}

static int
do_show(struct cli *c, struct letter_cmd *lc)
{
	static const char *const marking_cols[] = { CLI_COL("department", "Dept"), CLI_COL("marked_on", "Marked"),
		CLI_COL("time_limit_days", "Days"), CLI_COL("due_date", "Due"), CLI_COL("status", "Status"),
		CLI_COL("reminders", "Reminders"), CLI_COL("days_overdue", "Days over"),
		CLI_COL("replied_on", "Replied"), CLI_COL("reply", "Reply"), NULL };
	static const char *const event_cols[] = { CLI_COL("at", "At"), CLI_COL("kind", "Event"),
		CLI_COL("department", "Dept"), CLI_COL("from_status", "From"), CLI_COL("to_status", "To"),
		CLI_COL("actor", "By"), CLI_COL("note", "Note"), NULL };
	struct zila_err err = { 0 };
	json_t *l;
	int rc;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (zila_letter_get(c->db, lc->ref, &l, &err))
		return cli_fail(&err);
	cli_print_record(c, l);
	if (!c->json) {
		printf("\n%s\n", _("Markings:"));
		cli_print_rows(c, json_object_get(l, "markings"), marking_cols);
		printf("\n%s\n", _("History:"));
		cli_print_events(c, json_object_get(l, "events"), event_cols);
	}
	json_decref(l);
	return CLI_OK;
}

/* mark, remind, reply, close: one action on a letter, and a line saying
 * what was done. */
static int
do_change(struct cli *c, struct letter_cmd *lc, const char *sub)
{
	static const char *const keys[] = { "department", "note", "reply", "reply_ref", "replied_on" };
	static const int opts[] = { O_DEPARTMENT, O_NOTE, O_REPLY, O_REPLY_REF, O_REPLIED_ON };
	char action[32];
	json_t *args = json_pack("{s:s}", "letter", lc->ref), *res = NULL;
	int rc;
	if (!args) {
		fputs(_("zila: the letter number is not valid UTF-8\n"), stderr);
		return CLI_REFUSED;
	}
	if (strcmp(sub, "mark") == 0 && (!V(lc, O_DEPARTMENT) || !V(lc, O_DAYS)))
		rc = cli_usage(subs[3].usage, "letter mark needs --department and --days");
	else if (strcmp(sub, "reply") == 0 && !V(lc, O_REPLY))
		rc = cli_usage(subs[5].usage, "letter reply needs --reply");
	else if (!(rc = args_from(lc, args, keys, opts, ZILA_ARRAY_LEN(opts))) &&
		 !(rc = cli_set_int(args, "days", V(lc, O_DAYS))) && !(rc = cli_open_login(c))) {
		snprintf(action, sizeof action, "letter.%s", sub);
		rc = cli_action(c, action, args, &res);
	}
	if (rc == CLI_OK && c->json)
		cli_print_record(c, res);
	else if (rc == CLI_OK) {
		const char *num = json_string_value(json_object_get(res, "number"));
		if (strcmp(sub, "mark") == 0)
			printf(_("Marked %1$s to %2$s, due %3$s\n"), num, json_string_value(json_object_get(res, "department")),
				json_string_value(json_object_get(res, "due_date")));
		else if (strcmp(sub, "remind") == 0)
		{
			long long n = json_integer_value(json_object_get(res, "reminded"));
			printf(zila_ngettext("Reminded %1$lld department about %2$s\n", "Reminded %1$lld departments about %2$s\n",
				(unsigned long)n), n, num);
		}
		else if (strcmp(sub, "reply") == 0)
			printf(_("Recorded the reply of %1$s to %2$s\n"), json_string_value(json_object_get(res, "department")), num);
		else
		{
			long long n = json_integer_value(json_object_get(res, "closed"));
			printf(zila_ngettext("Closed %1$lld marking of %2$s; the letter is %3$s\n",
				"Closed %1$lld markings of %2$s; the letter is %3$s\n", (unsigned long)n), n, num,
				cli_status_word(json_string_value(json_object_get(res, "letter_status"))));
		}
	}
	json_decref(res);
	json_decref(args);
	return rc;
}

int
cmd_letter(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(letter_usage, NULL);
	if (strcmp(argv[1], "--help") == 0) {
		fputs(_(letter_usage), stdout);
		for (size_t i = 0; i < ZILA_ARRAY_LEN(subs); i++)
			printf("\n%s", _(subs[i].usage));
		return CLI_OK;
	}
	int sub = -1;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			sub = (int)i;
	if (sub < 0)
		return cli_usage(letter_usage, "unknown letter command '%s'", argv[1]);
	struct letter_cmd lc = { .marks = json_array() };
	int rc = parse(c, argc, argv, sub, &lc);
	if (rc == CLI_OK) {
		const char *name = subs[sub].name;
		if (strcmp(name, "add") == 0)
			rc = do_add(c, &lc);
		else if (strcmp(name, "list") == 0)
			rc = do_list(c, &lc);
		else if (strcmp(name, "show") == 0)
			rc = do_show(c, &lc);
		else
			rc = do_change(c, &lc, name);
	}
	json_decref(lc.marks);
	return rc < 0 ? CLI_OK : rc;
}
