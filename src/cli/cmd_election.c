/* cmd_election.c: zila election ...: the election staff module at the
 * command line, over include/zila/election.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "election_orders.h"
#include "zila/election.h"
#include "zila/util.h"

static const char election_usage[] =
	N_("usage: zila election COMMAND ...\n"
	"  import KIND FILE.csv        constituencies, stations, offices or officials (all or nothing)\n"
	"  list KIND [--election CODE] constituencies, stations, offices, officials, elections,\n"
	"                              runs, parties, postings (the last three need --election)\n"
	"  rules CODE --name TEXT [--name-hi TEXT] [--polling-officers 1-3] [--po-min-level N]\n"
	"        [--reserve PCT] [--same-office-ok] [--home-ok] [--no-women-parties]\n"
	"                              set an election and its rules\n"
	"  exempt EMPLOYEE_ID --reason TEXT | --lift\n"
	"                              exempt an official (he leaves his party: a hole to fill)\n"
	"  randomise CODE 1|2|3 [--seed HEX16]\n"
	"                              1 officials to constituencies, 2 into parties, 3 parties to\n"
	"                              polling stations; a run again only fills holes\n"
	"  verify N [--election CODE]  re-run randomisation N and compare with what it recorded\n"
	"  summary CODE                constituencies, parties, stations covered, reserve, exemptions\n"
	"  orders CODE appointment|parties [--ref EMPLOYEE_ID|AC] [--lang hi|en] [--pdf FILE]\n"
	"                              appointment orders or party lists, as text or PDF\n"
	"Options: --json, --csv for lists; --db, --user as everywhere.\n");

enum { O_ELECTION = CLI_OPT_FIRST_FREE, O_NAME, O_NAME_HI, O_PO, O_LEVEL, O_RESERVE, O_SAME_OFFICE, O_HOME_OK,
	O_NO_WOMEN, O_REASON, O_LIFT, O_SEED, O_REF, O_LANG, O_PDF };

struct opts {
	const char *election, *name, *name_hi, *po, *level, *reserve, *reason, *seed, *ref, *lang, *pdf;
	bool same_office, home_ok, no_women, lift;
	const char *pos[3];
	int npos;
};

static int
parse(struct cli *c, int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "election", required_argument, NULL, O_ELECTION }, { "name", required_argument, NULL, O_NAME },
		{ "name-hi", required_argument, NULL, O_NAME_HI }, { "polling-officers", required_argument, NULL, O_PO },
		{ "po-min-level", required_argument, NULL, O_LEVEL }, { "reserve", required_argument, NULL, O_RESERVE },
		{ "same-office-ok", no_argument, NULL, O_SAME_OFFICE }, { "home-ok", no_argument, NULL, O_HOME_OK },
		{ "no-women-parties", no_argument, NULL, O_NO_WOMEN }, { "reason", required_argument, NULL, O_REASON },
		{ "lift", no_argument, NULL, O_LIFT }, { "seed", required_argument, NULL, O_SEED },
		{ "ref", required_argument, NULL, O_REF }, { "lang", required_argument, NULL, O_LANG },
		{ "pdf", required_argument, NULL, O_PDF }, CLI_COMMON_LONGOPTS, { 0 } };
	int opt;
	memset(o, 0, sizeof *o);
	optind = 2;
	while ((opt = cli_getopt(argc, argv, "", longopts)) != -1) {
		switch (opt) {
		case O_ELECTION: o->election = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_NAME_HI: o->name_hi = optarg; break;
		case O_PO: o->po = optarg; break;
		case O_LEVEL: o->level = optarg; break;
		case O_RESERVE: o->reserve = optarg; break;
		case O_SAME_OFFICE: o->same_office = true; break;
		case O_HOME_OK: o->home_ok = true; break;
		case O_NO_WOMEN: o->no_women = true; break;
		case O_REASON: o->reason = optarg; break;
		case O_LIFT: o->lift = true; break;
		case O_SEED: o->seed = optarg; break;
		case O_REF: o->ref = optarg; break;
		case O_LANG: o->lang = optarg; break;
		case O_PDF: o->pdf = optarg; break;
		case OPT_HELP: fputs(_(election_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, opt, optarg))
				return cli_usage(election_usage, NULL);
		}
	}
	for (; optind < argc; optind++) {
		if (o->npos == 3)
			return cli_usage(election_usage, "too many arguments: '%s'", argv[optind]);
		o->pos[o->npos++] = argv[optind];
	}
	return -1;
}

/* The headings of each list's table, in the language in use; CSV and
 * JSON keep the query's keys, which imports and scripts read. */
#define NAME_COLS CLI_COL("name_en", "Name"), CLI_COL("name_hi", "Name in Hindi")
static const char *const constituency_cols[] = { CLI_COL("code", "Code"), NAME_COLS, CLI_COL("stations", "Stations"),
	CLI_COL("women_stations", "Women"), NULL };
static const char *const station_cols[] = { CLI_COL("code", "Code"), CLI_COL("constituency", "AC"), NAME_COLS,
	CLI_COL("women", "Women"), CLI_COL("model", "Model"), NULL };
static const char *const office_cols[] = { CLI_COL("code", "Code"), NAME_COLS, CLI_COL("kind", "Kind"), NULL };
static const char *const official_cols[] = { CLI_COL("employee_id", "Employee ID"), CLI_COL("name", "Name"),
	CLI_COL("gender", "Gender"), CLI_COL("office", "Office"), CLI_COL("designation", "Designation"),
	CLI_COL("pay_level", "Pay level"), CLI_COL("home_ac", "Home AC"), CLI_COL("posting_ac", "Posting AC"),
	CLI_COL("mobile", "Mobile"), CLI_COL("exempt", "Exempt"), CLI_COL("exempt_reason", "Reason"), NULL };
static const char *const election_cols[] = { CLI_COL("code", "Code"), NAME_COLS,
	CLI_COL("polling_officers", "Polling officers"), CLI_COL("po_min_level", "PO's least pay level"),
	CLI_COL("reserve_pct", "Reserve per cent"), CLI_COL("distinct_office", "One per office"),
	CLI_COL("not_home", "Not home AC"), CLI_COL("women_only", "Women's stations"), NULL };
static const char *const run_cols[] = { CLI_COL("seq", "Run"), CLI_COL("stage", "Stage"), CLI_COL("seed", "Seed"),
	CLI_COL("filled", "Filled"), CLI_COL("inputs_hash", "Inputs hash"), CLI_COL("result_hash", "Result hash"),
	CLI_COL("created_at", "When"), CLI_COL("by_user", "By"), NULL };
static const char *const party_cols[] = { CLI_COL("constituency", "AC"), CLI_COL("number", "Party"),
	CLI_COL("women", "Women"), CLI_COL("station", "Station"), CLI_COL("members", "Members"), NULL };
static const char *const posting_cols[] = { CLI_COL("employee_id", "Employee ID"), CLI_COL("name", "Name"),
	CLI_COL("constituency", "AC"), CLI_COL("slot", "Slot"), CLI_COL("party", "Party"), CLI_COL("seat", "Seat"),
	CLI_COL("run", "Run"), NULL };
#undef NAME_COLS
static const struct {
	const char *kind;
	const char *const *cols;
} list_cols[] = {
	{ "constituencies", constituency_cols }, { "stations", station_cols }, { "offices", office_cols },
	{ "officials", official_cols }, { "elections", election_cols }, { "runs", run_cols },
	{ "parties", party_cols }, { "postings", posting_cols },
};

/* Prints rows with every column the query gave. */
static void
print_all(struct cli *c, json_t *rows)
{
	const char *cols[20];
	size_t n = 0;
	const char *key;
	json_t *v, *first = json_array_get(rows, 0);
	if (first)
		json_object_foreach(first, key, v)
			if (n < 19)
				cols[n++] = key;
	cols[n] = NULL;
	if (n || c->json)
		cli_print_rows(c, rows, cols);
}

static int
do_import(struct cli *c, struct opts *o)
{
	if (o->npos != 2)
		return cli_usage(election_usage, "election import needs a KIND and a FILE");
	FILE *f = strcmp(o->pos[1], "-") == 0 ? stdin : fopen(o->pos[1], "r");
	if (!f) {
		fprintf(stderr, _("zila: cannot open %s\n"), o->pos[1]);
		return CLI_REFUSED;
	}
	int rc = cli_open_login(c), count = 0;
	struct zila_err err = { 0 };
	enum zila_status st = rc ? ZILA_EAUTH : zila_election_import_csv(c->db, &c->actor, o->pos[0], f, o->pos[1], &count, &err);
	if (f != stdin)
		fclose(f);
	if (rc)
		return rc;
	if (st != ZILA_OK)
		return cli_fail(&err);
	printf(_("Imported %d rows of %s from %s.\n"), count, o->pos[0], o->pos[1]);
	return CLI_OK;
}

static int
do_rules(struct cli *c, struct opts *o)
{
	if (o->npos != 1)
		return cli_usage(election_usage, "election rules needs the election's CODE");
	json_t *args = json_object();
	int rc;
	if ((rc = cli_set_str(args, "code", o->pos[0])) || (rc = cli_set_str(args, "name_en", o->name)) ||
	    (rc = cli_set_str(args, "name_hi", o->name_hi)) || (o->po && (rc = cli_set_int(args, "polling_officers", o->po))) ||
	    (o->level && (rc = cli_set_int(args, "po_min_level", o->level))) ||
	    (o->reserve && (rc = cli_set_int(args, "reserve_pct", o->reserve)))) {
		json_decref(args);
		return rc;
	}
	json_object_set_new(args, "distinct_office", json_boolean(!o->same_office));
	json_object_set_new(args, "not_home", json_boolean(!o->home_ok));
	json_object_set_new(args, "women_only", json_boolean(!o->no_women));
	if ((rc = cli_open_login(c)) == CLI_OK && (rc = cli_action(c, "election.rules", args, NULL)) == CLI_OK)
		printf(_("Election %s: rules set.\n"), o->pos[0]);
	json_decref(args);
	return rc;
}

static int
do_exempt(struct cli *c, struct opts *o)
{
	if (o->npos != 1 || (!o->reason == !o->lift))
		return cli_usage(election_usage, "election exempt needs an EMPLOYEE_ID and --reason TEXT or --lift");
	json_t *args = json_object();
	int rc;
	if ((rc = cli_set_str(args, "official", o->pos[0])) || (rc = cli_set_str(args, "reason", o->reason))) {
		json_decref(args);
		return rc;
	}
	json_object_set_new(args, "exempt", json_boolean(!o->lift));
	if ((rc = cli_open_login(c)) == CLI_OK && (rc = cli_action(c, "election.exempt", args, NULL)) == CLI_OK)
		printf(o->lift ? _("Official %s is no longer exempt.\n") : _("Official %s is exempt; his places are holes for the next runs to fill.\n"),
			o->pos[0]);
	json_decref(args);
	return rc;
}

static int
do_randomise(struct cli *c, struct opts *o)
{
	if (o->npos != 2 || strlen(o->pos[1]) != 1 || o->pos[1][0] < '1' || o->pos[1][0] > '3')
		return cli_usage(election_usage, "election randomise needs the election's CODE and a stage 1, 2 or 3");
	json_t *args = json_pack("{s:s, s:i}", "election", o->pos[0], "stage", o->pos[1][0] - '0'), *res = NULL;
	int rc;
	if (!args)
		return cli_usage(election_usage, "the election's code is not valid UTF-8");
	if ((rc = cli_set_str(args, "seed", o->seed))) {
		json_decref(args);
		return rc;
	}
	if ((rc = cli_open_login(c)) == CLI_OK && (rc = cli_action(c, "election.randomise", args, &res)) == CLI_OK) {
		if (c->json)
			cli_print_record(c, res);
		else
			printf(_("Randomisation %lld (stage %lld) filled %lld places with seed %s.\n"
				 "Inputs %s\nResult %s\n"),
				json_integer_value(json_object_get(res, "seq")), json_integer_value(json_object_get(res, "stage")),
				json_integer_value(json_object_get(res, "filled")), json_string_value(json_object_get(res, "seed")),
				json_string_value(json_object_get(res, "inputs_hash")), json_string_value(json_object_get(res, "result_hash")));
	}
	json_decref(res);
	json_decref(args);
	return rc;
}

/* The only election, when --election is not given and there is one. */
static const char *
only_election(struct cli *c, char *buf, size_t n)
{
	json_t *rows;
	struct zila_err err = { 0 };
	if (zila_election_list(c->db, "elections", NULL, &rows, &err) != ZILA_OK)
		return NULL;
	const char *code = json_array_size(rows) == 1 ? json_string_value(json_object_get(json_array_get(rows, 0), "code")) : NULL;
	if (code)
		snprintf(buf, n, "%s", code);
	json_decref(rows);
	return code ? buf : NULL;
}

static int
do_verify(struct cli *c, struct opts *o)
{
	char *end, buf[32];
	long seq = o->npos == 1 ? strtol(o->pos[0], &end, 10) : 0;
	if (o->npos != 1 || *end || seq < 1)
		return cli_usage(election_usage, "election verify needs the number N of a randomisation");
	int rc = cli_open(c, ZILA_DB_READONLY);
	if (rc)
		return rc;
	const char *election = o->election ? o->election : only_election(c, buf, sizeof buf);
	if (!election)
		return cli_usage(election_usage, "there is not exactly one election: name it with --election CODE");
	json_t *rep;
	struct zila_err err = { 0 };
	if (zila_election_verify(c->db, election, (int)seq, &rep, &err) != ZILA_OK)
		return cli_fail(&err);
	bool same = json_is_true(json_object_get(rep, "same"));
	if (c->json)
		cli_print_record(c, rep);
	else {
		printf(_("Randomisation %ld (stage %lld, seed %s):\n"), seq, json_integer_value(json_object_get(rep, "stage")),
			json_string_value(json_object_get(rep, "seed")));
		printf(_("  inputs recorded %s\n  inputs now      %s\n"), json_string_value(json_object_get(rep, "inputs_hash")),
			json_string_value(json_object_get(rep, "inputs_now")));
		printf(_("  result recorded %s\n  result re-run   %s\n  result stored   %s\n"),
			json_string_value(json_object_get(rep, "result_hash")), json_string_value(json_object_get(rep, "result_now")),
			json_string_value(json_object_get(rep, "stored_hash")));
		bool inputs_same = strcmp(json_string_value(json_object_get(rep, "inputs_hash")),
			json_string_value(json_object_get(rep, "inputs_now"))) == 0;
		if (same)
			printf(_("Verified: the same seed on the same inputs gives the recorded result.\n"));
		else if (!inputs_same && json_is_true(json_object_get(rep, "inputs_kept")))
			printf(_("Not verified: the inputs kept with this randomisation were altered (they are not what it recorded).\n"));
		else if (!inputs_same) /* a run made before inputs were kept: read as they are now */
			printf(_("Not verified: the inputs changed since (officials, stations or rules were edited, or someone was exempted).\n"));
		else
			printf(_("Not verified: the re-run or the stored rows differ from what was recorded.\n"));
	}
	json_decref(rep);
	return same ? CLI_OK : CLI_REFUSED;
}

static int
do_summary(struct cli *c, struct opts *o)
{
	if (o->npos != 1)
		return cli_usage(election_usage, "election summary needs the election's CODE");
	int rc = cli_open(c, ZILA_DB_READONLY);
	if (rc)
		return rc;
	json_t *sum;
	struct zila_err err = { 0 };
	if (zila_election_summary(c->db, o->pos[0], &sum, &err) != ZILA_OK)
		return cli_fail(&err);
	if (c->json)
		cli_print_record(c, sum);
	else {
		static const char *const cols[] = { CLI_COL("code", "AC"), CLI_COL("stations", "Stations"),
			CLI_COL("women_stations", "Women"), CLI_COL("drawn", "Drawn"), CLI_COL("parties", "Parties"),
			CLI_COL("complete", "Complete"), CLI_COL("covered", "Covered"), CLI_COL("reserve", "Reserve"), NULL };
		cli_print_rows(c, json_object_get(sum, "constituencies"), cols);
		if (!c->csv) {
			json_t *t = json_object_get(sum, "totals");
#define T(k) json_integer_value(json_object_get(t, k))
			printf(_("Total: %lld stations covered of %lld, %lld parties (%lld complete, %lld in reserve, %lld%% asked), "
				 "%lld officials, %lld exempt.\n"),
				T("covered"), T("stations"), T("parties"), T("complete"), T("reserve"), T("reserve_pct"), T("officials"),
				T("exempt"));
#undef T
		}
	}
	json_decref(sum);
	return CLI_OK;
}

static int
do_orders(struct cli *c, struct opts *o)
{
	if (o->npos != 2)
		return cli_usage(election_usage, "election orders needs the election's CODE and appointment or parties");
	if (o->lang && !zila_i18n_known(o->lang))
		return cli_usage(election_usage, "--lang must be hi or en");
	int rc = cli_open(c, ZILA_DB_READONLY);
	if (rc)
		return rc;
	json_t *rows;
	struct zila_err err = { 0 };
	if (zila_election_orders(c->db, o->pos[0], o->pos[1], o->ref, &rows, &err) != ZILA_OK)
		return cli_fail(&err);
	if (o->lang)
		zila_i18n_set_lang(o->lang);
	bool parties = strcmp(o->pos[1], "parties") == 0;
	if (c->json || c->csv) {
		print_all(c, rows);
		json_decref(rows);
		return CLI_OK;
	}
	json_t *doc = parties ? election_party_lists(rows) : election_appointments(rows);
	json_decref(rows);
	if (o->pdf) {
		int pages;
		if (election_pdf(doc, o->pdf, &pages, &err) != ZILA_OK)
			rc = cli_fail(&err);
		else
			printf(_("Wrote %d pages to %s.\n"), pages, o->pdf);
	} else
		election_print(doc, stdout);
	json_decref(doc);
	return rc;
}

int
cmd_election(struct cli *c, int argc, char **argv)
{
	struct opts o;
	if (argc < 2)
		return cli_usage(election_usage, NULL);
	if (strcmp(argv[1], "--help") == 0) {
		fputs(_(election_usage), stdout);
		return CLI_OK;
	}
	int rc = parse(c, argc, argv, &o);
	if (rc >= 0)
		return rc;
	const char *sub = argv[1];
	if (strcmp(sub, "import") == 0)
		return do_import(c, &o);
	if (strcmp(sub, "rules") == 0)
		return do_rules(c, &o);
	if (strcmp(sub, "exempt") == 0)
		return do_exempt(c, &o);
	if (strcmp(sub, "randomise") == 0 || strcmp(sub, "randomize") == 0)
		return do_randomise(c, &o);
	if (strcmp(sub, "verify") == 0)
		return do_verify(c, &o);
	if (strcmp(sub, "summary") == 0)
		return do_summary(c, &o);
	if (strcmp(sub, "orders") == 0)
		return do_orders(c, &o);
	if (strcmp(sub, "list") == 0) {
		if (o.npos != 1)
			return cli_usage(election_usage, "election list needs a KIND");
		if ((rc = cli_open(c, ZILA_DB_READONLY)))
			return rc;
		json_t *rows;
		struct zila_err err = { 0 };
		if (zila_election_list(c->db, o.pos[0], o.election, &rows, &err) != ZILA_OK)
			return cli_fail(&err);
		const char *const *cols = NULL;
		for (size_t i = 0; !c->csv && !c->json && i < sizeof list_cols / sizeof list_cols[0]; i++)
			if (strcmp(list_cols[i].kind, o.pos[0]) == 0)
				cols = list_cols[i].cols;
		if (cols)
			cli_print_rows(c, rows, cols);
		else
			print_all(c, rows);
		json_decref(rows);
		return CLI_OK;
	}
	return cli_usage(election_usage, "unknown election command '%s'", sub);
}
