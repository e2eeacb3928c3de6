/* cmd_sync.c: zila enrol and zila sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "zila/sync.h"
#include "zila/util.h"

/* A bar on stderr when it is a terminal; nothing otherwise. */
static void
show_progress(void *ud, const char *phase, long long done, long long total)
{
	(void)ud;
	if (total > 0) {
		int width = 30, fill = (int)(done * width / (total ? total : 1));
		if (fill > width)
			fill = width;
		fprintf(stderr, "\r%-6s [%.*s%*s] %lld/%lld", phase, fill, "##############################", width - fill, "",
			done, total);
	} else
		fprintf(stderr, "\r%-6s %lld rows          ", phase, done);
	if (total > 0 && (strcmp(phase, "upload") == 0 || strcmp(phase, "download") == 0))
		fprintf(stderr, " bytes");
	fflush(stderr);
}

/* Tests and scripts may shorten the waits and the batches:
 * ZILA_SYNC_RETRIES, ZILA_SYNC_BACKOFF_MS, ZILA_SYNC_BATCH (entries per
 * push), ZILA_SYNC_PAGE (rows per pull), ZILA_TRIAGE_EVERY (seconds
 * between the triage model's refreshes after a sync; -1 never). */
static void
sync_opts(struct zila_sync_opts *o, bool quiet)
{
	memset(o, 0, sizeof *o);
	o->retries = -1;
	const char *r = getenv("ZILA_SYNC_RETRIES"), *b = getenv("ZILA_SYNC_BACKOFF_MS");
	const char *n = getenv("ZILA_SYNC_BATCH"), *p = getenv("ZILA_SYNC_PAGE");
	if (n && *n)
		o->batch_count = atoi(n);
	if (p && *p)
		o->pull_limit = atoi(p);
	if (r && *r)
		o->retries = atoi(r);
	if (b && *b)
		o->backoff_ms = atol(b);
	const char *t = getenv("ZILA_TRIAGE_EVERY");
	if (t && *t)
		o->triage_every = atol(t);
	if (!quiet && isatty(STDERR_FILENO))
		o->progress = show_progress;
}

static void
print_report(const struct zila_sync_report *r, bool tty_bar)
{
	if (tty_bar)
		fputc('\n', stderr);
	/* whole sentences, each with its own count, so each language says
	 * its plural */
	printf(zila_ngettext("Pushed %1$lld action (%2$lld rejected).\n", "Pushed %1$lld actions (%2$lld rejected).\n",
		(unsigned long)r->pushed), r->pushed, r->rejected);
	printf(zila_ngettext("Received %lld row.\n", "Received %lld rows.\n", (unsigned long)r->pulled), r->pulled);
	if (r->waiting)
		fputs(_("Some actions wait for attachments.\n"), stdout);
	/* bench/sync reads " N bytes sent, M received" from this line */
	printf(_("Traffic: %1$lld bytes sent, %2$lld received (push %3$lld).\n"), r->bytes_up, r->bytes_down, r->push_bytes);
	if (r->blobs_up || r->blobs_down)
		printf(_("Attachments: %1$lld sent, %2$lld received\n"), r->blobs_up, r->blobs_down);
	if (r->triage_trained)
		printf(zila_ngettext("The triage model learned again, from %ld disposed grievance\n",
			"The triage model learned again, from %ld disposed grievances\n", (unsigned long)r->triage_examples),
			r->triage_examples);
}

static const char enrol_usage[] =
	N_("usage: zila enrol URL [--ca FILE] [--pin sha256//BASE64] [--name NAME]\n"
	"Enrols this desk with the district server at URL (https://...): asks for a\n"
	"login and password (or takes --user/$ZILA_USER and $ZILA_PASSWORD), and\n"
	"makes a new desk database from the server's data. --ca names the CA file\n"
	"that signed the server's certificate; --pin fixes its public key.\n"
	"The database (--db or $ZILA_DB) must not be set up already.\n");

int
cmd_enrol(struct cli *c, int argc, char **argv)
{
	enum { O_CA = CLI_OPT_FIRST_FREE, O_PIN, O_NAME, O_QUIET };
	static const struct option opts[] = {
		{ "ca", required_argument, NULL, O_CA }, { "pin", required_argument, NULL, O_PIN },
		{ "name", required_argument, NULL, O_NAME }, { "quiet", no_argument, NULL, O_QUIET },
		CLI_COMMON_LONGOPTS, { 0 } };
	const char *ca = NULL, *pin = NULL, *name = "";
	bool quiet = false;
	int o;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_CA: ca = optarg; break;
		case O_PIN: pin = optarg; break;
		case O_NAME: name = optarg; break;
		case O_QUIET: quiet = true; break;
		case OPT_HELP: fputs(_(enrol_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(enrol_usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(enrol_usage, "enrol needs the server's URL");
	const char *url = argv[optind];
	char path[4096], loginbuf[128];
	struct zila_err err = { 0 };
	if (zila_db_default_path(c->db_path, path, sizeof path, &err) != ZILA_OK)
		return cli_fail(&err);
	const char *login = c->user ? c->user : getenv("ZILA_USER");
	if (!login || !*login) {
		fputs("Login: ", stderr);
		if (!fgets(loginbuf, sizeof loginbuf, stdin))
			return cli_usage(enrol_usage, "no login given");
		loginbuf[strcspn(loginbuf, "\r\n")] = '\0';
		login = loginbuf;
	}
	const char *envpw = getenv("ZILA_PASSWORD");
	char *pw = envpw ? zila_xstrdup(envpw) : cli_read_password("Password: ");
	if (!pw) {
		fputs(_("zila: no password given\n"), stderr);
		return CLI_REFUSED;
	}
	struct zila_sync_opts so;
	struct zila_sync_report rep;
	sync_opts(&so, quiet);
	enum zila_status st = zila_sync_enrol(path, url, ca, pin, login, pw, name, &so, &rep, &err);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	if (st != ZILA_OK) {
		if (so.progress)
			fputc('\n', stderr);
		return cli_fail(&err);
	}
	if (!quiet) {
		print_report(&rep, so.progress != NULL);
		printf(_("Enrolled %1$s with %2$s\n"), path, url);
	}
	return CLI_OK;
}

static const char sync_usage[] =
	N_("usage: zila sync [--quiet] [--server URL] [--attachments]\n"
	"       zila sync --problems [--json] | --redated [--json]\n"
	"       zila sync --retry ID [--date YYYY-MM-DD] | --discard ID   (as --user)\n"
	"Pushes this desk's actions to the district server, then pulls what\n"
	"changed, until nothing is left. Exit 1 if anything was rejected or the\n"
	"server could not be reached; rejected actions are listed by --problems\n"
	"and can be run again (--retry, as the logged-in user) or dropped (--discard);\n"
	"--date corrects the date of a letter's receipt or reply, or of an inspection,\n"
	"that the server refused (a desk clock that was wrong), without retyping it.\n"
	"Every sync compares this desk's clock with the server's and warns when they\n"
	"differ by more than 5 minutes. --redated lists grievances registered here\n"
	"whose dates the server had to change (their receipts are wrong).\n"
	"Attachments of waiting actions are sent first; --attachments also brings\n"
	"every attachment this desk's records name and it does not have yet.\n");

/* "3 days", "5 hours", "12 minutes": a clock difference as people say it. */
static void
say_span(long long secs, char *buf, size_t n)
{
	if (secs >= 2 * 86400)
		snprintf(buf, n, zila_ngettext("%lld day", "%lld days", (unsigned long)(secs / 86400)), secs / 86400);
	else if (secs >= 2 * 3600)
		snprintf(buf, n, zila_ngettext("%lld hour", "%lld hours", (unsigned long)(secs / 3600)), secs / 3600);
	else
		snprintf(buf, n, zila_ngettext("%lld minute", "%lld minutes", (unsigned long)((secs + 59) / 60)), (secs + 59) / 60);
}

/* Loud whatever --quiet says: a wrong clock dates every action wrongly. */
static void
clock_warning(const struct zila_sync_report *r)
{
	char span[64];
	if (!r->clock_known || (r->clock_skew <= ZILA_CLOCK_WARN && r->clock_skew >= -ZILA_CLOCK_WARN))
		return;
	say_span(r->clock_skew < 0 ? -r->clock_skew : r->clock_skew, span, sizeof span);
	fprintf(stderr, r->clock_skew > 0
		? _("zila: WARNING: this desk's clock is %s ahead of the server's: set this computer's date and time;"
		    " until then the server dates this desk's actions by its own clock\n")
		: _("zila: WARNING: this desk's clock is %s behind the server's: set this computer's date and time;"
		    " until then the server dates this desk's actions by its own clock\n"), span);
}

int
cmd_sync(struct cli *c, int argc, char **argv)
{
	enum { O_QUIET = CLI_OPT_FIRST_FREE, O_PROBLEMS, O_RETRY, O_DISCARD, O_SERVER, O_ATTACHMENTS, O_DATE, O_REDATED };
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, O_QUIET }, { "problems", no_argument, NULL, O_PROBLEMS },
		{ "retry", required_argument, NULL, O_RETRY }, { "discard", required_argument, NULL, O_DISCARD },
		{ "server", required_argument, NULL, O_SERVER }, { "attachments", no_argument, NULL, O_ATTACHMENTS },
		{ "date", required_argument, NULL, O_DATE }, { "redated", no_argument, NULL, O_REDATED },
		CLI_COMMON_LONGOPTS, { 0 } };
	bool quiet = false, problems = false, attachments = false, redated = false;
	const char *retry = NULL, *discard = NULL, *server = NULL, *date = NULL;
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_QUIET: quiet = true; break;
		case O_PROBLEMS: problems = true; break;
		case O_RETRY: retry = optarg; break;
		case O_DISCARD: discard = optarg; break;
		case O_SERVER: server = optarg; break;
		case O_ATTACHMENTS: attachments = true; break;
		case O_DATE: date = optarg; break;
		case O_REDATED: redated = true; break;
		case OPT_HELP: fputs(_(sync_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(sync_usage, NULL);
		}
	}
	if (optind != argc || (problems + redated + !!retry + !!discard) > 1 || (attachments && (problems || retry || discard)))
		return cli_usage(sync_usage, NULL);
	if (date && !retry)
		return cli_usage(sync_usage, "--date goes with --retry ID");
	struct zila_err err = { 0 };
	if (redated) {
		static const char *const cols[] = { CLI_COL("number", "Grievance"),
			CLI_COL("was_registered", "Registered (receipt)"), CLI_COL("was_due", "Due (receipt)"),
			CLI_COL("now_registered", "Registered now"), CLI_COL("now_due", "Due now"), NULL };
		json_t *rows;
		if ((rc = cli_open(c, 0)))
			return rc;
		if (zila_sync_redated(c->db, &rows, &err) != ZILA_OK)
			return cli_fail(&err);
		cli_print_rows(c, rows, cols);
		json_decref(rows);
		return CLI_OK;
	}
	if (problems) {
		static const char *const cols[] = { CLI_COL("id", "ID"), CLI_COL("action", "Action"),
			CLI_COL("at", "At"), CLI_COL("user", "User"), CLI_COL("code", "Code"),
			CLI_COL("message", "Reason"), NULL };
		json_t *rows;
		if ((rc = cli_open(c, 0)))
			return rc;
		if (zila_sync_problems(c->db, &rows, &err) != ZILA_OK)
			return cli_fail(&err);
		cli_print_rows(c, rows, cols);
		json_decref(rows);
		return CLI_OK;
	}
	if (retry || discard) {
		char *end;
		const char *arg = retry ? retry : discard;
		long long id = strtoll(arg, &end, 10);
		if (!*arg || *end || id < 1)
			return cli_usage(sync_usage, "ID must be a number from --problems, not '%s'", arg);
		if ((rc = retry ? cli_open_login(c) : cli_open(c, 0)))
			return rc;
		json_t *result = NULL;
		enum zila_status st = retry ? zila_sync_retry(c->db, &c->actor, id, date, &result, &err)
					    : zila_sync_discard(c->db, id, &err);
		json_decref(result);
		if (st != ZILA_OK)
			return cli_fail(&err);
		printf(retry ? _("Action %lld runs again: it goes to the server on the next sync\n")
			     : _("Action %lld discarded\n"), id);
		return CLI_OK;
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	struct zila_sync_opts so;
	struct zila_sync_report rep;
	sync_opts(&so, quiet);
	so.url = server;
	enum zila_status st = zila_sync_run(c->db, &so, &rep, &err);
	if (st == ZILA_OK && attachments) {
		struct zila_sync_report more = { 0 };
		st = zila_sync_fetch_attachments(c->db, &so, &more, &err);
		rep.blobs_down += more.blobs_down;
		rep.bytes_down += more.bytes_down;
		rep.retries += more.retries;
	}
	if (so.progress && st != ZILA_OK)
		fputc('\n', stderr);
	clock_warning(&rep);
	if (st != ZILA_OK)
		return cli_fail(&err);
	if (!quiet)
		print_report(&rep, so.progress != NULL);
	if (rep.redated > 0)
		fprintf(stderr, zila_ngettext("zila: WARNING: the server had to change the dates of %lld grievance registered here (this"
			" desk's clock was wrong): give the citizens new receipts (zila sync --redated lists them)\n",
			"zila: WARNING: the server had to change the dates of %lld grievances registered here (this"
			" desk's clock was wrong): give the citizens new receipts (zila sync --redated lists them)\n",
			(unsigned long)rep.redated), rep.redated);
	/* loud whatever --quiet says: someone must look at the server */
	if (rep.restored)
		fprintf(stderr, _("zila: WARNING: the server had lost %lld of this desk's confirmed actions (was it restored from"
			" a backup?); they were sent again\n"), rep.resent);
	if (rep.forked)
		fputs(_("zila: WARNING: the server's history is not the one this desk had seen (was it restored from a"
			" backup?); this desk's copy was taken again from the server\n"), stderr);
	if (rep.rejected > 0) {
		fprintf(stderr, zila_ngettext("zila: %lld action was rejected by the server: see zila sync --problems\n",
			"zila: %lld actions were rejected by the server: see zila sync --problems\n", (unsigned long)rep.rejected),
			rep.rejected);
		return CLI_REFUSED;
	}
	return CLI_OK;
}
