/* cli.c: what the subcommands share. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "zila/width.h"
#include "zila/i18n.h"
#include "zila/report.h"
#include "zila/master.h"
#include "zila/util.h"

bool
cli_common_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DB: c->db_path = arg; return true;
	case OPT_USER: c->user = arg; return true;
	case OPT_JSON: c->json = true; return true;
	case OPT_CSV: c->csv = true; return true;
	case OPT_NO_BOM: c->no_bom = true; return true;
	default: return false;
	}
}

int
cli_fail(const struct zila_err *err)
{
	char said[sizeof err->msg + 128];
	/* "gp: ..." names the field by its key: Hindi says its name */
	fprintf(stderr, "zila: %s\n", err->msg[0] ? zila_refusal_say(err->msg, said, sizeof said) : zila_status_name(err->code));
	return zila_status_exit_code(err->code);
}

int
cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
	/* getopt's own messages come from glibc's catalogue, which has no
	 * Hindi: it stays quiet (opterr, and ':' for a missing value) and
	 * the line is said here, in the user's language */
	char spec[16];
	size_t lead = optstring[0] == '+' || optstring[0] == '-';
	snprintf(spec, sizeof spec, "%.*s:%s", (int)lead, optstring, optstring + lead);
	opterr = 0;
	int o = getopt_long(argc, argv, spec, longopts, NULL);
	if (o == '?' || o == ':') {
		const char *what = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		char letter[3];
		/* an unknown short option ("-x", or the x of "-xy", where optind
		 * has not moved on) is named by its letter: getopt says it in
		 * optopt, which for a long option is 0 or that option's val */
		bool is_long = strncmp(what, "--", 2) == 0 && optopt == 0;
		for (const struct option *l = longopts; !is_long && l->name; l++)
			is_long = strncmp(what, "--", 2) == 0 && l->val == optopt;
		if (o == '?' && !is_long && optopt > ' ' && optopt < 127) {
			snprintf(letter, sizeof letter, "-%c", optopt);
			what = letter;
		}
		if (o == ':')
			fprintf(stderr, _("zila: the option %s needs a value\n"), what);
		else
			fprintf(stderr, _("zila: %s is not an option here\n"), what);
		return '?';
	}
	return o;
}

int
cli_usage(const char *usage_text, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		fputs("zila: ", stderr);
		va_start(ap, fmt);
		/* the catalogue has the line in Hindi (xgettext takes these by
		 * --keyword=cli_usage:2) */
		vfprintf(stderr, _(fmt), ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(_(usage_text), stderr);
	return CLI_USAGE;
}

/* A long migration's progress (025 converts every audit row, 029 every
 * event row: each run of the bar is one migration's rows): a bar
 * redrawn in place on a terminal; elsewhere (a log) one line when it
 * starts, for a database big enough to take a while. */
static void
migrate_progress(long long done, long long total, void *ctx)
{
	bool tty = *(bool *)ctx;
	if (total == 0) {
		fputs(_("zila: giving the freed space back to the disk (this takes a while)\n"), stderr);
		return;
	}
	if (!tty) {
		if (done <= 1 && total >= 100000)
			fprintf(stderr, _("zila: upgrading the database: %lld rows to convert\n"), total);
		return;
	}
	int pct = (int)(done * 100 / total);
	char bar[21];
	for (int i = 0; i < 20; i++)
		bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, _("\rzila: upgrading the database [%s] %3d%% (rows %lld/%lld)"), bar, pct, done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

int
cli_open(struct cli *c, int flags)
{
	static bool tty;
	char path[4096];
	struct zila_err err = { 0 };
	if (c->db)
		return CLI_OK;
	tty = isatty(STDERR_FILENO);
	zila_db_on_migrate(migrate_progress, &tty);
	enum zila_status st = zila_db_default_path(c->db_path, path, sizeof path, &err);
	if (st == ZILA_OK)
		st = zila_db_open(path, flags, &c->db, &err);
	zila_db_on_migrate(NULL, NULL);
	if (st != ZILA_OK)
		return cli_fail(&err);
	/* the user named for the command speaks their own language */
	char lang[3];
	zila_user_lang(c->db, c->user ? c->user : getenv("ZILA_USER"), lang, sizeof lang);
	if (lang[0])
		zila_i18n_set_lang(lang);
	return CLI_OK;
}

void
cli_close(struct cli *c)
{
	zila_db_close(&c->db);
	memset(&c->actor, 0, sizeof c->actor);
}

char *
cli_join_args(int argc, char **argv, int from)
{
	size_t len = 1;
	for (int i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *text = zila_xmalloc(len);
	text[0] = '\0';
	for (int i = from; i < argc; i++) {
		if (i > from)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	return text;
}

bool
cli_parse_long(const char *arg, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

char *
cli_read_password(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+");
	FILE *in = tty && isatty(STDIN_FILENO) ? tty : stdin;
	struct termios old, quiet;
	bool echo_off = false;
	char buf[256];

	if (in == tty) {
		fputs(prompt, tty);
		fflush(tty);
		if (tcgetattr(fileno(tty), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
		}
	}
	char *line = fgets(buf, sizeof buf, in);
	if (echo_off) {
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
	}
	if (tty)
		fclose(tty);
	if (!line)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	char *res = zila_xstrdup(buf);
	sodium_memzero(buf, sizeof buf);
	return res;
}

int
cli_open_login(struct cli *c)
{
	struct zila_err err = { 0 };
	int rc = cli_open(c, 0);
	if (rc)
		return rc;
	const char *login = c->user ? c->user : getenv("ZILA_USER");
	const char *envpw = getenv("ZILA_PASSWORD");
	/* a password a script gives is always checked: it says who it is */
	if (!envpw && cli_session_resume(c, login))
		return CLI_OK;
	if (!login || !*login) {
		fputs(_("zila: who is working? give --user LOGIN or set ZILA_USER (or zila login once)\n"), stderr);
		return CLI_USAGE;
	}
	char *pw = envpw ? zila_xstrdup(envpw) : cli_read_password(_("Password: "));
	if (!pw) {
		fputs(_("zila: no password given\n"), stderr);
		return CLI_REFUSED;
	}
	enum zila_status st = zila_login(c->db, login, pw, &c->actor, &err);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	/* from here on the command speaks the user's own language */
	if (st == ZILA_OK && c->actor.lang[0])
		zila_i18n_set_lang(c->actor.lang);
	if (st != ZILA_OK)
		return cli_fail(&err);
	if (!envpw)
		cli_session_begin(c); /* asked once: not again this session */
	return CLI_OK;
}

int
cli_action(struct cli *c, const char *action, json_t *args, json_t **result)
{
	struct zila_err err = { 0 };
	if (zila_action_run(c->db, &c->actor, action, args, NULL, result, &err) != ZILA_OK)
		return cli_fail(&err);
	return CLI_OK;
}

int
cli_set_str(json_t *obj, const char *key, const char *val)
{
	if (!val)
		return CLI_OK;
	json_t *s = json_string(val);
	if (!s) {
		fprintf(stderr, _("zila: %s is not valid UTF-8 text\n"), key);
		return CLI_REFUSED;
	}
	json_object_set_new(obj, key, s);
	return CLI_OK;
}

int
cli_set_int(json_t *obj, const char *key, const char *val)
{
	char *end;
	if (!val)
		return CLI_OK;
	long long n = strtoll(val, &end, 10);
	if (!*val || *end) {
		fprintf(stderr, _("zila: %s must be a whole number, not '%s'\n"), key, val);
		return CLI_REFUSED;
	}
	json_object_set_new(obj, key, json_integer(n));
	return CLI_OK;
}

/* Display width as the terminal places it, cluster by cluster (Hindi
 * vowel signs take a column though utf8proc calls them zero-width): the
 * same rule the screens use, so tables line up in both. */
static int
text_width(const char *s)
{
	return zila_width(s, strlen(s));
}

static char *
value_text(json_t *v)
{
	if (!v || json_is_null(v))
		return zila_xstrdup("");
	if (json_is_string(v))
		return zila_xstrdup(json_string_value(v));
	if (json_is_true(v))
		return zila_xstrdup("yes");
	if (json_is_false(v))
		return zila_xstrdup("no");
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* The columns' headings, then one line per row, every value whole. */
static void
print_csv(json_t *rows, const char *const *cols)
{
	size_t r;
	json_t *row;
	for (size_t i = 0; cols[i]; i++) {
		const char *colon = strchr(cols[i], ':');
		if (i)
			putchar(',');
		zila_csv_text(stdout, colon ? _(colon + 1) : cols[i]);
	}
	fputs("\r\n", stdout);
	json_array_foreach(rows, r, row) {
		for (size_t i = 0; cols[i]; i++) {
			const char *colon = strchr(cols[i], ':');
			char key[64];
			snprintf(key, sizeof key, "%.*s", (int)(colon ? (size_t)(colon - cols[i]) : strlen(cols[i])), cols[i]);
			json_t *v = json_object_get(row, key);
			char *t = value_text(v);
			if (i)
				putchar(',');
			/* a number is written as one (a negative one too); text that
			 * could be a formula is neutralised */
			if (json_is_number(v))
				fputs(t, stdout);
			else
				zila_csv_text(stdout, t);
			free(t);
		}
		fputs("\r\n", stdout);
	}
}

/* A cell of an aligned table: a record's state ("in_progress") is said
 * as a word of the user's language when that is not English; English
 * tables, CSV and JSON keep the codes scripts know. */
static char *
cell_text(const char *key, json_t *v)
{
	static const char *const status_keys[] = { "status", "from_status", "to_status", "rating" };
	if (json_is_string(v))
		for (size_t i = 0; i < sizeof status_keys / sizeof status_keys[0]; i++)
			if (strcmp(key, status_keys[i]) == 0)
				return zila_xstrdup(cli_status_word(json_string_value(v)));
	return value_text(v);
}


const char *
cli_status_word(const char *status)
{
	return zila_i18n_hindi() ? zila_status_word(status) : status ? status : "";
}

void
cli_print_rows(const struct cli *c, json_t *rows, const char *const *cols)
{
	if (c->json) {
		json_dumpf(rows, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		return;
	}
	if (c->csv) {
		if (!c->no_bom)
			fputs(ZILA_CSV_BOM, stdout);
		print_csv(rows, cols);
		return;
	}
	size_t ncol = 0;
	while (cols[ncol])
		ncol++;
	int *width = zila_xcalloc(ncol, sizeof *width);
	char keys[32][64];
	const char *heads[32];
	if (ncol > 32)
		ncol = 32;
	for (size_t i = 0; i < ncol; i++) {
		const char *colon = strchr(cols[i], ':');
		size_t kl = colon ? (size_t)(colon - cols[i]) : strlen(cols[i]);
		snprintf(keys[i], sizeof keys[i], "%.*s", (int)kl, cols[i]);
		/* a heading is a word of the screens' catalogue ("Number") */
		heads[i] = colon ? _(colon + 1) : cols[i];
		width[i] = text_width(heads[i]);
	}
	size_t r;
	json_t *row;
	json_array_foreach(rows, r, row) {
		for (size_t i = 0; i < ncol; i++) {
			char *t = cell_text(keys[i], json_object_get(row, keys[i]));
			int w = text_width(t);
			if (w > width[i])
				width[i] = w > 60 ? 60 : w;
			free(t);
		}
	}
	for (size_t i = 0; i < ncol; i++)
		printf("%s%s%*s", i ? "  " : "", heads[i], i + 1 < ncol ? width[i] - text_width(heads[i]) : 0, "");
	putchar('\n');
	json_array_foreach(rows, r, row) {
		for (size_t i = 0; i < ncol; i++) {
			char *t = cell_text(keys[i], json_object_get(row, keys[i]));
			for (char *p = t; *p; p++)
				if (*p == '\n' || *p == '\t')
					*p = ' ';
			int w = text_width(t);
			if (w > 60) {
				/* cut at a cluster boundary so no half letter is printed */
				int acc = 0;
				char *p = t + zila_width_fit(t, strlen(t), 59, &acc);
				strcpy(p, "~");
				w = acc + 1;
			}
			printf("%s%s%*s", i ? "  " : "", t, i + 1 < ncol ? width[i] - w : 0, "");
			free(t);
		}
		putchar('\n');
	}
	free(width);
}

void
cli_print_events(const struct cli *c, json_t *events, const char *const *cols)
{
	size_t i;
	json_t *ev;
	if (!c->json && !c->csv && zila_i18n_hindi())
		json_array_foreach(events, i, ev) {
			const char *kind = json_string_value(json_object_get(ev, "kind"));
			if (kind)
				json_object_set_new(ev, "kind", json_string(zila_event_word(kind)));
		}
	cli_print_rows(c, events, cols);
}

void
cli_print_record(const struct cli *c, json_t *obj)
{
	if (c->json) {
		json_dumpf(obj, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (json_is_array(v) || json_is_object(v))
			continue;
		char *t = cell_text(key, v);
		printf("%-14s %s\n", key, t);
		free(t);
	}
}
