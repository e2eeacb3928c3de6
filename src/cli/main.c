/* main.c: zila's entry point. With no subcommand it opens the full-screen
 * program; otherwise it runs one subcommand from CLI_COMMAND_LIST. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "config.h"
#include "cli.h"
#include "zila/i18n.h"
#include "zila/tui.h"

static const struct {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const char *help;
} commands[] = {
#define CLI_X(fn, name, help) { name, cmd_##fn, help },
	CLI_COMMAND_LIST(CLI_X)
#undef CLI_X
};

static void
usage(FILE *out)
{
	fprintf(out, "%s", _("usage: zila [--db PATH] [--user LOGIN] [COMMAND [ARGS]]\n\n"
		"Zila Desk: letters, panchayat inspections and grievances at a district office.\n"
		"With no command, opens the full-screen program.\n\nCommands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, _(commands[i].help));
	fprintf(out, "%s", _("\nEach command takes --help. The database is --db PATH, else $ZILA_DB,\n"
		"else $XDG_DATA_HOME/zila/zila.db (~/.local/share/zila/zila.db).\n"
		"The language is the user's (zila user lang hi|en), else the locale's (LANG).\n"
		"Exit status: 0 done, 1 refused, 2 usage.\n"));
}

static const char *const screen_usage_text = N_(
	"usage: zila [--db PATH] [--slow]\n"
	"Opens the full-screen program (log in with your user and password).\n"
	"  --slow   a marker column instead of a reverse bar: fewer bytes on a slow link\n"
	"           (chosen by itself when the terminal's speed is low)\n"
	"Settings: ~/.config/zila/zila.conf (lock_minutes = N, sync_minutes = N: a sync\n"
	"with the district server every N minutes, 0 never); attachment_inbox = FOLDER:\n"
	"the files a scanner or phone drops there are offered on the forms), keys:\n"
	"~/.config/zila/keys.\n"
	"L switches the screens between Hindi and English (kept for the user).\n");

/* `zila` with no subcommand: the full-screen program's options, then the
 * screens (zila/tui.h) on the opened database; argv[0] is not an option. */
static int
screen(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slow", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	bool slow = false;
	int opt;
	optind = 0;
	while (argc > 0 && (opt = cli_getopt(argc, argv, "+", opts)) != -1) {
		switch (opt) {
		case 's': slow = true; break;
		case 'd': c->db_path = optarg; break;
		case 'h': fputs(_(screen_usage_text), stdout); return CLI_OK;
		default: return cli_usage(_(screen_usage_text), NULL);
		}
	}
	if (argc > 0 && optind < argc)
		return cli_usage(_(screen_usage_text), "unexpected argument '%s'", argv[optind]);
	int rc = cli_open(c, 0);
	if (rc)
		return rc;
	char district[16];
	if (zila_meta_get(c->db, "district_code", district, sizeof district, NULL) != ZILA_OK) {
		fputs(_("zila: this database is not set up: run 'zila init' first\n"), stderr);
		cli_close(c);
		return CLI_REFUSED;
	}
	rc = ui_main(c->db, slow, c->locale_note) ? CLI_REFUSED : CLI_OK;
	cli_close(c);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli c = { 0 };
	int i = 1;

	c.locale_note = zila_i18n_start();
	/* the screens say it on their status line; a command only when the
	 * note matters to what it prints (Hindi) */
	if (c.locale_note && zila_i18n_hindi() && argc > 1 && argv[1][0] != '-')
		fprintf(stderr, "zila: %s\n", c.locale_note);
	if (sodium_init() < 0) {
		fputs("zila: libsodium could not start\n", stderr);
		return 1;
	}
	zila_db_no_memory_stats();
	zila_db_journal_in_memory();
	zila_db_keep_heap();
	/* global options before the command */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf("zila %s\n", PACKAGE_VERSION);
			return 0;
		}
		if ((strcmp(a, "--db") == 0 || strcmp(a, "--user") == 0) && i + 1 < argc) {
			cli_common_opt(&c, a[2] == 'd' ? OPT_DB : OPT_USER, argv[i + 1]);
			i += 2;
			continue;
		}
		if (strncmp(a, "--db=", 5) == 0) {
			c.db_path = a + 5;
			i++;
			continue;
		}
		if (strncmp(a, "--user=", 7) == 0) {
			c.user = a + 7;
			i++;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		/* the full-screen program's own options (say --slow) */
		break;
	}
	if (i >= argc || argv[i][0] == '-')
		return screen(&c, argc - i + 1, argv + i - 1);
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		if (strcmp(argv[i], commands[k].name) == 0) {
			int rc = commands[k].fn(&c, argc - i, argv + i);
			cli_close(&c);
			return rc;
		}
	}
	fprintf(stderr, _("zila: unknown command '%s' (zila --help lists them)\n"), argv[i]);
	return CLI_USAGE;
}
