/* session.c: where the command line keeps a session's token, and the
 * `zila login` and `zila logout` commands (include/zila/session.h says
 * what a session is). One file per database and login, in
 * $XDG_RUNTIME_DIR/zila (a tmpfs only the person can read, emptied at
 * logout from the machine), else /tmp/zila-UID; the folder must be the
 * person's own and closed to others, or sessions are not used at all.
 * A session also ends after SESSION_IDLE_SECONDS without a command (the
 * file's time, touched at each use), as sudo's timestamp does. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "zila/master.h"
#include "zila/session.h"
#include "zila/util.h"

#define SESSION_IDLE_SECONDS (15 * 60)

/* The sessions folder, made if missing; false when there is none we may
 * trust (not ours, or open to others): then sessions are simply off. */
static bool
session_dir(char *buf, size_t n)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	if (run && *run && stat(run, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(buf, n, "%s/zila", run);
	else
		snprintf(buf, n, "/tmp/zila-%u", (unsigned)getuid());
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return false;
	return lstat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == getuid() && (sb.st_mode & 077) == 0;
}

/* "<folder>/<hash of the database's real path>." : the files of this
 * database start with it; the login follows. */
static bool
session_prefix(struct cli *c, char *buf, size_t n)
{
	char dir[PATH_MAX], real[PATH_MAX], hash[65];
	if (!session_dir(dir, sizeof dir) || !realpath(zila_db_path(c->db), real))
		return false;
	zila_sha256_hex(real, strlen(real), hash);
	return snprintf(buf, n, "%s/%.32s.", dir, hash) < (int)n;
}

static bool
session_file(struct cli *c, const char *login, char *buf, size_t n)
{
	char prefix[PATH_MAX];
	if (!session_prefix(c, prefix, sizeof prefix))
		return false;
	for (const char *p = login; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", *p))
			return false;
	return snprintf(buf, n, "%s%s", prefix, login) < (int)n;
}

/* The token in path, when the file is ours, closed to others and used
 * within SESSION_IDLE_SECONDS; an idle one is removed. */
static bool
read_token(const char *path, char *token)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0)
		return false;
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == getuid() && (sb.st_mode & 077) == 0;
	if (ok && time(NULL) - sb.st_mtime > SESSION_IDLE_SECONDS) {
		ok = false;
		unlink(path);
	}
	ssize_t r = ok ? read(fd, token, ZILA_SESSION_TOKEN_HEX) : -1;
	close(fd);
	token[r == ZILA_SESSION_TOKEN_HEX ? r : 0] = '\0';
	return r == ZILA_SESSION_TOKEN_HEX;
}

/* Calls fn for each session file of this database with its path and
 * login; returns how many there were. */
static int
each_session(struct cli *c, void (*fn)(const char *path, const char *login, void *ud), void *ud)
{
	char prefix[PATH_MAX], path[PATH_MAX + 256];
	int count = 0;
	if (!session_prefix(c, prefix, sizeof prefix))
		return 0;
	char *slash = strrchr(prefix, '/');
	*slash = '\0';
	const char *base = slash + 1;
	DIR *d = opendir(prefix);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, base, strlen(base)) != 0 ||
		    snprintf(path, sizeof path, "%s/%s", prefix, e->d_name) >= (int)sizeof path)
			continue;
		fn(path, e->d_name + strlen(base), ud);
		count++;
	}
	if (d)
		closedir(d);
	return count;
}

struct only {
	char login[64];
	int live;
};

static void
count_live(const char *path, const char *login, void *ud)
{
	struct only *o = ud;
	char token[ZILA_SESSION_TOKEN_HEX + 1];
	if (read_token(path, token) && o->live++ == 0)
		snprintf(o->login, sizeof o->login, "%s", login);
	sodium_memzero(token, sizeof token);
}

/* The login of the one live session of this database, for a command
 * given no --user; false when there are none or several. */
static bool
only_session(struct cli *c, char *login, size_t n)
{
	struct only o = { .live = 0 };
	each_session(c, count_live, &o);
	if (o.live == 1)
		snprintf(login, n, "%s", o.login);
	return o.live == 1;
}

bool
cli_session_resume(struct cli *c, const char *login)
{
	char who[64], path[PATH_MAX], token[ZILA_SESSION_TOKEN_HEX + 1];
	struct zila_err err = { 0 };
	if (!login || !*login) {
		if (!only_session(c, who, sizeof who))
			return false;
		login = who;
	}
	char lower[64];
	snprintf(lower, sizeof lower, "%s", login);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!session_file(c, lower, path, sizeof path) || !read_token(path, token))
		return false;
	size_t n = 0;
	unsigned char sk[sizeof c->actor.sign_sk];
	bool ok = zila_session_resume(c->db, token, lower, &c->actor, sk, sizeof sk, &n, &err) == ZILA_OK;
	/* the session keeps the user's signing key, opened at its login */
	if (ok && n == sizeof sk) {
		memcpy(c->actor.sign_sk, sk, sizeof sk);
		c->actor.can_sign = true;
	}
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(token, sizeof token);
	if (ok)
		utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW); /* used now: the idle time starts again */
	else
		unlink(path); /* ended, or not this desk's: it will never resume */
	return ok;
}

bool
cli_session_begin(struct cli *c)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], token[ZILA_SESSION_TOKEN_HEX + 1];
	struct zila_err err = { 0 };
	if (!session_file(c, c->actor.login, path, sizeof path))
		return false;
	if (zila_session_start(c->db, &c->actor, ZILA_SESSION_MAX_SECONDS, c->actor.can_sign ? c->actor.sign_sk : NULL,
			c->actor.can_sign ? sizeof c->actor.sign_sk : 0, token, &err) != ZILA_OK)
		return false;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, token, ZILA_SESSION_TOKEN_HEX) == ZILA_SESSION_TOKEN_HEX;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		unlink(tmp);
		zila_session_end(c->db, token, NULL);
	}
	sodium_memzero(token, sizeof token);
	return ok;
}

static const char login_usage[] = N_("usage: zila login [--user LOGIN]\n"
	"Logs in once for a working session: commands after it ask no password until\n"
	"15 minutes pass without one, 12 hours pass, the screen locks or zila logout.\n"
	"A password given in $ZILA_PASSWORD is always checked instead.\n");

int
cmd_login(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	int o;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(login_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(login_usage, NULL);
	}
	if (optind < argc)
		return cli_usage(login_usage, "unexpected argument '%s'", argv[optind]);
	int rc = cli_open_login(c);
	if (rc)
		return rc;
	/* cli_open_login began one unless the password came from the
	 * environment; a script's explicit `zila login` wants one too */
	if (getenv("ZILA_PASSWORD") && !cli_session_begin(c)) {
		fputs(_("zila: the session could not be kept (no private folder for it): every command will ask\n"), stderr);
		return CLI_REFUSED;
	}
	printf(_("Logged in as %s until 15 minutes pass without a command; zila logout ends it.\n"), c->actor.login);
	return CLI_OK;
}

struct ending {
	struct zila_db *db;
	int ended;
	bool failed;
	struct zila_err err;
};

/* Ends every session on the desk of the user of one file (the person is
 * leaving: a session whose file was lost ends too) and removes the file. */
static void
end_one(const char *path, const char *login, void *ud)
{
	struct ending *e = ud;
	struct zila_actor a;
	if (e->failed)
		return;
	if (zila_actor_load(e->db, login, &a, NULL) == ZILA_OK) {
		if (zila_session_end_user(e->db, a.user_id, &e->err) != ZILA_OK) {
			e->failed = true;
			return;
		}
		e->ended++;
	}
	unlink(path);
}

static const char logout_usage[] = N_("usage: zila logout\n"
	"Ends the sessions kept for this database: every session on this desk of each\n"
	"user who has a session file here.\n");

int
cmd_logout(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			fputs(_(logout_usage), stdout);
			return CLI_OK;
		}
		if (!cli_common_opt(c, o, optarg))
			return cli_usage(logout_usage, NULL);
	}
	if ((rc = cli_open(c, 0)))
		return rc;
	struct ending e = { .db = c->db };
	each_session(c, end_one, &e);
	if (e.failed)
		return cli_fail(&e.err);
	printf(e.ended ? "Logged out.\n" : "No session was open.\n");
	return CLI_OK;
}
