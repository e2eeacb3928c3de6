/* cmd_admin.c: zila init, user, master, backup, check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "cli.h"
#include "zila/i18n.h"
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"

/* Asks for a new password twice, or takes $ZILA_NEW_PASSWORD (scripts),
 * and seals a key under it: sk when given (the user's own key, sealed
 * again), else a new key pair. */
static int
new_password_key(const char *who, const unsigned char *sk, struct zila_user_key *k)
{
	struct zila_err err = { 0 };
	const char *env = getenv("ZILA_NEW_PASSWORD");
	char prompt[128];
	char *a, *b = NULL;
	if (env)
		a = zila_xstrdup(env);
	else {
		snprintf(prompt, sizeof prompt, "New password for %s: ", who);
		a = cli_read_password(prompt);
		if (a)
			b = cli_read_password("Again: ");
		if (!a || !b || strcmp(a, b) != 0) {
			fputs(_("zila: the two passwords differ\n"), stderr);
			free(a);
			free(b);
			return CLI_REFUSED;
		}
	}
	enum zila_status st = strlen(a) < 8 ? zila_fail(&err, ZILA_EINVAL, "password must have at least 8 characters")
		: strlen(a) > 128 ? zila_fail(&err, ZILA_EINVAL, "password must have at most 128 characters")
		: sk ? zila_key_reseal(sk, a, k, &err) : zila_key_new(a, k, NULL, &err);
	sodium_memzero(a, strlen(a));
	free(a);
	if (b) {
		sodium_memzero(b, strlen(b));
		free(b);
	}
	return st == ZILA_OK ? CLI_OK : cli_fail(&err);
}

static const char init_usage[] =
	N_("usage: zila init --district CODE --name NAME [--name-hi NAME] --desk NN\n"
	"                 --admin LOGIN [--admin-name NAME]\n"
	"Sets up a new desk database: the district (code like DRG), this desk's\n"
	"two-digit code, and the first admin, whose password is asked for\n"
	"(or read from $ZILA_NEW_PASSWORD).\n");

int
cmd_init(struct cli *c, int argc, char **argv)
{
	enum { O_DISTRICT = CLI_OPT_FIRST_FREE, O_NAME, O_NAME_HI, O_DESK, O_ADMIN, O_ADMIN_NAME };
	static const struct option opts[] = {
		{ "district", required_argument, NULL, O_DISTRICT }, { "name", required_argument, NULL, O_NAME },
		{ "name-hi", required_argument, NULL, O_NAME_HI },   { "desk", required_argument, NULL, O_DESK },
		{ "admin", required_argument, NULL, O_ADMIN },       { "admin-name", required_argument, NULL, O_ADMIN_NAME },
		CLI_COMMON_LONGOPTS, { 0 } };
	const char *district = NULL, *name = NULL, *name_hi = NULL, *desk = NULL, *admin = NULL, *admin_name = NULL;
	int o;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_DISTRICT: district = optarg; break;
		case O_NAME: name = optarg; break;
		case O_NAME_HI: name_hi = optarg; break;
		case O_DESK: desk = optarg; break;
		case O_ADMIN: admin = optarg; break;
		case O_ADMIN_NAME: admin_name = optarg; break;
		case OPT_HELP: fputs(_(init_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(init_usage, NULL);
		}
	}
	if (!district || !name || !desk || !admin)
		return cli_usage(init_usage, "init needs --district, --name, --desk and --admin");
	struct zila_user_key key;
	int rc = new_password_key(admin, NULL, &key);
	if (rc)
		return rc;
	if ((rc = cli_open(c, ZILA_DB_CREATE)))
		return rc;
	struct zila_err err = { 0 };
	if (zila_init(c->db, district, name, name_hi, desk, &err) != ZILA_OK)
		return cli_fail(&err);
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", admin, "name", admin_name ? admin_name : admin,
		"role", "admin");
	if (args)
		zila_key_set_args(args, &key);
	if (!args) {
		fputs("zila: admin login or name is not valid UTF-8\n", stderr);
		return CLI_REFUSED;
	}
	/* nobody is logged in yet: the bootstrap actor is an admin with no id,
	 * which the action runner accepts only while there are no users */
	c->actor.role = ZILA_ROLE_ADMIN;
	rc = cli_action(c, "user.add", args, NULL);
	json_decref(args);
	if (rc == CLI_OK)
		printf(_("Set up district %1$s, desk %2$s, admin %3$s in %4$s\n"), district, desk, admin, zila_db_path(c->db));
	return rc;
}

static const char user_usage[] =
	N_("usage: zila user add LOGIN --name NAME --role ROLE [--department CODE]\n"
	"       zila user list [--json]\n"
	"       zila user passwd [LOGIN]\n"
	"       zila user lang hi|en|auto [LOGIN]\n"
	"Roles: clerk, officer, head, nodal, collector, admin. Officers and heads\n"
	"belong to a department. New passwords are asked for twice without echo\n"
	"(or read from $ZILA_NEW_PASSWORD). Needs --user (an admin, or yourself for passwd\n"
	"and lang). lang: the language of the screens and messages, Hindi or English;\n"
	"auto follows the locale (LANG).\n");

int
cmd_user(struct cli *c, int argc, char **argv)
{
	enum { O_NAME = CLI_OPT_FIRST_FREE, O_ROLE, O_DEPT };
	static const struct option opts[] = {
		{ "name", required_argument, NULL, O_NAME }, { "role", required_argument, NULL, O_ROLE },
		{ "department", required_argument, NULL, O_DEPT }, CLI_COMMON_LONGOPTS, { 0 } };
	const char *name = NULL, *role = NULL, *dept = NULL;
	int o, rc;
	if (argc < 2)
		return cli_usage(user_usage, NULL);
	const char *sub = argv[1];
	optind = 2;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_NAME: name = optarg; break;
		case O_ROLE: role = optarg; break;
		case O_DEPT: dept = optarg; break;
		case OPT_HELP: fputs(_(user_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(user_usage, NULL);
		}
	}
	const char *login = optind < argc ? argv[optind] : NULL;
	if (strcmp(sub, "list") == 0) {
		static const char *const cols[] = { CLI_COL("login", "Login"), CLI_COL("name", "Name"),
			CLI_COL("role", "Role"), CLI_COL("department", "Dept"), CLI_COL("active", "Active"), NULL };
		json_t *rows;
		struct zila_err err = { 0 };
		if ((rc = cli_open(c, 0)))
			return rc;
		if (zila_master_list(c->db, ZILA_M_USER, &rows, &err) != ZILA_OK)
			return cli_fail(&err);
		cli_print_rows(c, rows, cols);
		json_decref(rows);
		return CLI_OK;
	}
	if (strcmp(sub, "add") == 0) {
		if (!login || !name || !role)
			return cli_usage(user_usage, "user add needs LOGIN, --name and --role");
		if ((rc = cli_open_login(c)))
			return rc;
		struct zila_user_key key;
		if ((rc = new_password_key(login, NULL, &key)))
			return rc;
		json_t *args = json_object();
		zila_key_set_args(args, &key);
		if ((rc = cli_set_str(args, "login", login)) || (rc = cli_set_str(args, "name", name)) ||
		    (rc = cli_set_str(args, "role", role)) || (rc = cli_set_str(args, "department", dept)) ||
		    (rc = cli_action(c, "user.add", args, NULL))) {
			json_decref(args);
			return rc;
		}
		json_decref(args);
		printf(_("Added %s (%s)\n"), login, role);
		return CLI_OK;
	}
	if (strcmp(sub, "passwd") == 0) {
		if ((rc = cli_open_login(c)))
			return rc;
		if (!login)
			login = c->actor.login;
		/* one's own password seals one's own key again; an admin setting
		 * another user's password gives them a new key pair (a reset) */
		bool own = strcasecmp(login, c->actor.login) == 0 && c->actor.can_sign;
		struct zila_user_key key;
		if ((rc = new_password_key(login, own ? c->actor.sign_sk : NULL, &key)))
			return rc;
		json_t *args = json_pack("{s:s}", "login", login);
		if (args)
			zila_key_set_args(args, &key);
		rc = args ? cli_action(c, "user.passwd", args, NULL) : CLI_REFUSED;
		json_decref(args);
		if (rc == CLI_OK)
			printf(_("Password changed for %s\n"), login);
		return rc;
	}
	if (strcmp(sub, "lang") == 0) {
		/* LOGIN is the word after the language */
		const char *lang = login;
		const char *who = optind + 1 < argc ? argv[optind + 1] : NULL;
		if (!lang)
			return cli_usage(user_usage, "user lang needs hi, en or auto");
		if (strcmp(lang, "auto") == 0)
			lang = "";
		if ((rc = cli_open_login(c)))
			return rc;
		json_t *args = json_pack("{s:s}", "lang", lang);
		if (who)
			json_object_set_new(args, "login", json_string(who));
		rc = args ? cli_action(c, "user.lang", args, NULL) : CLI_REFUSED;
		json_decref(args);
		if (rc == CLI_OK) {
			if (!who || strcmp(who, c->actor.login) == 0)
				zila_i18n_set_lang(*lang ? lang : zila_i18n_env_lang());
			const char *user = who ? who : c->actor.login;
			if (!*lang)
				printf(_("Language of %s: as the locale says\n"), user);
			else if (strcmp(lang, "hi") == 0)
				printf(_("Language of %s: Hindi\n"), user);
			else
				printf(_("Language of %s: English\n"), user);
		}
		return rc;
	}
	return cli_usage(user_usage, "unknown user command '%s'", sub);
}

static const char master_usage[] =
	N_("usage: zila master import FILE.csv\n"
	"       zila master list KIND [--json]\n"
	"KIND: department, block, gp, category, checklist, user, desk.\n"
	"The CSV file has a header line; its 'type' column names the master of each\n"
	"row (department, block, gp, category, checklist, nodal), the other columns\n"
	"its fields: code, name_en, name_hi, lgd_code, block, department, days,\n"
	"text_en, text_hi, position, user, gp. One bad line refuses the whole file.\n");

int
cmd_master(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	int o, rc;
	struct zila_err err = { 0 };
	if (argc < 2)
		return cli_usage(master_usage, NULL);
	const char *sub = argv[1];
	optind = 2;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(master_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(master_usage, NULL);
	}
	const char *arg = optind < argc ? argv[optind] : NULL;
	if (strcmp(sub, "import") == 0) {
		if (!arg)
			return cli_usage(master_usage, "master import needs a FILE");
		FILE *f = strcmp(arg, "-") == 0 ? stdin : fopen(arg, "r");
		if (!f) {
			fprintf(stderr, _("zila: cannot open %s\n"), arg);
			return CLI_REFUSED;
		}
		if ((rc = cli_open_login(c))) {
			if (f != stdin)
				fclose(f);
			return rc;
		}
		int count;
		enum zila_status st = zila_master_import_csv(c->db, &c->actor, f, arg, &count, &err);
		if (f != stdin)
			fclose(f);
		if (st != ZILA_OK)
			return cli_fail(&err);
		printf(zila_ngettext("Imported %1$d row from %2$s\n", "Imported %1$d rows from %2$s\n", (unsigned long)count), count, arg);
		return CLI_OK;
	}
	if (strcmp(sub, "list") == 0) {
		int m = zila_master_from_name(arg);
		if (m < 0)
			return cli_usage(master_usage, "master list needs a KIND");
		if ((rc = cli_open(c, 0)))
			return rc;
		json_t *rows;
		if (zila_master_list(c->db, (enum zila_master)m, &rows, &err) != ZILA_OK)
			return cli_fail(&err);
		/* all columns but the id, in the order the query gave */
		const char *cols[16];
		size_t n = 0;
		json_t *first = json_array_get(rows, 0);
		const char *key;
		json_t *v;
		if (first)
			json_object_foreach(first, key, v)
				if (strcmp(key, "id") != 0 && n < 15)
					cols[n++] = key;
		cols[n] = NULL;
		if (n || c->json)
			cli_print_rows(c, rows, cols);
		json_decref(rows);
		return CLI_OK;
	}
	return cli_usage(master_usage, "unknown master command '%s'", sub);
}

static const char backup_usage[] = N_("usage: zila backup FILE\nCopies the database to FILE (VACUUM INTO), then checks the copy.\n");

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	struct zila_err err = { 0 };
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(backup_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(backup_usage, NULL);
	}
	if (optind >= argc)
		return cli_usage(backup_usage, "backup needs a FILE");
	if ((rc = cli_open(c, 0)))
		return rc;
	if (zila_db_backup(c->db, argv[optind], &err) != ZILA_OK)
		return cli_fail(&err);
	printf(_("Backed up to %s (integrity checked)\n"), argv[optind]);
	return CLI_OK;
}

static const char check_usage[] = N_("usage: zila check\nChecks integrity, foreign keys, the audit chain and that each record agrees with its history; exit 1 if anything is wrong.\n"
	"Commands do not check the file when they open it (that would cost a read of every page);\n"
	"the full-screen program checks it in the background once a day, and this command at once.\n"
	"While a pull from the server has stopped part way, the histories wait for `zila sync` to finish it.\n");

int
cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	struct zila_err err = { 0 };
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(check_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(check_usage, NULL);
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	char report[8192];
	bool histories_wait;
	if (zila_db_check(c->db, report, sizeof report, &histories_wait, &err) != ZILA_OK) {
		struct zila_err ignored = { 0 };
		fputs(report, stderr);
		if (report[0])
			zila_db_check_record(c->db, report, &ignored);
		return cli_fail(&err);
	}
	if (histories_wait) {
		/* sound, but a pull stopped part way: the histories wait for
		 * it, so this is not recorded as a whole check */
		fputs(report, stdout);
		puts(_("ok: integrity, foreign keys and audit chain"));
		return CLI_OK;
	}
	/* so the full-screen program does not check again today */
	zila_db_check_record(c->db, "ok", &err);
	puts(_("ok: integrity, foreign keys, audit chain and histories"));
	return CLI_OK;
}
