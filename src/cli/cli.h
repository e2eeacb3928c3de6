/* cli.h: what the subcommands of the zila command line share: the open
 * database, the logged-in actor, option parsing, printing, exit codes.
 * Exit codes: 0 done; 1 refused (one line on stderr naming the field or
 * rule); 2 usage. */
#ifndef ZILA_CLI_H
#define ZILA_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include "zila/action.h"
#include "zila/i18n.h"
#include "zila/db.h"

enum { CLI_OK = 0, CLI_REFUSED = 1, CLI_USAGE = 2 };

struct cli {
	const char *db_path;  /* --db, else $ZILA_DB, else the default */
	const char *user;     /* --user, else $ZILA_USER */
	bool json;            /* --json: lists and records as JSON */
	bool csv;             /* --csv: reports as CSV */
	bool no_bom;          /* --no-bom: CSV without the UTF-8 byte order mark (scripts) */
	struct zila_db *db;
	struct zila_actor actor;
	const char *locale_note; /* zila_i18n_start's note: which locale stands in */
};

/* Options every subcommand accepts; add CLI_COMMON_LONGOPTS to a long
 * option table and pass unknown option codes to cli_common_opt. */
enum { OPT_DB = 0x1000, OPT_USER, OPT_JSON, OPT_CSV, OPT_HELP, OPT_NO_BOM, CLI_OPT_FIRST_FREE };
#define CLI_COMMON_LONGOPTS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "user", required_argument, NULL, OPT_USER }, \
	{ "json", no_argument, NULL, OPT_JSON }, \
	{ "csv", no_argument, NULL, OPT_CSV }, \
	{ "no-bom", no_argument, NULL, OPT_NO_BOM }, \
	{ "help", no_argument, NULL, OPT_HELP }
/* Returns true when it took the option. */
bool cli_common_opt(struct cli *c, int opt, const char *arg);

/* Opens the database (flags as zila_db_open); prints the error and returns
 * CLI_REFUSED when it cannot. */
int cli_open(struct cli *c, int flags);
/* Opens and logs in: user from --user or $ZILA_USER, password from
 * $ZILA_PASSWORD or asked on the terminal without echo. With no password
 * in the environment, a live session of the user (or, given no user, the
 * one session of this database) logs in without asking; a password asked
 * for begins one (session.c). */
int cli_open_login(struct cli *c);
/* Logs c in from its session file (login may be NULL: the only session
 * of this database). False when there is none live. */
bool cli_session_resume(struct cli *c, const char *login);
/* Begins a session for c->actor and keeps its token; false when it
 * cannot (no private folder), which only means the next command asks. */
bool cli_session_begin(struct cli *c);
void cli_close(struct cli *c);

/* Runs an action as the logged-in actor; prints the refusal on stderr.
 * Returns an exit code; *result (may be NULL) gets the result object. */
int cli_action(struct cli *c, const char *action, json_t *args, json_t **result);

/* Prints an error line "zila: message" and returns its exit code. */
int cli_fail(const struct zila_err *err);
/* Prints "zila: " and the line fmt says, in the language in use, then the
 * usage text; returns the usage exit code. */
int cli_usage(const char *usage_text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt_long, with its complaint (an unknown option, a missing value)
 * said in the language in use; returns '?' after one. */
int cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);

/* The words of argv from index from on, joined by single spaces (a text a
 * command takes unquoted: zila search, zila triage suggest); malloc'd. */
char *cli_join_args(int argc, char **argv, int from);
/* A whole number from min to max in arg; false for anything else. */
bool cli_parse_long(const char *arg, long min, long max, long *out);

/* Reads a password from the terminal without echo (or one line of stdin
 * when it is not a terminal). Returns a new string or NULL. */
char *cli_read_password(const char *prompt);

/* Prints rows as an aligned table of the given columns (NULL-terminated,
 * "key" or "key:Heading"), as CSV with --csv (headings first, values whole)
 * or as JSON with --json. Widths count display
 * columns, so Hindi lines up. */
void cli_print_rows(const struct cli *c, json_t *rows, const char *const *cols);
/* A column of cli_print_rows: the row's key and its heading, a word of the
 * catalogue (xgettext takes the heading: --keyword=CLI_COL:2), said in the
 * language in use on tables and CSV alike. */
#define CLI_COL(key, heading) key ":" heading
/* A record's state as a line of text shows it: the word in Hindi, the
 * code ("in_progress") in English, which scripts read. */
const char *cli_status_word(const char *status);
/* A record's history as a table: its event kinds ("interim_reply") as
 * words of a Hindi table; JSON, CSV and English keep the kinds. */
void cli_print_events(const struct cli *c, json_t *events, const char *const *cols);
/* Prints one record: "key: value" lines, or JSON. */
void cli_print_record(const struct cli *c, json_t *obj);
/* Sets key in obj to a string value if val is not NULL; refuses invalid UTF-8. */
int cli_set_str(json_t *obj, const char *key, const char *val);
/* Sets key to an integer parsed from val; refuses a non-number. */
int cli_set_int(json_t *obj, const char *key, const char *val);

/* The subcommands: each gets argc/argv starting at its own name. */
#define CLI_COMMAND_LIST(X) \
	X(init,       "init",       N_("set up a new desk database and its first admin")) \
	X(login,      "login",      N_("log in once for a working session (no password per command)")) \
	X(logout,     "logout",     N_("end the sessions kept for this database")) \
	X(user,       "user",       N_("add, list users; change a password")) \
	X(master,     "master",     N_("import and list masters (departments, blocks, panchayats, categories)")) \
	X(letter,     "letter",     N_("the inward register: add, list, show, mark, remind, reply, close")) \
	X(grievance,  "grievance",  N_("grievances: add, list, show, assign, transfer, note, dispose, ...")) \
	X(inspection, "inspection", N_("panchayat inspections: add, list, show, submit")) \
	X(suggestion, "suggestion", N_("inspection suggestions: list, comply, verify")) \
	X(search,     "search",     N_("search letters and grievances (Hindi and English, parts of words)")) \
	X(triage,     "triage",     N_("suggested routing: train the model, suggest a grievance's category")) \
	X(report,     "report",     N_("reports: tl, grievances, inspections")) \
	X(demo,       "demo",       N_("make a demo district with N grievances and N letters")) \
	X(backup,     "backup",     N_("copy the database safely to a new file")) \
	X(check,      "check",      N_("check the database: integrity, foreign keys, audit chain")) \
	X(enrol,      "enrol",      N_("enrol a new desk database with the district server")) \
	X(sync,       "sync",       N_("push this desk's actions and pull what changed; list sync problems")) \
	X(election,   "election",   N_("election staff: masters, rules, randomisation of polling parties, orders"))

#define CLI_X(fn, name, help) int cmd_##fn(struct cli *c, int argc, char **argv);
CLI_COMMAND_LIST(CLI_X)
#undef CLI_X

#endif
