/* main.c: the zilad command: set up the server database, administer
 * users, masters and desks, and serve. Users and masters are administered
 * here, on the server, and reach the desks by pull. */
#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "config.h"
#include "zila/master.h"
#include "zila/query.h"
#include "zila/triage.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "zilad.h"

static const char usage_text[] =
	"usage: zilad init --db PATH --district CODE --name NAME [--name-hi NAME]\n"
	"       zilad user add LOGIN --name NAME --role ROLE [--department CODE] --db PATH\n"
	"       zilad user reset LOGIN --db PATH       (a new password and key pair)\n"
	"       zilad user deactivate LOGIN --db PATH\n"
	"       zilad user list [--json] --db PATH\n"
	"       zilad audit verify [--json] --db PATH\n"
	"       zilad master import FILE.csv --db PATH\n"
	"       zilad desk list [--json] --db PATH\n"
	"       zilad desk revoke CODE --db PATH\n"
	"       zilad blob expire [--older-than SECONDS] --db PATH\n"
	"       zilad app add NAME --db PATH\n"
	"       zilad app list [--json] --db PATH\n"
	"       zilad app revoke NAME --db PATH\n"
	"       zilad category public CODE yes|no --db PATH\n"
	"       zilad triage train|info [--json] --db PATH\n"
	"       zilad serve --config FILE\n"
	"The district server of Zila Desk: desks enrol, push their actions and pull\n"
	"what changed, over HTTPS; citizens' apps speak Open311 to it (an app's\n"
	"api_key from 'zilad app add'; only public categories show descriptions\n"
	"and replies). triage train remakes the model that suggests a grievance's\n"
	"category from its text (serve refreshes it daily: triage_every).\n"
	"--db may be given as $ZILAD_DB. New passwords are\n"
	"asked for twice, or read from $ZILA_NEW_PASSWORD. See zilad(8).\n"
	"Exit status: 0 done, 1 refused, 2 usage.\n";

enum { O_DB = 0x100, O_DISTRICT, O_NAME, O_NAME_HI, O_ROLE, O_DEPT, O_JSON, O_CONFIG, O_HELP, O_OLDER };

struct opts {
	const char *db, *district, *name, *name_hi, *role, *dept, *config, *older;
	bool json;
	const char *arg;
};

static int
refuse(const struct zila_err *err)
{
	fprintf(stderr, "zilad: %s\n", err->msg);
	return zila_status_exit_code(err->code);
}

static int
usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "zilad: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

static int
parse(int argc, char **argv, int first, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, O_DB }, { "district", required_argument, NULL, O_DISTRICT },
		{ "name", required_argument, NULL, O_NAME }, { "name-hi", required_argument, NULL, O_NAME_HI },
		{ "role", required_argument, NULL, O_ROLE }, { "department", required_argument, NULL, O_DEPT },
		{ "json", no_argument, NULL, O_JSON }, { "config", required_argument, NULL, O_CONFIG },
		{ "help", no_argument, NULL, O_HELP }, { "older-than", required_argument, NULL, O_OLDER }, { 0 } };
	int c;
	memset(o, 0, sizeof *o);
	o->db = getenv("ZILAD_DB");
	optind = first;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_DB: o->db = optarg; break;
		case O_DISTRICT: o->district = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_NAME_HI: o->name_hi = optarg; break;
		case O_ROLE: o->role = optarg; break;
		case O_DEPT: o->dept = optarg; break;
		case O_JSON: o->json = true; break;
		case O_CONFIG: o->config = optarg; break;
		case O_OLDER: o->older = optarg; break;
		case O_HELP: fputs(usage_text, stdout); exit(0);
		default: return usage(NULL);
		}
	}
	o->arg = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int
open_db(const struct opts *o, int flags, struct zila_db **db)
{
	struct zila_err err = { 0 };
	if (!o->db)
		return usage("give the server database with --db PATH or $ZILAD_DB");
	if (zila_db_open(o->db, flags, db, &err) != ZILA_OK)
		return refuse(&err);
	if (!(flags & ZILA_DB_CREATE) && zilad_store_check(*db, &err) != ZILA_OK) {
		zila_db_close(db);
		return refuse(&err);
	}
	return 0;
}

static void
print_rows(json_t *rows, bool json, const char *const *cols)
{
	size_t i;
	json_t *r;
	if (json) {
		json_dumpf(rows, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
		return;
	}
	for (const char *const *c = cols; *c; c++)
		printf("%s%-14s", c == cols ? "" : " ", *c);
	putchar('\n');
	json_array_foreach(rows, i, r) {
		for (const char *const *c = cols; *c; c++) {
			json_t *v = json_object_get(r, *c);
			char *t = v && !json_is_null(v) ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
			const char *s = json_is_string(v) ? json_string_value(v) : t ? t : "";
			printf("%s%-14s", c == cols ? "" : " ", s);
			free(t);
		}
		putchar('\n');
	}
}

/* A new key pair sealed under a new password ($ZILA_NEW_PASSWORD, or
 * asked once). */
static int
new_password_key(struct zila_user_key *k)
{
	struct zila_err err = { 0 };
	const char *pw = getenv("ZILA_NEW_PASSWORD");
	char buf[256];
	if (!pw) {
		fputs("New password: ", stderr);
		if (!fgets(buf, sizeof buf, stdin))
			return usage("no password given");
		buf[strcspn(buf, "\r\n")] = '\0';
		pw = buf;
	}
	size_t n = strlen(pw);
	enum zila_status st = n < 8 ? zila_fail(&err, ZILA_EINVAL, "password must have at least 8 characters")
		: n > 128 ? zila_fail(&err, ZILA_EINVAL, "password must have at most 128 characters")
		: zila_key_new(pw, k, NULL, &err);
	sodium_memzero(buf, sizeof buf);
	return st == ZILA_OK ? 0 : refuse(&err);
}

static int
cmd_init(const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	if (!o->district || !o->name)
		return usage("init needs --district and --name");
	int rc = open_db(o, ZILA_DB_CREATE, &db);
	if (rc)
		return rc;
	enum zila_status st = zilad_store_init(db, o->district, o->name, o->name_hi, &err);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	printf("Set up the server of district %s in %s; add its first admin with 'zilad user add'\n", o->district, o->db);
	return 0;
}

static int
cmd_user(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	int rc;
	bool add = sub && strcmp(sub, "add") == 0, reset = sub && strcmp(sub, "reset") == 0;
	bool deactivate = sub && strcmp(sub, "deactivate") == 0;
	if (!sub || (!add && !reset && !deactivate && strcmp(sub, "list") != 0))
		return usage("user add, reset, deactivate or list");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	if (strcmp(sub, "list") == 0) {
		static const char *const cols[] = { "login", "name", "role", "department", "active", NULL };
		json_t *rows;
		if (zila_master_list(db, ZILA_M_USER, &rows, &err) != ZILA_OK) {
			zila_db_close(&db);
			return refuse(&err);
		}
		print_rows(rows, o->json, cols);
		json_decref(rows);
		zila_db_close(&db);
		return 0;
	}
	struct zila_user_key key;
	struct zila_actor admin;
	if (!o->arg || (add && (!o->name || !o->role))) {
		zila_db_close(&db);
		return usage(add ? "user add needs LOGIN, --name and --role" : "give the user's LOGIN");
	}
	if (!deactivate && (rc = new_password_key(&key))) {
		zila_db_close(&db);
		return rc;
	}
	if (!add && (strcmp(o->arg, ZILAD_LOGIN) == 0 || strcmp(o->arg, ZILAD_ONLINE_LOGIN) == 0)) {
		zila_db_close(&db);
		fprintf(stderr, "zilad: %s is the server's own identity: zilad keeps its key, no one resets or deactivates it\n",
			o->arg);
		return 1;
	}
	json_t *args = add ? json_pack("{s:s, s:s, s:s}", "login", o->arg, "name", o->name, "role", o->role)
		: json_pack("{s:s}", "login", o->arg);
	if (args && !deactivate)
		zila_key_set_args(args, &key);
	if (args && o->dept && add)
		json_object_set_new(args, "department", json_string(o->dept));
	/* the first person is an admin (zilad's own identity, made with the
	 * first user, is no person to administer from a desk) */
	enum zila_status st = !args ? zila_fail(&err, ZILA_EINVAL, "login and name must be UTF-8 text")
		: (!add || strcmp(o->role, "admin") != 0) && !zilad_has_admin(db)
		? zila_fail(&err, ZILA_EAUTH, "add an admin first: zilad user add LOGIN --role admin")
		: zilad_admin_actor(db, &admin, &err);
	if (st == ZILA_OK)
		st = zila_action_run(db, &admin, add ? "user.add" : reset ? "user.passwd" : "user.deactivate", args, NULL,
			NULL, &err);
	json_decref(args);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	if (add)
		printf("Added %s (%s)\n", o->arg, o->role);
	else if (reset)
		printf("Reset %s: a new password and key pair (signatures made with the old key stay verifiable)\n", o->arg);
	else
		printf("Deactivated %s: their actions are refused, and desks they enrolled must enrol again\n", o->arg);
	return 0;
}

static int
cmd_audit(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zilad_verify v;
	int rc;
	if (!sub || strcmp(sub, "verify") != 0)
		return usage("audit verify");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	enum zila_status st = zilad_audit_verify(db, &v, o->json ? stdout : NULL, &err);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	if (!o->json) {
		printf("%lld pushed actions verified against their users' signatures, %lld failed\n", v.verified, v.failed);
		printf("%lld actions of zilad itself (its commands, the enrolments it witnessed) verified against its"
			" signatures, %lld failed\n", v.own_verified, v.own_failed);
		if (v.online_verified || v.online_failed)
			printf("%lld actions of the online channel (citizens) verified against its signatures, %lld failed\n",
				v.online_verified, v.online_failed);
		printf(v.local ? "%lld audit rows carry no signature (made before zilad signed its own commands)\n"
			: "%lld audit rows without a signature\n", v.local);
	}
	return v.failed || v.online_failed || v.own_failed ? 1 : 0;
}

static int
cmd_master(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor admin;
	int rc, count = 0;
	if (!sub || strcmp(sub, "import") != 0 || !o->arg)
		return usage("master import FILE.csv");
	FILE *f = fopen(o->arg, "r");
	if (!f) {
		fprintf(stderr, "zilad: cannot open %s\n", o->arg);
		return 1;
	}
	if ((rc = open_db(o, 0, &db))) {
		fclose(f);
		return rc;
	}
	enum zila_status st = !zilad_has_admin(db) ? zila_fail(&err, ZILA_EAUTH,
		"add an admin first: zilad user add LOGIN --role admin") : zilad_admin_actor(db, &admin, &err);
	if (st == ZILA_OK)
		st = zila_master_import_csv(db, &admin, f, o->arg, &count, &err);
	fclose(f);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	printf("Imported %d row%s from %s\n", count, count == 1 ? "" : "s", o->arg);
	return 0;
}

static int
cmd_desk(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	int rc;
	if (!sub || (strcmp(sub, "list") != 0 && strcmp(sub, "revoke") != 0))
		return usage("desk list or desk revoke CODE");
	if (strcmp(sub, "revoke") == 0 && !o->arg)
		return usage("desk revoke needs the desk's CODE");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	if (strcmp(sub, "list") == 0) {
		static const char *const cols[] = { "code", "name", "department", "enrolled_by", "enrolled_at", "last_seen",
			"state", "pushed", NULL };
		json_t *rows;
		enum zila_status st = zilad_desk_list(db, &rows, &err);
		zila_db_close(&db);
		if (st != ZILA_OK)
			return refuse(&err);
		print_rows(rows, o->json, cols);
		json_decref(rows);
		return 0;
	}
	enum zila_status st = zilad_desk_revoke(db, o->arg, &err);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	printf("Revoked desk %s: it must enrol again to sync\n", o->arg);
	return 0;
}

static int
cmd_app(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	int rc;
	enum zila_status st;
	if (!sub || (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "revoke") != 0))
		return usage("app add NAME, app list or app revoke NAME");
	if (strcmp(sub, "list") != 0 && !o->arg)
		return usage("app add and app revoke need the app's NAME");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	if (strcmp(sub, "list") == 0) {
		static const char *const cols[] = { "name", "created_at", "state", "revoked_at", NULL };
		json_t *rows;
		st = zilad_app_list(db, &rows, &err);
		zila_db_close(&db);
		if (st != ZILA_OK)
			return refuse(&err);
		print_rows(rows, o->json, cols);
		json_decref(rows);
		return 0;
	}
	if (strcmp(sub, "revoke") == 0) {
		st = zilad_app_revoke(db, o->arg, &err);
		zila_db_close(&db);
		if (st != ZILA_OK)
			return refuse(&err);
		printf("Revoked app %s: its api_key no longer works\n", o->arg);
		return 0;
	}
	char key[64];
	st = zilad_app_add(db, o->arg, key, sizeof key, &err);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	fprintf(stderr, "Registered app %s; its api_key (shown only now, keep it secret):\n", o->arg);
	printf("%s\n", key);
	return 0;
}

/* Marks a category public (its grievances' descriptions and replies may
 * be shown to anyone through Open311) or not, through master.category so
 * the change is audited and reaches the desks. */
static int
cmd_category(const char *sub, int argc, char **argv, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor admin;
	int rc;
	const char *yn = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (!sub || strcmp(sub, "public") != 0 || !o->arg || !yn || (strcmp(yn, "yes") != 0 && strcmp(yn, "no") != 0))
		return usage("category public CODE yes|no");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	json_t *row = NULL;
	sqlite3_stmt *q = zila_db_stmt(db, "SELECT c.code, c.name_en, c.name_hi, d.code AS department, c.days"
		" FROM category c JOIN department d ON d.id = c.department_id WHERE c.code = upper(?1)", &err);
	enum zila_status st = q ? ZILA_OK : ZILA_EDB;
	if (q) {
		sqlite3_bind_text(q, 1, o->arg, -1, SQLITE_STATIC);
		st = zila_query_one(db, q, &row, "category", &err);
	}
	if (st == ZILA_OK)
		st = zilad_admin_actor(db, &admin, &err);
	if (st == ZILA_OK) {
		json_object_set_new(row, "public", json_boolean(strcmp(yn, "yes") == 0));
		st = zila_action_run(db, &admin, "master.category", row, NULL, NULL, &err);
	}
	json_decref(row);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	printf(strcmp(yn, "yes") == 0 ? "Category %s is public: Open311 shows its descriptions and replies\n"
		: "Category %s is not public: Open311 shows only its status\n", o->arg);
	return 0;
}

/* triage train|info: the suggested-routing model, as zila triage on a
 * desk (serve refreshes it by itself). */
static int
cmd_triage(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_triage_stats st;
	int rc;
	if (!sub || (strcmp(sub, "train") != 0 && strcmp(sub, "info") != 0))
		return usage("triage train or triage info");
	if (o->arg)
		return usage("triage train and triage info take no argument");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	enum zila_status s = strcmp(sub, "train") == 0 ? zila_triage_train(db, NULL, &st, &err)
		: zila_triage_info(db, &st, &err);
	zila_db_close(&db);
	if (s != ZILA_OK)
		return refuse(&err);
	if (o->json) {
		json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:i, s:I, s:I}", "trained_at", st.trained_at, "examples",
			(json_int_t)st.examples, "transferred", (json_int_t)st.transferred, "skipped", (json_int_t)st.skipped,
			"categories", st.categories, "features", (json_int_t)st.features, "bytes", (json_int_t)st.bytes);
		json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
		return 0;
	}
	printf("Triage model of %s: from %ld disposed grievances (%ld transferred, %ld skipped), %d categories,\n"
		"%ld features, %zu bytes\n", st.trained_at, st.examples, st.transferred, st.skipped, st.categories, st.features,
		st.bytes);
	return 0;
}

/* What zilad serve does every hour, by hand: blobs no attachment names
 * and partial uploads, older than --older-than seconds (default a week,
 * as blob_expiry). */
static int
cmd_blob(const char *sub, const struct opts *o)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	unsigned blobs, partials;
	long age = 7 * 86400;
	char *end = NULL;
	int rc;
	if (!sub || strcmp(sub, "expire") != 0)
		return usage("blob expire [--older-than SECONDS]");
	if (o->older && ((age = strtol(o->older, &end, 10)) < 0 || *end || end == o->older))
		return usage("--older-than takes whole seconds");
	if ((rc = open_db(o, 0, &db)))
		return rc;
	enum zila_status st = zilad_blob_expire(db, age, &blobs, &partials, &err);
	zila_db_close(&db);
	if (st != ZILA_OK)
		return refuse(&err);
	printf("Removed %u unreferenced blob%s and %u abandoned partial upload%s\n", blobs, blobs == 1 ? "" : "s",
		partials, partials == 1 ? "" : "s");
	return 0;
}

static int
cmd_serve(const struct opts *o)
{
	struct zilad_config cfg;
	struct zila_err err = { 0 };
	if (!o->config)
		return usage("serve needs --config FILE");
	zilad_config_defaults(&cfg);
	if (zilad_config_read(&cfg, o->config, &err) != ZILA_OK || zilad_serve(&cfg, &err) != ZILA_OK)
		return refuse(&err);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	setlocale(LC_ALL, "");
	/* SQLite's sub-journal (the pages a savepoint or a statement may
	 * undo) keeps SQLite's own spill size here: 64 KiB in memory, then a
	 * temporary file, so a big statement (a migration, an import) never
	 * holds its journal in memory. A larger spill size (16 MB since stop
	 * 17) fails, in SQLite 3.40 (Debian 12's), the statement whose journal
	 * grows past a spill size of 256 KiB or more, with "database or disk
	 * is full". A group of pushes keeps its journal in memory instead
	 * (temp_store, group.c), small: one action's pages at a time. */
	/* SQLite opens and closes a temporary b-tree in many statements (an
	 * IN list, a sort): freeing its pages at the top of a thread's heap
	 * made glibc give them back to the kernel each time (madvise, and a
	 * TLB flush on every core: a third of zilad's CPU on a push). A
	 * server keeps some of what it used (serve adds its mmap threshold). */
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, ZILAD_HEAP_KEEP_BYTES);
#endif
	if (sodium_init() < 0) {
		fputs("zilad: libsodium could not start\n", stderr);
		return 1;
	}
	if (argc < 2)
		return usage(NULL);
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("zilad %s\n", PACKAGE_VERSION);
		return 0;
	}
	bool has_sub = strcmp(cmd, "user") == 0 || strcmp(cmd, "master") == 0 || strcmp(cmd, "desk") == 0 ||
		strcmp(cmd, "app") == 0 || strcmp(cmd, "category") == 0 || strcmp(cmd, "triage") == 0 ||
		strcmp(cmd, "blob") == 0 || strcmp(cmd, "audit") == 0;
	const char *sub = has_sub && argc > 2 && argv[2][0] != '-' ? argv[2] : NULL;
	int rc = parse(argc, argv, sub ? 3 : 2, &o);
	if (rc)
		return rc;
	if (strcmp(cmd, "init") == 0)
		return cmd_init(&o);
	if (strcmp(cmd, "user") == 0)
		return cmd_user(sub, &o);
	if (strcmp(cmd, "master") == 0)
		return cmd_master(sub, &o);
	if (strcmp(cmd, "desk") == 0)
		return cmd_desk(sub, &o);
	if (strcmp(cmd, "app") == 0)
		return cmd_app(sub, &o);
	if (strcmp(cmd, "category") == 0)
		return cmd_category(sub, argc, argv, &o);
	if (strcmp(cmd, "triage") == 0)
		return cmd_triage(sub, &o);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(sub, &o);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(&o);
	if (strcmp(cmd, "blob") == 0)
		return cmd_blob(sub, &o);
	return usage("unknown command");
}
