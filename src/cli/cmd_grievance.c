/* cmd_grievance.c: zila grievance add|list|show and the actions on one
 * grievance (assign, transfer, note, dispose, feedback, appeal, reopen,
 * close, duplicate, attach). Every subcommand is one row of a table: its
 * action, the options it takes, those it needs, and its help. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "zila/blob.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"

/* X(enum, long option, argument?, JSON key of the action or NULL) */
#define GOPT_LIST(X) \
	X(CITIZEN, "citizen", 1, "citizen_name") \
	X(MOBILE, "mobile", 1, "mobile") \
	X(LANG, "lang", 1, "lang") \
	X(ADDRESS, "address", 1, "address") \
	X(BLOCK, "block", 1, "block") \
	X(GP, "gp", 1, "gp") \
	X(VILLAGE, "village", 1, "village") \
	X(WARD, "ward", 1, "ward") \
	X(CATEGORY, "category", 1, "category") \
	X(CHANNEL, "channel", 1, "channel") \
	X(SUBJECT, "subject", 1, "subject") \
	X(DESCRIPTION, "description", 1, "description") \
	X(DESCRIPTION_FILE, "description-file", 1, NULL) \
	X(ATTACH, "attach", 1, NULL) \
	X(DEPARTMENT, "department", 1, "department") \
	X(OFFICER, "officer", 1, "officer") \
	X(NOTE, "note", 1, "note") \
	X(REASON, "reason", 1, "reason") \
	X(REPLY, "reply", 1, "reply") \
	X(RATING, "rating", 1, NULL) \
	X(OF, "of", 1, "of") \
	X(INTERNAL, "internal", 0, NULL) \
	X(INTERIM, "interim", 0, NULL) \
	X(NAME, "name", 1, NULL) \
	X(STATUS, "status", 1, NULL) \
	X(OVERDUE, "overdue", 0, NULL) \
	X(FROM, "from", 1, NULL) \
	X(TO, "to", 1, NULL) \
	X(SEARCH, "search", 1, NULL) \
	X(SORT, "sort", 1, NULL) \
	X(LIMIT, "limit", 1, NULL) \
	X(AFTER, "after", 1, NULL) \
	X(BACKWARD, "backward", 0, NULL)

enum gopt {
#define X(e, name, arg, key) G_##e,
	GOPT_LIST(X)
#undef X
	G_COUNT
};
#define B(e) (UINT64_C(1) << G_##e)

static const struct {
	const char *name;
	int arg;
	const char *key;
} gopts[] = {
#define X(e, name, arg, key) { name, arg, key },
	GOPT_LIST(X)
#undef X
};

struct sub {
	const char *name, *action;
	uint64_t allowed, required;
	int positional; /* NUMBER, and FILE for attach */
	const char *usage;
};

#define PLACE (B(MOBILE) | B(ADDRESS) | B(BLOCK) | B(GP) | B(VILLAGE) | B(WARD) | B(CHANNEL) | B(SUBJECT))
#define FILTER (B(STATUS) | B(DEPARTMENT) | B(CATEGORY) | B(OFFICER) | B(BLOCK) | B(GP) | B(OVERDUE) | B(FROM) | \
	B(TO) | B(SEARCH) | B(SORT) | B(LIMIT) | B(AFTER) | B(BACKWARD))

static const struct sub subs[] = {
	{ "add", "grievance.register", PLACE | B(CITIZEN) | B(CATEGORY) | B(DESCRIPTION) | B(DESCRIPTION_FILE) |
		B(ATTACH) | B(DEPARTMENT) | B(LANG), B(CITIZEN) | B(CATEGORY), 0,
	  N_("usage: zila grievance add --citizen NAME --category CODE --description TEXT\n"
	  "       [--description-file FILE|-] [--mobile N [--lang hi|en]] [--address TEXT] [--block LGD] [--gp LGD]\n"
	  "       [--village NAME] [--ward NAME] [--channel counter|phone|post|email|web|jandarshan|\n"
	  "       cpgrams|camp] [--subject TEXT] [--department CODE] [--attach FILE]...\n"
	  "Registers a grievance (clerk) and prints its number. The department is the\n"
	  "category's unless given. With a mobile number the citizen gets a short message\n"
	  "when it is registered, transferred, disposed of and appealed (in Hindi, or in\n"
	  "English with --lang en), once the desk has synced. Attachments: photos, videos,\n"
	  "audio, documents, each at\n"
	  "most 25 MB or the desk's attachment_max setting ($ZILA_MAX_ATTACHMENT bytes,\n"
	  "K or M allowed, overrides).\n") },
	{ "list", NULL, FILTER, 0, 0,
	  N_("usage: zila grievance list [--status open|registered|assigned|in_progress|appealed|\n"
	  "       disposed|closed] [--department CODE] [--category CODE] [--officer LOGIN]\n"
	  "       [--block LGD] [--gp LGD] [--overdue] [--from DATE] [--to DATE] [--search TEXT]\n"
	  "       [--sort due|registered|number] [--limit N] [--after KEY,ID [--backward]] [--json]\n"
	  "Lists grievances, a page at a time (50 unless --limit). When there may be more,\n"
	  "the --after to give for the next page is printed on stderr.\n") },
	{ "show", NULL, 0, 0, 1,
	  N_("usage: zila grievance show NUMBER [--json]\nThe record, its events (oldest first) and attachments.\n") },
	{ "receipt", NULL, B(LANG), 0, 1,
	  N_("usage: zila grievance receipt NUMBER [--lang hi|en]\n"
	  "Prints the citizen's receipt: number, date, department, the date the reply is due\n"
	  "and what to do next, in Hindi (hi) or English (en; default: the language in use).\n") },
	{ "assign", "grievance.assign", B(DEPARTMENT) | B(OFFICER) | B(NOTE), 0, 1,
	  N_("usage: zila grievance assign NUMBER [--department CODE] [--officer LOGIN] [--note TEXT]\n"
	  "Routes a registered grievance to a department (clerk, Collector), or gives it to an\n"
	  "officer of the department (head).\n") },
	{ "transfer", "grievance.transfer", B(DEPARTMENT) | B(REASON), B(DEPARTMENT) | B(REASON), 1,
	  N_("usage: zila grievance transfer NUMBER --department CODE --reason TEXT\n"
	  "Sends an assigned grievance to another department (at most 3 times).\n") },
	{ "note", "grievance.note", B(NOTE) | B(INTERNAL) | B(INTERIM), B(NOTE), 1,
	  N_("usage: zila grievance note NUMBER --note TEXT [--internal] [--interim]\n"
	  "Adds a note to an open grievance; --internal keeps it from the citizen; --interim\n"
	  "makes it an interim reply (the grievance is then in progress).\n") },
	{ "dispose", "grievance.dispose", B(REPLY), B(REPLY), 1,
	  N_("usage: zila grievance dispose NUMBER --reply TEXT\nDisposes of an open grievance or an appeal with the final reply.\n") },
	{ "feedback", "grievance.feedback", B(RATING) | B(NOTE), B(RATING), 1,
	  N_("usage: zila grievance feedback NUMBER --rating 1-5 [--note TEXT]\nThe citizen's rating of a disposal.\n") },
	{ "appeal", "grievance.appeal", B(REASON), B(REASON), 1,
	  N_("usage: zila grievance appeal NUMBER --reason TEXT\nAppeals a disposal (once, within 30 days).\n") },
	{ "reopen", "grievance.reopen", B(REASON), B(REASON), 1,
	  N_("usage: zila grievance reopen NUMBER --reason TEXT\nReopens a disposed or closed grievance (head, Collector).\n") },
	{ "close", "grievance.close", B(NOTE), 0, 1,
	  N_("usage: zila grievance close NUMBER [--note TEXT]\nCloses a disposed grievance.\n") },
	{ "duplicate", "grievance.duplicate", B(OF), B(OF), 1,
	  N_("usage: zila grievance duplicate NUMBER --of NUMBER\nCloses a grievance as a duplicate of another.\n") },
	{ "held", NULL, 0, 0, 0,
	  N_("usage: zila grievance held [--json]\n"
	  "Requests citizens filed without a category (through Open311), held for a clerk of\n"
	  "the Collectorate: each with its id (the citizen's token) and the triage model's\n"
	  "suggestions, the words that led to them; grievance take registers one.\n") },
	{ "take", "request.register", B(CATEGORY), B(CATEGORY), 1,
	  N_("usage: zila grievance take ID --category CODE\n"
	  "Registers a held request as a grievance of the category a clerk confirmed or\n"
	  "chose (the suggestion is only a suggestion) and prints its number.\n") },
	{ "attach", "grievance.attach", B(NAME), 0, 2,
	  N_("usage: zila grievance attach NUMBER FILE [--name NAME]\n"
	  "Adds a photo, video, audio or document (at most 25 MB, or $ZILA_MAX_ATTACHMENT).\n") },
};

static const char grievance_usage[] =
	N_("usage: zila grievance add|list|show|receipt|assign|transfer|note|dispose|feedback|\n"
	"                      appeal|reopen|close|duplicate|attach|held|take ... (each takes --help)\n"
	"Citizens' grievances: registered with a number at the counter, routed to a\n"
	"department, answered within the category's time limit. The acting user is\n"
	"--user LOGIN or $ZILA_USER, with $ZILA_PASSWORD or a prompt.\n");

/* What the command line said. */
struct gargs {
	const char *val[G_COUNT];
	uint64_t given;
	const char *attach[20];
	int nattach;
	const char *pos[2];
	int npos;
};

/* The attachment size limit: the desk's setting (meta attachment_max,
 * 25 MB when unset), or $ZILA_MAX_ATTACHMENT in bytes (a K or M suffix
 * allowed). */
static int
max_attachment(struct zila_db *db, size_t *max)
{
	const char *env = getenv("ZILA_MAX_ATTACHMENT");
	*max = zila_blob_max_size(db);
	if (!env || !*env)
		return CLI_OK;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(env, &end, 10);
	if (*end == 'K' || *end == 'k')
		n *= 1024, end++;
	else if (*end == 'M' || *end == 'm')
		n *= 1024ULL * 1024, end++;
	if (errno || end == env || *end || n == 0) {
		fprintf(stderr, "zila: ZILA_MAX_ATTACHMENT must be a number of bytes (K or M allowed), not '%s'\n", env);
		return CLI_USAGE;
	}
	*max = (size_t)n;
	return CLI_OK;
}

/* The last part of a path: what the attachment is called. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* Stores a file in the blob store and describes it for an action. */
static int
store_file(struct cli *c, const char *path, const char *name, json_t **out)
{
	struct zila_err err = { 0 };
	char sha[65], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size;
	size_t max;
	*out = NULL;
	int rc = max_attachment(c->db, &max);
	if (rc)
		return rc;
	if (zila_blob_put_file(c->db, path, max, sha, &size, mime, kind, &err) != ZILA_OK)
		return cli_fail(&err);
	*out = json_pack("{s:s, s:s, s:s, s:I, s:s}", "sha256", sha, "name", name ? name : base_name(path),
		"mime", mime, "size", (json_int_t)size, "kind", kind);
	if (!*out) {
		fprintf(stderr, _("zila: the name of %s is not valid UTF-8 text\n"), path);
		return CLI_REFUSED;
	}
	return CLI_OK;
}

/* The description from a file, or standard input for "-". */
static int
read_description(const char *path, char **text)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		fprintf(stderr, _("zila: cannot open %1$s: %2$s\n"), path, strerror(errno));
		return CLI_REFUSED;
	}
	size_t cap = 1 << 16, len = 0, r;
	char *buf = zila_xmalloc(cap + 1);
	while ((r = fread(buf + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			fprintf(stderr, _("zila: the description file %s is longer than 64 KB\n"), path);
			free(buf);
			if (f != stdin)
				fclose(f);
			return CLI_REFUSED;
		}
	}
	if (f != stdin)
		fclose(f);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	*text = buf;
	return CLI_OK;
}

/* The action's arguments from the options that map to one key. */
static int
build_args(const struct gargs *g, json_t *args)
{
	for (int i = 0; i < G_COUNT; i++) {
		int rc;
		if ((g->given & (UINT64_C(1) << i)) && gopts[i].key && (rc = cli_set_str(args, gopts[i].key, g->val[i])))
			return rc;
	}
	if (g->given & B(RATING)) {
		int rc = cli_set_int(args, "rating", g->val[G_RATING]);
		if (rc)
			return rc;
	}
	if (g->given & B(INTERNAL))
		json_object_set_new(args, "visibility", json_string("internal"));
	if (g->given & B(INTERIM))
		json_object_set_new(args, "interim", json_true());
	return CLI_OK;
}

static int
cmd_add(struct cli *c, const struct gargs *g, json_t *args)
{
	int rc;
	char *desc = NULL;
	if (!!(g->given & B(DESCRIPTION)) == !!(g->given & B(DESCRIPTION_FILE)))
		return cli_usage(subs[0].usage, "add needs --description TEXT or --description-file FILE (one of them)");
	if (g->given & B(DESCRIPTION_FILE)) {
		if ((rc = read_description(g->val[G_DESCRIPTION_FILE], &desc)))
			return rc;
		rc = cli_set_str(args, "description", desc);
		free(desc);
		if (rc)
			return rc;
	}
	if ((rc = cli_open_login(c)))
		return rc;
	if (g->nattach) {
		json_t *list = json_array();
		json_object_set_new(args, "attachments", list);
		for (int i = 0; i < g->nattach; i++) {
			json_t *a;
			if ((rc = store_file(c, g->attach[i], NULL, &a)))
				return rc;
			json_array_append_new(list, a);
		}
	}
	json_t *res = NULL;
	if ((rc = cli_action(c, "grievance.register", args, &res)))
		return rc;
	if (c->json)
		cli_print_record(c, res);
	else
		printf("%s\n", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	return CLI_OK;
}

/* Turns a code, LGD code or login into the id a filter takes. */
static int
resolve(struct cli *c, enum zila_master m, const char *ref, char *id, const char **out)
{
	struct zila_err err = { 0 };
	if (!ref)
		return CLI_OK;
	if (zila_master_resolve(c->db, m, ref, id, &err) != ZILA_OK)
		return cli_fail(&err);
	*out = id;
	return CLI_OK;
}

static int
cmd_list(struct cli *c, const struct gargs *g)
{
	static const char *const cols[] = { CLI_COL("number", "Number"), CLI_COL("citizen_name", "Citizen"),
		CLI_COL("department", "Dept"), CLI_COL("category", "Category"), CLI_COL("status", "Status"),
		CLI_COL("registered_on", "Registered"), CLI_COL("due_date", "Due"), CLI_COL("days_overdue", "Late"),
		CLI_COL("officer", "Officer"), NULL };
	struct zila_grievance_filter f = { .status = g->val[G_STATUS], .overdue = g->given & B(OVERDUE),
		.from = g->val[G_FROM], .to = g->val[G_TO], .text = g->val[G_SEARCH], .backward = g->given & B(BACKWARD) };
	char ids[5][40], after[128];
	struct zila_err err = { 0 };
	int rc;
	if (g->val[G_SORT]) {
		static const char *const sorts[] = { "due", "registered", "number" };
		int s = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(sorts[i], g->val[G_SORT]) == 0)
				s = i;
		if (s < 0)
			return cli_usage(subs[1].usage, "--sort must be due, registered or number");
		f.sort = (enum zila_grievance_sort)s;
	}
	if (g->val[G_LIMIT]) {
		char *end;
		long n = strtol(g->val[G_LIMIT], &end, 10);
		if (*end || n < 1 || n > 1000)
			return cli_usage(subs[1].usage, "--limit must be a number from 1 to 1000");
		f.limit = (int)n;
	}
	if (g->val[G_AFTER]) {
		snprintf(after, sizeof after, "%s", g->val[G_AFTER]);
		char *comma = strrchr(after, ',');
		if (comma) {
			*comma = '\0';
			f.after_id = comma + 1;
		}
		f.after_key = after;
	} else if (f.backward)
		return cli_usage(subs[1].usage, "--backward needs --after KEY,ID");
	if ((rc = cli_open_login(c)) || (rc = resolve(c, ZILA_M_DEPARTMENT, g->val[G_DEPARTMENT], ids[0], &f.department_id)) ||
	    (rc = resolve(c, ZILA_M_CATEGORY, g->val[G_CATEGORY], ids[1], &f.category_id)) ||
	    (rc = resolve(c, ZILA_M_USER, g->val[G_OFFICER], ids[2], &f.officer_id)) ||
	    (rc = resolve(c, ZILA_M_BLOCK, g->val[G_BLOCK], ids[3], &f.block_id)) ||
	    (rc = resolve(c, ZILA_M_GP, g->val[G_GP], ids[4], &f.gp_id)))
		return rc;
	json_t *rows = NULL;
	if (zila_grievance_list(c->db, &f, &rows, &err) != ZILA_OK)
		return cli_fail(&err);
	cli_print_rows(c, rows, cols);
	size_t n = json_array_size(rows);
	if (n && (int)n == (f.limit ? f.limit : 50)) {
		json_t *edge = json_array_get(rows, f.backward ? 0 : n - 1);
		fprintf(stderr, "more: --after %s,%s%s\n", json_string_value(json_object_get(edge, "sort_key")),
			json_string_value(json_object_get(edge, "id")), f.backward ? " --backward" : "");
	}
	json_decref(rows);
	return CLI_OK;
}

static int
cmd_show(struct cli *c, const char *number)
{
	static const char *const ev_cols[] = { CLI_COL("at", "When"), CLI_COL("kind", "What"),
		CLI_COL("from_status", "From"), CLI_COL("to_status", "To"), CLI_COL("to_department", "Dept"),
		CLI_COL("actor", "Who"), CLI_COL("visibility", "Seen by"), CLI_COL("rating", "Rating"),
		CLI_COL("note", "Note"), NULL };
	static const char *const att_cols[] = { CLI_COL("name", "Name"), CLI_COL("kind", "Kind"),
		CLI_COL("mime", "Type"), CLI_COL("size", "Bytes"), CLI_COL("present", "Here"), "sha256:SHA-256",
		NULL };
	struct zila_err err = { 0 };
	json_t *g = NULL;
	int rc = cli_open_login(c);
	if (rc)
		return rc;
	if (zila_grievance_get(c->db, number, &g, &err) != ZILA_OK)
		return cli_fail(&err);
	if (!c->json) {
		/* people read codes and names; the ids behind them are for --json */
		const char *key;
		void *tmp;
		json_t *v;
		json_object_foreach_safe(g, tmp, key, v) {
			size_t n = strlen(key);
			if ((n > 3 && strcmp(key + n - 3, "_id") == 0) || strcmp(key, "created_by") == 0 ||
			    strcmp(key, "duplicate_of") == 0)
				json_object_del(g, key);
		}
	}
	cli_print_record(c, g);
	if (!c->json) {
		printf("\n%s\n", _("Events:"));
		cli_print_events(c, json_object_get(g, "events"), ev_cols);
		if (json_array_size(json_object_get(g, "attachments"))) {
			printf("\n%s\n", _("Attachments:"));
			cli_print_rows(c, json_object_get(g, "attachments"), att_cols);
		}
	}
	json_decref(g);
	return CLI_OK;
}

static int
cmd_receipt(struct cli *c, const char *number, const char *lang)
{
	struct zila_err err = { 0 };
	char *text = NULL;
	int rc = cli_open_login(c);
	if (rc)
		return rc;
	if (zila_grievance_receipt(c->db, number, lang, &text, &err) != ZILA_OK)
		return cli_fail(&err);
	fputs(text, stdout);
	free(text);
	return CLI_OK;
}

/* The held requests, each with its likeliest category and why. */
static int
cmd_held(struct cli *c)
{
	static const char *const cols[] = { CLI_COL("id", "Request"), CLI_COL("created_at", "Came"),
		CLI_COL("citizen_name", "Citizen"), CLI_COL("mobile", "Mobile"), CLI_COL("suggestion", "Suggested"),
		CLI_COL("description", "Description"), NULL };
	struct zila_err err = { 0 };
	json_t *rows = NULL;
	int rc;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (zila_held_list(c->db, &rows, &err) != ZILA_OK)
		return cli_fail(&err);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		json_t *top = json_array_get(json_object_get(r, "suggested"), 0), *w;
		char text[160] = "";
		size_t k, n = 0;
		if (top)
			n = (size_t)snprintf(text, sizeof text, "%s %.0f%%", json_string_value(json_object_get(top, "category")),
				100 * json_real_value(json_object_get(top, "score")));
		json_array_foreach(json_object_get(top, "words"), k, w)
			if (n < sizeof text)
				n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", k ? ", " : " (", json_string_value(w));
		if (top && json_array_size(json_object_get(top, "words")) && n < sizeof text)
			snprintf(text + n, sizeof text - n, ")");
		if (!c->json)
			json_object_set_new(r, "suggestion", json_string(top ? text : "-"));
	}
	cli_print_rows(c, rows, cols);
	json_decref(rows);
	return CLI_OK;
}

/* A held request registered as a grievance: prints its number. */
static int
cmd_take(struct cli *c, const struct gargs *g)
{
	json_t *args = json_pack("{s:s, s:s}", "request", g->pos[0], "category", g->val[G_CATEGORY]), *res = NULL;
	int rc = args ? cli_open_login(c) : cli_usage(subs[0].usage, "ID and CODE must be UTF-8 text");
	if (rc == CLI_OK)
		rc = cli_action(c, "request.register", args, &res);
	json_decref(args);
	if (rc != CLI_OK)
		return rc;
	if (c->json)
		cli_print_record(c, res);
	else
		printf("%s\n", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	return CLI_OK;
}

/* An action on one grievance: prints "NUMBER: status". */
static int
cmd_act(struct cli *c, const struct sub *s, const struct gargs *g, json_t *args)
{
	int rc;
	json_object_set_new(args, "grievance", json_string(g->pos[0]));
	if ((rc = cli_open_login(c)))
		return rc;
	if (s->positional == 2) {
		json_t *a;
		if ((rc = store_file(c, g->pos[1], g->val[G_NAME], &a)))
			return rc;
		json_object_update(args, a);
		json_decref(a);
	}
	json_t *res = NULL;
	if ((rc = cli_action(c, s->action, args, &res)))
		return rc;
	if (c->json)
		cli_print_record(c, res);
	else
		printf("%s: %s\n", json_string_value(json_object_get(res, "number")),
			cli_status_word(json_string_value(json_object_get(res, "status"))));
	json_decref(res);
	return CLI_OK;
}

int
cmd_grievance(struct cli *c, int argc, char **argv)
{
	struct option lo[G_COUNT + 7]; /* the common options and the end */
	struct gargs g = { .nattach = 0 };
	const struct sub *s = NULL;
	int o;
	if (argc < 2)
		return cli_usage(grievance_usage, NULL);
	if (strcmp(argv[1], "--help") == 0) {
		fputs(_(grievance_usage), stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ZILA_ARRAY_LEN(subs); i++)
		if (strcmp(subs[i].name, argv[1]) == 0)
			s = &subs[i];
	if (!s)
		return cli_usage(grievance_usage, "unknown grievance command '%s'", argv[1]);
	for (int i = 0; i < G_COUNT; i++)
		lo[i] = (struct option){ gopts[i].name, gopts[i].arg ? required_argument : no_argument, NULL, i };
	const struct option common[] = { CLI_COMMON_LONGOPTS, { 0 } };
	memcpy(lo + G_COUNT, common, sizeof common);
	optind = 2;
	while ((o = cli_getopt(argc, argv, "", lo)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(s->usage), stdout);
			return CLI_OK;
		}
		if (o >= 0 && o < G_COUNT) {
			if (!(s->allowed & (UINT64_C(1) << o)))
				return cli_usage(s->usage, "--%s does not go with grievance %s", gopts[o].name, s->name);
			if (o == G_ATTACH) {
				if (g.nattach == (int)ZILA_ARRAY_LEN(g.attach))
					return cli_usage(s->usage, "at most %zu attachments", ZILA_ARRAY_LEN(g.attach));
				g.attach[g.nattach++] = optarg;
			}
			g.val[o] = optarg;
			g.given |= UINT64_C(1) << o;
		} else if (!cli_common_opt(c, o, optarg))
			return cli_usage(s->usage, NULL);
	}
	for (; optind < argc; optind++) {
		if (g.npos == s->positional)
			return cli_usage(s->usage, "unexpected '%s'", argv[optind]);
		g.pos[g.npos++] = argv[optind];
	}
	if (g.npos < s->positional)
		return s->positional == 2 ? cli_usage(s->usage, "grievance %s needs a NUMBER and a FILE", s->name)
					  : cli_usage(s->usage, "grievance %s needs a NUMBER", s->name);
	for (int i = 0; i < G_COUNT; i++)
		if ((s->required & (UINT64_C(1) << i)) && !(g.given & (UINT64_C(1) << i)))
			return cli_usage(s->usage, "grievance %s needs --%s", s->name, gopts[i].name);
	if (strcmp(s->name, "list") == 0)
		return cmd_list(c, &g);
	if (strcmp(s->name, "show") == 0)
		return cmd_show(c, g.pos[0]);
	if (strcmp(s->name, "receipt") == 0)
		return cmd_receipt(c, g.pos[0], g.val[G_LANG]);
	if (strcmp(s->name, "held") == 0)
		return cmd_held(c);
	if (strcmp(s->name, "take") == 0)
		return cmd_take(c, &g);
	json_t *args = json_object();
	int rc = build_args(&g, args);
	if (rc == CLI_OK)
		rc = strcmp(s->name, "add") == 0 ? cmd_add(c, &g, args) : cmd_act(c, s, &g, args);
	json_decref(args);
	return rc;
}
