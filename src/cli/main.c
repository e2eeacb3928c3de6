/* main.c: zila's entry point. With no subcommand it opens the full-screen
 * program; otherwise it runs one subcommand from CLI_COMMAND_LIST. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "config.h"
#include "cli.h"
#include "zila/i18n.h"

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

/* The full-screen program (ui/ui_main.c); argv[0] is not an option. */
int ui_main(struct cli *c, int argc, char **argv);

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
		return ui_main(&c, argc - i + 1, argv + i - 1);
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
