/* push.c: applying a desk's outbox entries exactly once. Each entry runs
 * through the same action code as on the desk, as its user, inside its own
 * savepoint; the whole batch is one transaction, so one fsync serves many
 * actions and a crash before the commit leaves nothing half applied (the
 * desk sends the batch again and the ledger answers the repeats). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "zilad.h"

#define PUSH_MAX_ENTRIES 10000

/* What proves an entry is its user's (sign.h): its canonical form as this
 * desk signed it, its place in the desk's chain, and the entry of the
 * batch whose signature covers it. */
struct proof {
	char *canonical;
	char hash[65];
	char key_id[ZILA_SIGN_KEY_ID_HEX + 1];
	long long signed_by;     /* client_seq of the covering signature */
	enum zila_status code;   /* ZILA_OK, or ZILA_ESIGN with message */
	const char *message;
	size_t next;             /* the same user's next entry when it links here, else NONE */
	size_t cover;            /* the signed entry that covers this one, else NONE */
	bool has_next;           /* the batch has a later entry of the same user */
	const char *bad_link;    /* why its prev cannot be, else NULL */
	bool checked;            /* its own signature was checked (code says how) */
};

#define NONE ((size_t)-1)

static const char *const entry_keys[] = { "client_seq", "mutation_id", "action", "args", "actor_id",
	"base_version", "client_time", "void", "prev", "sig", NULL };

/* A mutation id as the desks make it: lower-case UUID text. */
static bool
uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

/* Checks the shape of every entry before anything is written, so a bad
 * request changes nothing; the message names the entry and the field. */
static enum zila_status
check_entries(json_t *entries, struct zila_err *err)
{
	size_t i;
	json_t *e;
	long long first = 0;
	if (!json_is_array(entries) || json_array_size(entries) == 0)
		return zila_fail(err, ZILA_EINVAL, "entries must be a non-empty array");
	if (json_array_size(entries) > PUSH_MAX_ENTRIES)
		return zila_fail(err, ZILA_EINVAL, "entries: at most %d in one push", PUSH_MAX_ENTRIES);
	json_array_foreach(entries, i, e) {
		const char *key;
		json_t *v;
		if (!json_is_object(e))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu] must be an object", i);
		json_object_foreach(e, key, v) {
			bool known = false;
			for (const char *const *k = entry_keys; *k; k++)
				known = known || strcmp(*k, key) == 0;
			if (!known)
				return zila_fail(err, ZILA_EINVAL, "entries[%zu]: unknown field '%s'", i, key);
		}
		json_t *seq = json_object_get(e, "client_seq"), *mid = json_object_get(e, "mutation_id");
		json_t *act = json_object_get(e, "action"), *args = json_object_get(e, "args");
		json_t *actor = json_object_get(e, "actor_id"), *base = json_object_get(e, "base_version");
		json_t *ct = json_object_get(e, "client_time");
		if (!json_is_integer(seq) || json_integer_value(seq) < 1)
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].client_seq must be a whole number from 1", i);
		if (i == 0)
			first = json_integer_value(seq);
		else if (json_integer_value(seq) != first + (long long)i)
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].client_seq must follow the one before", i);
		if (!json_is_string(mid) || !uuid_ok(json_string_value(mid)))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].mutation_id must be a UUID", i);
		if (!json_is_string(act) || zila_action_from_name(json_string_value(act)) < 0)
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].action: unknown action '%s'", i,
				json_is_string(act) ? json_string_value(act) : "");
		if (!json_is_object(args))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].args must be an object", i);
		if (!json_is_string(actor) || json_string_length(actor) > 39)
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].actor_id must be a user id", i);
		if (base && (!json_is_integer(base) || json_integer_value(base) < 0))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].base_version must be a whole number", i);
		if (!json_is_string(ct) || json_string_length(ct) > 31)
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].client_time must be a time", i);
		json_t *vd = json_object_get(e, "void");
		if (vd && (!json_is_object(vd) || !json_is_string(json_object_get(vd, "code")) ||
		    json_string_length(json_object_get(vd, "code")) > 40 || !json_is_string(json_object_get(vd, "message")) ||
		    json_string_length(json_object_get(vd, "message")) > 1000))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].void must be {code, message} as text", i);
		json_t *prev = json_object_get(e, "prev"), *sig = json_object_get(e, "sig");
		if (prev && (!json_is_string(prev) || (json_string_length(prev) > 0 &&
				!zila_sign_hex_ok(json_string_value(prev), 64))))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].prev must be a SHA-256 in hex, or empty", i);
		if (sig && (!json_is_string(sig) || !zila_sign_hex_ok(json_string_value(sig), ZILA_SIGN_SIG_HEX)))
			return zila_fail(err, ZILA_EINVAL, "entries[%zu].sig must be an Ed25519 signature in hex", i);
	}
	return ZILA_OK;
}

/* The highest client_seq of this desk in the ledger (0 for none); -1 on a database error. */
static long long
last_applied(struct zila_db *db, const char *desk_id, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT coalesce(max(client_seq), 0) FROM push_ledger WHERE desk_id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		zila_db_error(db, "ledger", err);
	return n;
}

/* The newest change-log position: what a pull after this push reaches. */
static long long
log_head(struct zila_db *db)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT coalesce(max(server_seq), 0) FROM change_log", NULL);
	if (!st)
		return 0;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* The number was used by this desk before: the same action is a repeat;
 * another action means the desk's database was restored or copied. */
static enum zila_status
check_repeat(struct zila_db *db, const char *desk_id, long long seq, const char *mutation, bool *same,
	struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT mutation_id FROM push_ledger WHERE desk_id = ?1 AND client_seq = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	int rc = sqlite3_step(st);
	*same = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), mutation) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "ledger", err);
}

/* The statuses that are the action's own refusal and use up its number;
 * anything else (database, disk, memory) is the server's trouble. */
static bool
is_rejection(enum zila_status s)
{
	switch (s) {
	case ZILA_EINVAL: case ZILA_EDENIED: case ZILA_ESTATE: case ZILA_ENOTFOUND:
	case ZILA_EEXIST: case ZILA_ECONFLICT: case ZILA_EAUTH: case ZILA_ESIGN:
		return true;
	default:
		return false;
	}
}

/* The pushed entry's user as an actor of the pushing desk; an unknown or
 * disabled user is the entry's rejection, not the request's. */
static enum zila_status
load_actor(struct zila_db *db, const char *user_id, const struct zilad_desk *desk, struct zila_actor *actor,
	struct zila_err *err)
{
	char login[64];
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT login FROM app_user WHERE id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(login, sizeof login, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zila_fail(err, ZILA_EAUTH, "user %s is not known on the server", user_id);
	if (rc != SQLITE_ROW)
		return zila_db_error(db, "user", err);
	enum zila_status s = zila_actor_load(db, login, actor, err);
	if (s == ZILA_OK) {
		snprintf(actor->desk_id, sizeof actor->desk_id, "%s", desk->id);
		snprintf(actor->desk_code, sizeof actor->desk_code, "%s", desk->code);
	}
	return s;
}

/* Whether any desk pushed this mutation id already (a copied database). */
static enum zila_status
mutation_seen(struct zila_db *db, const char *mutation, bool *seen, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT 1 FROM push_ledger WHERE mutation_id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, mutation, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*seen = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "ledger", err);
}

/* Writes the entry's outcome to the ledger, in the batch's transaction,
 * so the number is used up exactly when the action is (or is refused). */
static enum zila_status
record(struct zila_db *db, const struct zilad_desk *desk, json_t *e, const struct proof *p, const char *now,
	enum zila_status outcome, const char *code, const char *message, json_t *result, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT INTO push_ledger(desk_id, client_seq, mutation_id, action, actor_id,"
		" state, code, message, result, server_seq, client_time, received_at, signed, sig, key_id, signed_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", err);
	if (!st)
		return ZILA_EDB;
	char *res = result ? json_dumps(result, JSON_COMPACT) : NULL;
	sqlite3_bind_text(st, 1, desk->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(e, "client_seq")));
	sqlite3_bind_text(st, 3, json_string_value(json_object_get(e, "mutation_id")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(e, "action")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, json_string_value(json_object_get(e, "actor_id")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, outcome == ZILA_OK ? "applied" : "rejected", -1, SQLITE_STATIC);
	if (outcome != ZILA_OK) {
		sqlite3_bind_text(st, 7, code ? code : zila_status_name(outcome), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, message, -1, SQLITE_STATIC);
	}
	if (res)
		sqlite3_bind_text(st, 9, res, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 10, log_head(db));
	sqlite3_bind_text(st, 11, json_string_value(json_object_get(e, "client_time")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, p->canonical, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, json_string_value(json_object_get(e, "sig")), -1, SQLITE_STATIC);
	if (p->code == ZILA_OK) {
		sqlite3_bind_text(st, 15, p->key_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 16, p->signed_by);
	} else {
		sqlite3_bind_null(st, 15);
		sqlite3_bind_null(st, 16);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(res);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "ledger", err);
}

/* The current public key of a user (and its id); false when none. */
static bool
user_key(struct zila_db *db, const char *user_id, char *pk, char *key_id)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT sign_pk, key_id FROM app_user WHERE id = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == ZILA_SIGN_PK_HEX;
	if (ok) {
		snprintf(pk, ZILA_SIGN_PK_HEX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(key_id, ZILA_SIGN_KEY_ID_HEX + 1, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return ok;
}

static const char *
actor_of(json_t *e)
{
	return json_string_value(json_object_get(e, "actor_id"));
}

/* CPU time this thread spent proving entries (canonical forms, hashes,
 * signature checks) since it was last asked: what signing costs zilad. */
static _Thread_local long long prove_ns;

long long
zilad_push_prove_us(void)
{
	long long us = prove_ns / 1000;
	prove_ns = 0;
	return us;
}

static long long
thread_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One user's chain while a batch is proved: the user's last entry so far,
 * and whether an entry the push needs still waits there for a signature. */
struct chain_user {
	const char *actor;
	size_t last;
	bool needed;
};

struct by_hash {
	const char *hash;
	size_t i;
};

static int
by_hash_cmp(const void *a, const void *b)
{
	return strcmp(((const struct by_hash *)a)->hash, ((const struct by_hash *)b)->hash);
}

#define CROSS_LINK "its link (prev) names another user's entry, and a user's signature never vouches for another's:" \
	" the chain was made by hand, the action was not run"
#define GAP_LINK "its link (prev) is not its user's entry before it in this push (a gap, or a chain reordered or" \
	" changed): the action was not run"

/* Marks the entries among the first m whose prev, sent as such, is the
 * hash of another user's entry of the batch: a desk of protocol 3 chains
 * each user's entries alone, so such a link was made by hand. Entries up
 * to client_seq desk_chained_to were queued by a desk of protocol 2,
 * chained desk-wide, and are not marked (their links never vouch across
 * users either way: prove()). */
static void
mark_cross(json_t *entries, size_t m, long long desk_chained_to, struct proof *p)
{
	struct by_hash *h = zila_xcalloc(m ? m : 1, sizeof *h);
	for (size_t i = 0; i < m; i++)
		h[i] = (struct by_hash){ p[i].hash, i };
	qsort(h, m, sizeof *h, by_hash_cmp);
	for (size_t i = 0; i < m; i++) {
		json_t *e = json_array_get(entries, i), *jp = json_object_get(e, "prev");
		if (!jp || !json_string_length(jp) || json_integer_value(json_object_get(e, "client_seq")) <= desk_chained_to)
			continue;
		struct by_hash key = { json_string_value(jp), 0 };
		const struct by_hash *f = bsearch(&key, h, m, sizeof *h, by_hash_cmp);
		if (f && f->i < i && strcmp(actor_of(json_array_get(entries, f->i)), actor_of(e)) != 0)
			p[i].bad_link = CROSS_LINK;
	}
	free(h);
}

/* Checks entry k's own signature against its user's current key, once. */
static void
check_sig(struct zila_db *db, json_t *entries, size_t k, struct proof *p)
{
	if (p[k].checked)
		return;
	json_t *e = json_array_get(entries, k);
	char pk[ZILA_SIGN_PK_HEX + 1];
	p[k].checked = true;
	p[k].code = ZILA_ESIGN;
	if (!user_key(db, actor_of(e), pk, p[k].key_id))
		p[k].message = "its user has no signing key on the server: the action was not run";
	else if (!zila_sign_verify(pk, p[k].canonical, json_string_value(json_object_get(e, "sig"))))
		p[k].message = "its signature is not its user's over this action: the action was not run";
	else {
		p[k].code = ZILA_OK;
		p[k].signed_by = json_integer_value(json_object_get(e, "client_seq"));
	}
}

/* Works out the proof of the first `need` entries (all when 0) before any
 * runs, and of the entries after them that their signatures are on; how
 * many entries were proved. Each user's entries form a chain of their own
 * (sign.h): an entry's prev is the one it carries, else the hash of the
 * same user's entry before it in the batch ("" for none). An entry is
 * covered by its own signature, checked against its user's current key,
 * or by the same user's next entry in the batch when that links to it
 * and is covered in turn; a link from another user's entry never covers,
 * and only the signatures that cover a needed entry are checked. */
static size_t
prove(struct zila_db *db, const struct zilad_desk *desk, json_t *entries, size_t need, long long desk_chained_to,
	struct proof *p)
{
	size_t n = json_array_size(entries), m = 0, nusers = 0, cap = 0, open = 0;
	struct chain_user *users = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(entries, i), *jp = json_object_get(e, "prev");
		const char *actor = actor_of(e);
		struct chain_user *u = NULL;
		for (size_t k = 0; k < nusers && !u; k++)
			if (strcmp(users[k].actor, actor) == 0)
				u = &users[k];
		if (!u) {
			if (nusers == cap) {
				cap = cap ? cap * 2 : 8;
				users = zila_xrealloc(users, cap * sizeof *users);
			}
			u = &users[nusers++];
			*u = (struct chain_user){ actor, NONE, false };
		}
		struct zila_signed sg = {
			.mutation_id = json_string_value(json_object_get(e, "mutation_id")),
			.action = json_string_value(json_object_get(e, "action")), .actor_id = actor,
			.desk_id = desk->id, .client_time = json_string_value(json_object_get(e, "client_time")),
			.prev = jp ? json_string_value(jp) : u->last != NONE ? p[u->last].hash : "",
			.args = json_object_get(e, "args"),
			.client_seq = json_integer_value(json_object_get(e, "client_seq")),
			.base_version = json_integer_value(json_object_get(e, "base_version")),
		};
		p[i].canonical = zila_sign_canonical(&sg);
		zila_sign_hash(p[i].canonical ? p[i].canonical : "", p[i].hash);
		p[i].next = p[i].cover = NONE;
		bool linked = false;
		p[i].bad_link = NULL;
		if (u->last != NONE) {
			p[u->last].has_next = true;
			if ((linked = strcmp(sg.prev, p[u->last].hash) == 0))
				p[u->last].next = i;
			/* a desk of protocol 3 links a user's entry to the user's
			 * entry before it, or to none ("", after an entry it could
			 * not vouch for); only the user's first in a push may link
			 * to an entry of an earlier push */
			else if (sg.prev[0] && sg.client_seq > desk_chained_to)
				p[i].bad_link = GAP_LINK;
		}
		/* a needed entry waits for a signature as long as its chain goes
		 * on unsigned; a break leaves it uncovered, a signature ends it */
		bool needed = !json_object_get(e, "sig") && ((linked && u->needed) || !need || i < need);
		if (needed != u->needed)
			open = needed ? open + 1 : open - 1;
		u->needed = needed;
		u->last = i;
		m = i + 1;
		if (need && m >= need && open == 0)
			break;
	}
	free(users);
	mark_cross(entries, m, desk_chained_to, p);
	for (size_t k = m; k-- > 0;) {
		json_t *e = json_array_get(entries, k);
		p[k].code = ZILA_ESIGN;
		p[k].signed_by = 0;
		if (p[k].bad_link)
			p[k].message = p[k].bad_link;
		else if (json_object_get(e, "sig"))
			p[k].cover = k;
		else if (p[k].next != NONE && !p[p[k].next].bad_link) {
			p[k].cover = p[p[k].next].cover;
			p[k].message = p[p[k].next].message;
		} else if (p[k].has_next)
			p[k].message = "it carries no signature of its user, and the user's next entry does not link to it (a gap,"
				" or a chain changed or reordered): the action was not run";
		else
			p[k].message = "it carries no signature of its user, and it is the user's last entry in this push (made"
				" without the user's key, or written into the outbox by hand): the action was not run";
	}
	size_t limit = need && need < m ? need : m;
	for (size_t k = 0; k < limit; k++) {
		size_t c = p[k].cover;
		if (c == NONE)
			continue;
		check_sig(db, entries, c, p);
		if (c != k) {
			p[k].code = p[c].code;
			p[k].message = p[c].message;
			p[k].signed_by = p[c].signed_by;
			snprintf(p[k].key_id, sizeof p[k].key_id, "%s", p[c].key_id);
		}
	}
	return m;
}

static void
proofs_free(struct proof *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].canonical);
	free(p);
}

/* The actor of the entry before: a batch is mostly one person's work, so
 * the user is looked up once per batch, not once per action. Checked
 * again by the action runner itself (active, same role) every time. */
struct actor_cache {
	char user_id[40];
	struct zila_actor actor;
};

/* The rules of administration a desk's office sets, beyond the actor's
 * own: user and master administration (master.*, adding or deactivating
 * a user, another user's password or language) is an admin's from the
 * Collectorate's desk alone, whatever department the admin is of; and
 * the server's own identities are zilad's to administer, no desk's.
 * NULL when the entry may run, else why not. */
static const char *
office_refusal(const struct zilad_desk *desk, const struct zila_actor *actor, json_t *e)
{
	const char *action = json_string_value(json_object_get(e, "action"));
	const char *login = json_string_value(json_object_get(json_object_get(e, "args"), "login"));
	if (strcmp(action, "request.hold") == 0)
		return "requests are held by the server's online channel alone (an Open311 request without a category):"
			" the action was not run";
	bool user = strncmp(action, "user.", 5) == 0;
	if (user && login && (strcasecmp(login, ZILAD_LOGIN) == 0 || strcasecmp(login, ZILAD_ONLINE_LOGIN) == 0))
		return "it administers one of the server's own identities, which only zilad does: the action was not run";
	bool admin = strncmp(action, "master.", 7) == 0 || strcmp(action, "user.add") == 0 ||
		strcmp(action, "user.deactivate") == 0 || (user && login && strcasecmp(login, actor->login) != 0);
	if (admin && desk->department_id[0])
		return "user and master administration is done from the Collectorate's desk or on the server (zilad user,"
			" zilad master), not from a department's desk: the action was not run";
	return NULL;
}

/* Applies one new entry. *retry is set when the action asks to be sent
 * again later (a blob not here yet): its number is not used up. */
static enum zila_status
apply_one(struct zila_db *db, const struct zilad_desk *desk, json_t *e, const struct proof *p, const char *now,
	struct actor_cache *ac, json_t **retry, struct zila_err *err)
{
	struct zila_err aerr = { 0 };
	json_t *result = NULL;
	const char *actor_id = json_string_value(json_object_get(e, "actor_id"));
	const char *mutation = json_string_value(json_object_get(e, "mutation_id"));
	struct zila_action_opts opts = {
		.mutation_id = mutation,
		.client_time = json_string_value(json_object_get(e, "client_time")),
		.base_version = json_integer_value(json_object_get(e, "base_version")),
	};
	json_t *vd = json_object_get(e, "void");
	if (vd)
		/* a number the desk had used for an action this server refused
		 * before it was restored from a backup: the refusal stands (the
		 * desk keeps it as a problem), only the number is used again */
		return record(db, desk, e, p, now, ZILA_EINVAL, json_string_value(json_object_get(vd, "code")),
			json_string_value(json_object_get(vd, "message")), NULL, err);
	bool seen;
	enum zila_status st = mutation_seen(db, mutation, &seen, err);
	if (st != ZILA_OK)
		return st;
	if ((st = zila_db_savepoint(db, err)) != ZILA_OK)
		return st;
	enum zila_status outcome;
	if (seen)
		outcome = zila_fail(&aerr, ZILA_EEXIST, "this action was already received from another desk");
	else if (p->code != ZILA_OK)
		outcome = zila_fail(&aerr, p->code, "%s", p->message);
	else {
		outcome = ZILA_OK;
		if (strcmp(ac->user_id, actor_id) != 0) {
			ac->user_id[0] = '\0';
			if ((outcome = load_actor(db, actor_id, desk, &ac->actor, &aerr)) == ZILA_OK)
				snprintf(ac->user_id, sizeof ac->user_id, "%s", actor_id);
		}
		/* a desk acts for its own office's users only: a department's
		 * desk for that department's, the Collectorate's for those of no
		 * department (so user and master administration, an admin's,
		 * comes from the Collectorate alone) */
		if (outcome == ZILA_OK && strcmp(ac->actor.department_id, desk->department_id) != 0)
			outcome = zila_fail(&aerr, ZILA_EDENIED, "%s does not work in this desk's office: the action was not run",
				ac->actor.login);
		const char *why = outcome == ZILA_OK ? office_refusal(desk, &ac->actor, e) : NULL;
		if (why)
			outcome = zila_fail(&aerr, ZILA_EDENIED, "%s", why);
		if (outcome == ZILA_OK)
			outcome = zila_action_run(db, &ac->actor, json_string_value(json_object_get(e, "action")),
				json_object_get(e, "args"), &opts, &result, &aerr);
	}
	/* an applied action and its ledger row are kept together or not at
	 * all, in the action's savepoint: a group keeps no savepoint around a
	 * push (group.c), so a push that fails half way keeps no action that
	 * the ledger would not answer as a repeat */
	if (outcome == ZILA_OK) {
		st = record(db, desk, e, p, now, outcome, NULL, NULL, result, err);
		json_decref(result);
		result = NULL;
		if (st != ZILA_OK) {
			zila_db_release(db, false, NULL);
			return st;
		}
	}
	if ((st = zila_db_release(db, outcome == ZILA_OK, err)) != ZILA_OK) {
		json_decref(result);
		return st;
	}
	if (outcome == ZILA_OK)
		return ZILA_OK;
	if (outcome == ZILA_ERETRY) {
		*retry = json_pack("{s:I, s:s, s:s}", "client_seq", json_integer_value(json_object_get(e, "client_seq")),
			"code", zila_status_name(outcome), "message", aerr.msg);
		return ZILA_OK;
	}
	if (!is_rejection(outcome)) {
		json_decref(result);
		return zila_fail(err, outcome, "%s", aerr.msg);
	}
	st = record(db, desk, e, p, now, outcome, NULL, aerr.msg, result, err);
	json_decref(result);
	return st;
}

/* The stored refusals among client_seq from..to: what a repeat is told. */
static enum zila_status
rejections(struct zila_db *db, const char *desk_id, long long from, long long to, json_t **out, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT client_seq, code, message FROM push_ledger"
		" WHERE desk_id = ?1 AND client_seq BETWEEN ?2 AND ?3 AND state = 'rejected' ORDER BY client_seq", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	*out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s}", "client_seq", (json_int_t)sqlite3_column_int64(st, 0),
			"code", (const char *)sqlite3_column_text(st, 1), "message", (const char *)sqlite3_column_text(st, 2)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "ledger", err);
}

enum zila_status
zilad_push(struct zila_db *db, const struct zilad_desk *desk, json_t *body, json_t **reply, int *http,
	struct zila_err *err)
{
	return zilad_push_some(db, desk, body, 0, reply, http, err);
}

enum zila_status
zilad_push_some(struct zila_db *db, const struct zilad_desk *desk, json_t *body, int max_new, json_t **reply,
	int *http, struct zila_err *err)
{
	json_t *entries = json_is_object(body) ? json_object_get(body, "entries") : NULL;
	json_t *retry = NULL, *rejected = NULL;
	char now[32];
	enum zila_status st;
	*reply = NULL;
	*http = 400;
	if (!json_is_object(body))
		return zila_fail(err, ZILA_EINVAL, "the body must be a JSON object with entries");
	if ((st = check_entries(entries, err)) != ZILA_OK)
		return st;
	/* entries up to this number were chained by a desk of protocol 2 (prove) */
	json_t *chained_to = json_object_get(body, "desk_chained_to");
	if (chained_to && (!json_is_integer(chained_to) || json_integer_value(chained_to) < 0))
		return zila_fail(err, ZILA_EINVAL, "desk_chained_to must be a whole number");
	zila_iso_time(zila_clock(), now, sizeof now);
	long long first = json_integer_value(json_object_get(json_array_get(entries, 0), "client_seq"));
	long long end = first + (long long)json_array_size(entries) - 1;
	if ((st = zila_db_begin(db, err)) != ZILA_OK)
		return st;
	long long last = last_applied(db, desk->id, err);
	if (last < 0) {
		zila_db_end(db, false, NULL);
		*http = 500;
		return ZILA_EDB;
	}
	/* a 409 is answered before this push writes anything: its end keeps
	 * the group's transaction (group.c) as it was */
	if (first > last + 1) {
		zila_db_end(db, true, NULL);
		*http = 409;
		*reply = json_pack("{s:I, s:s}", "last_applied", (json_int_t)last, "error", "a gap in client_seq: send from last_applied + 1");
		return ZILA_OK;
	}
	size_t i;
	json_t *e;
	struct actor_cache ac = { .user_id = "" };
	struct proof *proofs = zila_xcalloc(json_array_size(entries), sizeof *proofs);
	/* the repeats at the front, then at most max_new new entries */
	size_t need = max_new > 0 ? (size_t)(last + 1 - first > 0 ? last + 1 - first : 0) + (size_t)max_new : 0;
	long long t0 = thread_ns();
	size_t proved = prove(db, desk, entries, need, chained_to ? json_integer_value(chained_to) : 0, proofs);
	prove_ns += thread_ns() - t0;
	json_array_foreach(entries, i, e) {
		long long seq = first + (long long)i;
		if (i >= proved || (need && i >= need))
			break; /* the rest waits for the desk's next push */
		if (seq <= last) {
			bool same;
			if ((st = check_repeat(db, desk->id, seq, json_string_value(json_object_get(e, "mutation_id")), &same, err)))
				break;
			if (!same) {
				zila_db_end(db, true, NULL);
				proofs_free(proofs, json_array_size(entries));
				*http = 409;
				*reply = json_pack("{s:I, s:s}", "last_applied", (json_int_t)last, "error",
					"client_seq was used for another action: this desk's database was restored or copied; enrol it again");
				return ZILA_OK;
			}
			continue;
		}
		if ((st = apply_one(db, desk, e, &proofs[i], now, &ac, &retry, err)) != ZILA_OK || retry)
			break;
		last = seq;
	}
	proofs_free(proofs, json_array_size(entries));
	if (st == ZILA_OK) {
		sqlite3_stmt *s = zila_db_stmt(db, "UPDATE desk_token SET last_seen = ?2 WHERE desk_id = ?1 AND revoked_at IS NULL", err);
		if (s) {
			sqlite3_bind_text(s, 1, desk->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
			sqlite3_step(s);
			sqlite3_reset(s);
		}
	}
	enum zila_status endst = zila_db_end(db, st == ZILA_OK, st == ZILA_OK ? err : NULL);
	if (st == ZILA_OK)
		st = endst;
	if (st == ZILA_OK)
		st = rejections(db, desk->id, first, end < last ? end : last, &rejected, err);
	if (st != ZILA_OK) {
		json_decref(retry);
		*http = st == ZILA_ERETRY ? 503 : 500;
		return st;
	}
	*reply = json_pack("{s:I, s:I, s:o}", "last_applied", (json_int_t)last, "server_seq", (json_int_t)log_head(db),
		"rejected", rejected);
	if (retry)
		json_object_set_new(*reply, "retry", retry);
	*http = 200;
	return ZILA_OK;
}
