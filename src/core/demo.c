/* demo.c: the demo district generator. Everything is made through
 * zila_action_run, the one way data changes, with ZILA_ACT_NO_OUTBOX (demo
 * history is not to be pushed to a server), many actions to one outer
 * transaction, and the clock fixed per action (zila_clock_set) so that
 * each record lives its life over the last two years: registered,
 * assigned, worked on, disposed, appealed, closed, or left pending. A step
 * that would fall after today does not happen, so recent records are open
 * and old stuck ones are overdue, as in a real office. The records are
 * made in two halves at once, the second on a thread of its own into a
 * copy of the file, then merged (demo_half). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "zila/audit.h"
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/report.h"
#include "zila/util.h"
#include "demo_data.h"
#include "internal.h"
#include "report_internal.h"

#define DEMO_BATCH 1000     /* records per outer transaction */
#define DEMO_DAYS 730       /* records spread over the last two years */
#define DEMO_FORTNIGHTS 8   /* inspections for the recent fortnights */
#define DEMO_SPLIT_MIN 200  /* records made on two threads from this many */

struct demo {
	struct zila_db *db;
	struct zila_err *err;
	uint64_t rng;
	long today;             /* days since 1970-01-01 of today in Asia/Kolkata */
	long long seq;          /* actions run, for the time of day */
	struct zila_actor admin, clerk, collector;
	struct zila_actor nodal[DEMO_NODALS];
	struct zila_actor officer[DEMO_DEPARTMENTS], head[DEMO_DEPARTMENTS];
	char last_grievance[40];
};

/* The department of each suggestion text of demo_suggestions. */
static const int suggestion_department[6] = { 3, 4, 8, 9, 6, 7 };

/* xorshift64*: a fixed seed makes the same district every time. */
static uint64_t
rnd(struct demo *d)
{
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return d->rng * 2685821657736338717ull;
}

static int
pick(struct demo *d, int n)
{
	return (int)(rnd(d) % (uint64_t)n);
}

/* True with probability p. */
static bool
chance(struct demo *d, double p)
{
	return (double)(rnd(d) >> 11) / 9007199254740992.0 < p;
}

/* One of the two languages of a text: about half the records are Hindi. */
static const char *
lang(const struct demo_text *t, bool hindi)
{
	return hindi ? t->hi : t->en;
}

static void
day_str(long day, char *buf)
{
	char iso[32];
	zila_iso_time((time_t)day * 86400, iso, sizeof iso);
	snprintf(buf, 11, "%.10s", iso);
}

/* Runs one action on day `day` (office hours, Asia/Kolkata) and takes its
 * arguments. id_out (40 bytes, may be NULL) gets the id it made. A
 * refusal names the action, so a generator bug is easy to find. */
static enum zila_status
act(struct demo *d, const struct zila_actor *who, const char *name, json_t *args, long day, char *id_out)
{
	static const struct zila_action_opts opts = { .flags = ZILA_ACT_NO_OUTBOX };
	json_t *res = NULL;
	if (!args)
		return zila_fail(d->err, ZILA_EINVAL, "demo: %s: arguments could not be built", name);
	/* 04:30Z to 10:29Z is 10:00 to 15:59 in Kolkata: the same date */
	zila_clock_set((time_t)day * 86400 + 4 * 3600 + 1800 + (time_t)(d->seq++ % 360) * 60);
	enum zila_status s = zila_action_run(d->db, who, name, args, &opts, id_out ? &res : NULL, d->err);
	json_decref(args);
	if (s != ZILA_OK) {
		if (d->err) {
			char msg[sizeof d->err->msg];
			snprintf(msg, sizeof msg, "%s", d->err->msg);
			zila_fail(d->err, s, "demo: %s by %s: %.400s", name, who->login, msg);
		}
		return s;
	}
	if (id_out)
		snprintf(id_out, 40, "%s", json_string_value(json_object_get(res, "id")) ? json_string_value(json_object_get(res, "id")) : "");
	json_decref(res);
	return ZILA_OK;
}

static const char demo_salt[] = "64656d6f2d7061737320646f6f727321";

/* Each demo user gets a key pair of their own, sealed under "demo-pass";
 * they all share that password, so one argon2id derivation (one salt)
 * serves them all and the demo stays fast. Real users each get their own
 * salt (zila_key_new). */
static enum zila_status
add_user(struct demo *d, struct zila_actor *a, const char *login, const char *name, const char *role,
	const char *dept, const unsigned char *key, long day)
{
	struct zila_user_key k;
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", login, "name", name, "role", role);
	zila_key_new_derived(key, demo_salt, &k, NULL);
	if (args)
		zila_key_set_args(args, &k);
	if (args && dept)
		json_object_set_new(args, "department", json_string(dept));
	enum zila_status s = act(d, &d->admin, "user.add", args, day, NULL);
	return s ? s : zila_actor_load(d->db, login, a, d->err);
}

/* The masters and the users, as the admin would enter them. */
static enum zila_status
demo_setup(struct demo *d, long day)
{
	unsigned char key[32];
	char login[64], code[16];
	enum zila_status s;
	if ((s = zila_key_derive("demo-pass", demo_salt, key, d->err)))
		return s;
	/* the bootstrap actor: an admin with no id, accepted while there are no users */
	d->admin.role = ZILA_ROLE_ADMIN;
	if ((s = add_user(d, &d->admin, "admin", "District Administrator", "admin", NULL, key, day)))
		return s;
	for (int i = 0; i < DEMO_DEPARTMENTS && !s; i++) {
		const struct demo_department *dp = &demo_departments[i];
		s = act(d, &d->admin, "master.department", json_pack("{s:s, s:s, s:s}", "code", dp->code,
			"name_en", dp->name.en, "name_hi", dp->name.hi), day, NULL);
	}
	for (int b = 0; b < DEMO_BLOCKS && !s; b++) {
		const struct demo_block *bl = &demo_blocks[b];
		s = act(d, &d->admin, "master.block", json_pack("{s:s, s:s, s:s}", "lgd_code", bl->lgd_code,
			"name_en", bl->name.en, "name_hi", bl->name.hi), day, NULL);
		for (int g = 0; g < DEMO_GPS_PER_BLOCK && !s; g++) {
			snprintf(code, sizeof code, "%s%02d", bl->lgd_code, g + 1);
			s = act(d, &d->admin, "master.gp", json_pack("{s:s, s:s, s:s, s:s}", "lgd_code", code,
				"block", bl->lgd_code, "name_en", bl->gps[g].en, "name_hi", bl->gps[g].hi), day, NULL);
		}
	}
	for (int i = 0; i < DEMO_CATEGORIES && !s; i++) {
		const struct demo_category *c = &demo_categories[i];
		s = act(d, &d->admin, "master.category", json_pack("{s:s, s:s, s:s, s:s, s:i}", "code", c->code,
			"name_en", c->name.en, "name_hi", c->name.hi, "department", demo_departments[c->department].code,
			"days", c->days), day, NULL);
	}
	for (int i = 0; i < DEMO_CHECKLIST && !s; i++)
		s = act(d, &d->admin, "master.checklist", json_pack("{s:s, s:s, s:s, s:i}", "code", demo_checklist[i].code,
			"text_en", demo_checklist[i].text.en, "text_hi", demo_checklist[i].text.hi, "position", i + 1),
			day, NULL);
	if (!s)
		s = add_user(d, &d->clerk, "clerk", "Shyam Lal Sahu", "clerk", NULL, key, day);
	if (!s)
		s = add_user(d, &d->collector, "collector", "Arvind Mishra", "collector", NULL, key, day);
	for (int i = 0; i < DEMO_NODALS && !s; i++) {
		snprintf(login, sizeof login, "nodal%d", i + 1);
		s = add_user(d, &d->nodal[i], login, demo_nodal_names[i], "nodal", NULL, key, day);
	}
	for (int i = 0; i < DEMO_DEPARTMENTS && !s; i++) {
		const struct demo_department *dp = &demo_departments[i];
		char lower[16];
		size_t k;
		for (k = 0; dp->code[k] && k + 1 < sizeof lower; k++)
			lower[k] = (char)(dp->code[k] | 0x20);
		lower[k] = '\0';
		snprintf(login, sizeof login, "%s.officer", lower);
		s = add_user(d, &d->officer[i], login, dp->officer_name, "officer", dp->code, key, day);
		snprintf(login, sizeof login, "%s.head", lower);
		if (!s)
			s = add_user(d, &d->head[i], login, dp->head_name, "head", dp->code, key, day);
	}
	/* ten gram panchayats for each nodal officer, spread over the blocks */
	for (int g = 0; g < DEMO_BLOCKS * DEMO_GPS_PER_BLOCK && !s; g++) {
		snprintf(code, sizeof code, "%s%02d", demo_blocks[g / DEMO_GPS_PER_BLOCK].lgd_code, g % DEMO_GPS_PER_BLOCK + 1);
		s = act(d, &d->admin, "master.nodal", json_pack("{s:s, s:s}", "user", d->nodal[g % DEMO_NODALS].login,
			"gp", code), day, NULL);
	}
	return s;
}

/* After a disposal: feedback, an appeal (sometimes disposed again), or
 * closing the file. */
static enum zila_status
grievance_after(struct demo *d, const char *id, int cat, int dept, long day, bool hi)
{
	const struct demo_category *c = &demo_categories[cat];
	enum zila_status s = ZILA_OK;
	long fb = day + 1 + pick(d, 10);
	if (chance(d, 0.4) && fb <= d->today) {
		int r = 1 + pick(d, 5);
		s = act(d, &d->clerk, "grievance.feedback", json_pack("{s:s, s:i, s:s}", "grievance", id, "rating", r,
			"note", lang(&demo_feedback[r >= 4 ? 0 : r >= 2 ? 1 : 2], hi)), fb, NULL);
	}
	long appeal = day + 2 + pick(d, 24);
	if (!s && chance(d, 0.06)) {
		if (appeal > d->today)
			return ZILA_OK;
		s = act(d, &d->clerk, "grievance.appeal", json_pack("{s:s, s:s}", "grievance", id,
			"reason", lang(&demo_appeals[pick(d, 3)], hi)), appeal, NULL);
		long again = appeal + 5 + pick(d, 16);
		if (!s && chance(d, 0.6) && again <= d->today)
			s = act(d, &d->officer[dept], "grievance.dispose", json_pack("{s:s, s:s}", "grievance", id,
				"reply", lang(&c->reply, hi)), again, NULL);
		return s;
	}
	long close = day + 15 + pick(d, 26);
	if (!s && chance(d, 0.5) && close <= d->today)
		s = act(d, &d->clerk, "grievance.close", json_pack("{s:s}", "grievance", id), close, NULL);
	return s;
}

/* One grievance and the steps of its life up to today. */
static enum zila_status
demo_grievance(struct demo *d, long day)
{
	static const char *const channels[] = { "counter", "counter", "counter", "phone", "post", "email", "web",
		"jandarshan", "cpgrams", "camp" };
	bool hi = chance(d, 0.5);
	int cat = pick(d, DEMO_CATEGORIES), b = pick(d, DEMO_BLOCKS), g = pick(d, DEMO_GPS_PER_BLOCK);
	const struct demo_category *c = &demo_categories[cat];
	const struct demo_block *bl = &demo_blocks[b];
	char name[128], desc[512], gp[16], mobile[16], id[40];
	snprintf(name, sizeof name, "%s %s", lang(&demo_first_names[pick(d, 16)], hi), lang(&demo_surnames[pick(d, 12)], hi));
	snprintf(desc, sizeof desc, lang(&c->description[pick(d, 2)], hi), lang(&bl->gps[g], hi));
	snprintf(gp, sizeof gp, "%s%02d", bl->lgd_code, g + 1);
	snprintf(mobile, sizeof mobile, "%d%09d", 6 + pick(d, 4), pick(d, 1000000000));
	enum zila_status s = act(d, &d->clerk, "grievance.register", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"citizen_name", name, "description", desc, "category", c->code, "channel", channels[pick(d, 10)],
		"mobile", mobile, "block", bl->lgd_code, "gp", gp, "village", lang(&bl->gps[g], hi),
		"subject", lang(&c->subject, hi)), day, id);
	if (s)
		return s;
	if (d->last_grievance[0] && chance(d, 0.01)) {
		s = act(d, &d->clerk, "grievance.duplicate", json_pack("{s:s, s:s}", "grievance", id,
			"of", d->last_grievance), day, NULL);
		return s;
	}
	snprintf(d->last_grievance, sizeof d->last_grievance, "%s", id);
	int dept = c->department;
	long t = day + pick(d, 2);
	if (chance(d, 0.03) || t > d->today)
		return ZILA_OK; /* still registered */
	if ((s = act(d, &d->head[dept], "grievance.assign", json_pack("{s:s, s:s}", "grievance", id,
			"officer", d->officer[dept].login), t, NULL)))
		return s;
	if (chance(d, 0.03) && t + 2 <= d->today) {
		int to = (dept + 1 + pick(d, DEMO_DEPARTMENTS - 1)) % DEMO_DEPARTMENTS;
		t += 2;
		if ((s = act(d, &d->officer[dept], "grievance.transfer", json_pack("{s:s, s:s, s:s}", "grievance", id,
				"department", demo_departments[to].code, "reason", hi ? "यह विषय दूसरे विभाग का है।" :
				"This belongs to another department."), t, NULL)))
			return s;
		dept = to;
	}
	if (chance(d, 0.4)) {
		t += 1 + pick(d, 3);
		if (t > d->today)
			return ZILA_OK;
		if ((s = act(d, &d->officer[dept], "grievance.note", json_pack("{s:s, s:s, s:b}", "grievance", id,
				"note", lang(&demo_notes[pick(d, 3)], hi), "interim", 1), t, NULL)))
			return s;
	}
	if (!chance(d, 0.93))
		return ZILA_OK; /* stuck: overdue once past its due date */
	long done = day + 1 + (long)(c->days * (0.2 + 1.5 * (double)pick(d, 1000) / 1000.0));
	if (done < t)
		done = t;
	if (done > d->today)
		return ZILA_OK;
	if ((s = act(d, &d->officer[dept], "grievance.dispose", json_pack("{s:s, s:s}", "grievance", id,
			"reply", lang(&c->reply, hi)), done, NULL)))
		return s;
	return grievance_after(d, id, cat, dept, done, hi);
}

/* One letter marked to one to three departments, with reminders, replies,
 * a few dropped by the Collector, and closing when all is answered. */
static enum zila_status
demo_letter(struct demo *d, long day)
{
	static const int limits[] = { 7, 15, 15, 30 };
	bool hi = chance(d, 0.5);
	int n = chance(d, 0.7) ? 1 : chance(d, 0.67) ? 2 : 3;
	int depts[3], days[3];
	char ref[64], dated[11], id[40];
	depts[0] = pick(d, DEMO_DEPARTMENTS);
	for (int i = 1; i < n; i++)
		depts[i] = (depts[i - 1] + 1 + pick(d, 3)) % DEMO_DEPARTMENTS;
	json_t *marks = json_array();
	for (int i = 0; i < n; i++) {
		days[i] = limits[pick(d, 4)];
		json_array_append_new(marks, json_pack("{s:s, s:i}", "department", demo_departments[depts[i]].code,
			"days", days[i]));
	}
	const struct demo_department *dp = &demo_departments[depts[0]];
	snprintf(ref, sizeof ref, "No. %d/%s/%ld", 100 + pick(d, 9000), dp->code, 1970 + day / 365);
	day_str(day - 1 - pick(d, 10), dated);
	enum zila_status s = act(d, &d->clerk, "letter.create", json_pack("{s:s, s:s, s:s, s:s, s:o}",
		"sender", lang(&demo_senders[pick(d, 12)], hi), "subject", lang(&dp->subjects[pick(d, 3)], hi),
		"sender_ref", ref, "letter_date", dated, "marks", marks), day, id);
	if (s)
		return s;
	long last_reply = 0;
	int replied = 0;
	for (int i = 0; i < n && !s; i++) {
		const char *code = demo_departments[depts[i]].code;
		long due = day + days[i];
		bool answers = chance(d, 0.88);
		long reply = day + 1 + (long)(days[i] * (0.1 + 1.7 * (double)pick(d, 1000) / 1000.0));
		if (chance(d, 0.25) && due + 1 <= d->today && (!answers || reply > due + 1))
			s = act(d, &d->clerk, "letter.remind", json_pack("{s:s, s:s}", "letter", id, "department", code),
				due + 1, NULL);
		if (!s && answers && reply <= d->today) {
			s = act(d, &d->officer[depts[i]], "letter.reply", json_pack("{s:s, s:s}", "letter", id,
				"reply", lang(&demo_departments[depts[i]].reply, hi)), reply, NULL);
			replied++;
			if (reply > last_reply)
				last_reply = reply;
		} else if (!s && !answers && chance(d, 0.35) && due + 30 <= d->today)
			s = act(d, &d->collector, "letter.close", json_pack("{s:s, s:s, s:s}", "letter", id, "department", code,
				"note", hi ? "अब आवश्यक नहीं।" : "No longer needed."), due + 30, NULL);
	}
	long close = last_reply + 3 + pick(d, 18);
	if (!s && replied == n && chance(d, 0.45) && close <= d->today)
		s = act(d, &d->clerk, "letter.close", json_pack("{s:s}", "letter", id), close, NULL);
	return s;
}

/* The compliance of a submitted inspection's suggestions: about half
 * complied by the department, most of those verified by the nodal officer. */
static enum zila_status
demo_comply(struct demo *d, const struct zila_actor *nodal, const char *inspection_id, long day, bool hi)
{
	sqlite3_stmt *st = zila_db_stmt(d->db, "SELECT s.id, d.code FROM suggestion s"
		" JOIN department d ON d.id = s.department_id WHERE s.inspection_id = ?1 ORDER BY s.id", d->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, inspection_id, -1, SQLITE_TRANSIENT);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("[s, s]", (const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	enum zila_status s = rc == SQLITE_DONE ? ZILA_OK : zila_db_error(d->db, "demo", d->err);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *sid = json_string_value(json_array_get(row, 0)), *code = json_string_value(json_array_get(row, 1));
		long on = day + 5 + pick(d, 20);
		if (s || !chance(d, 0.55) || on > d->today)
			continue;
		int dept = 0;
		while (dept < DEMO_DEPARTMENTS - 1 && strcmp(demo_departments[dept].code, code) != 0)
			dept++;
		s = act(d, &d->officer[dept], "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid,
			"note", lang(&demo_departments[dept].reply, hi)), on, NULL);
		if (!s && chance(d, 0.6) && on + 3 <= d->today) {
			/* a return must say what is still to be done */
			bool accept = chance(d, 0.9);
			json_t *args = json_pack("{s:s, s:b}", "suggestion", sid, "accept", accept);
			if (!accept)
				json_object_set_new(args, "note", json_string(hi ? "कार्य अधूरा है, पूरा कर पुनः बताएं।" :
					"The work is not finished; finish it and report again."));
			s = act(d, nodal, "suggestion.verify", args, on + 3, NULL);
		}
	}
	json_decref(rows);
	return s;
}

/* Inspections of the recent fortnights: most GPs inspected, most of those
 * submitted; the current fortnight is under way. */
static enum zila_status
demo_inspections(struct demo *d)
{
	static const char *const ratings[] = { "good", "good", "average", "poor", "na" };
	char today[11], label[12], start[11], end[11], on[11], gp[16], id[40];
	enum zila_status s = ZILA_OK;
	day_str(d->today, today);
	report_fortnight(today, label, sizeof label, start, end);
	for (int f = 0; f < DEMO_FORTNIGHTS && !s; f++) {
		long first = zila_date_diff("1970-01-01", start), last = zila_date_diff("1970-01-01", end);
		bool current = f == 0;
		if (last > d->today)
			last = d->today;
		for (int g = 0; g < DEMO_BLOCKS * DEMO_GPS_PER_BLOCK && !s; g++) {
			if (!chance(d, current ? 0.4 : 0.85))
				continue;
			const struct zila_actor *nodal = &d->nodal[g % DEMO_NODALS];
			bool hi = chance(d, 0.6);
			long day = first + pick(d, (int)(last - first + 1));
			day_str(day, on);
			snprintf(gp, sizeof gp, "%s%02d", demo_blocks[g / DEMO_GPS_PER_BLOCK].lgd_code, g % DEMO_GPS_PER_BLOCK + 1);
			json_t *answers = json_array(), *sugg = json_array();
			for (int i = 0; i < DEMO_CHECKLIST; i++)
				json_array_append_new(answers, json_pack("{s:s, s:s}", "item", demo_checklist[i].code,
					"rating", ratings[pick(d, 5)]));
			for (int i = pick(d, 4); i > 0; i--) {
				int k = pick(d, 6);
				char target[11];
				day_str(day + 15 + pick(d, 30), target);
				json_array_append_new(sugg, json_pack("{s:s, s:s, s:s}", "text", lang(&demo_suggestions[k], hi),
					"department", demo_departments[suggestion_department[k]].code, "target_date", target));
			}
			s = act(d, nodal, "inspection.record", json_pack("{s:s, s:s, s:s, s:o, s:o}", "gp", gp, "inspected_on", on,
				"observations", lang(&demo_observations[pick(d, 4)], hi), "answers", answers, "suggestions", sugg),
				day, id);
			if (!s && chance(d, current ? 0.5 : 0.92)) {
				s = act(d, nodal, "inspection.submit", json_pack("{s:s}", "inspection", id), day, NULL);
				if (!s)
					s = demo_comply(d, nodal, id, day, hi);
			}
		}
		/* the fortnight before: the day before this one's start */
		char prev[11];
		zila_date_add(start, -1, prev, sizeof prev);
		report_fortnight(prev, label, sizeof label, start, end);
	}
	return s;
}

/* The full-text triggers of db/001_init.sql. FTS5 writes its pending
 * terms to disk at every statement savepoint, and inside a transaction
 * every statement that fires a trigger opens one: kept as they are, the
 * triggers would write one tiny index segment per action and spend half
 * the generator's time merging them. So the demo drops them, loads, then
 * fills the indexes in two bulk statements (the very text the triggers
 * would have written) and puts the triggers back as they were. */
static const char *const fts_triggers[] = { "letter_fts_ai", "grievance_fts_ai", "grievance_fts_note" };

static enum zila_status
fts_triggers_drop(struct zila_db *db, char *saved[3], struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", err);
	if (!st)
		return ZILA_EDB;
	for (int i = 0; i < 3; i++) {
		char drop[64];
		sqlite3_bind_text(st, 1, fts_triggers[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			saved[i] = zila_xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (!saved[i])
			return zila_fail(err, ZILA_EDB, "demo: trigger %s is missing", fts_triggers[i]);
		snprintf(drop, sizeof drop, "DROP TRIGGER %s", fts_triggers[i]);
		enum zila_status s = zila_db_exec(db, drop, err);
		if (s)
			return s;
	}
	return ZILA_OK;
}

/* Fills letter_fts and grievance_fts from the rows (notes: " " and each
 * note, oldest first, as grievance_fts_note appends them), merges each
 * index into one segment, and recreates the triggers.
 *
 * Left to its defaults FTS5 writes its pending terms out as a new segment
 * each time they pass 1 MB (hashsize) and merges segments as it goes
 * (automerge, crisismerge), and 'optimize' then merged them all once
 * more. Holding up to 64 MB of terms and merging nothing on the way,
 * 'optimize' makes the same single segment from far fewer (both indexes
 * of 100,000 + 100,000: 22 s before, 15 s). The settings are rows of the tables' _config:
 * they are deleted after, and the tables keep the defaults they had. One
 * bulk INSERT left as it was is in many segments (15 for 1,000,000
 * grievances), each visited by every search: merged into one, a rowid
 * lookup went from 147 to 21 us. */
#define FTS_BULK(t) \
	"INSERT INTO " t "(" t ", rank) VALUES ('automerge', 0);" \
	"INSERT INTO " t "(" t ", rank) VALUES ('crisismerge', 1999);" \
	"INSERT INTO " t "(" t ", rank) VALUES ('hashsize', 67108864);"
#define FTS_DONE(t) \
	"INSERT INTO " t "(" t ") VALUES ('optimize');" \
	"DELETE FROM " t "_config WHERE k IN ('automerge', 'crisismerge', 'hashsize');"

static enum zila_status
fts_triggers_restore(struct zila_db *db, char *saved[3], struct zila_err *err)
{
	enum zila_status s = zila_db_exec(db, FTS_BULK("letter_fts") FTS_BULK("grievance_fts")
		"INSERT INTO letter_fts(rowid, number, sender, subject) SELECT rowid, number, sender, subject FROM letter"
		" ORDER BY rowid;"
		"INSERT INTO grievance_fts(rowid, number, citizen, description, notes)"
		" SELECT g.rowid, g.number, g.citizen_name, g.subject || ' ' || g.description,"
		" coalesce((SELECT ' ' || group_concat(e.note, ' ') FROM (SELECT note FROM grievance_event"
		" WHERE grievance_id = g.id AND note <> '' ORDER BY rowid) e), '')"
		" FROM grievance g ORDER BY g.rowid;"
		FTS_DONE("letter_fts") FTS_DONE("grievance_fts"), err);
	for (int i = 0; i < 3 && !s; i++)
		s = zila_db_exec(db, saved[i], err);
	return s;
}

/* After a failure: whether the committed batches left the triggers out. */
static bool
trigger_missing(struct zila_db *db)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, fts_triggers[0], -1, SQLITE_STATIC);
	bool missing = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_reset(st);
	return missing;
}

/* The list indexes of the big tables (not the unique ones, which are
 * constraints, nor marking_letter, which the actions look markings up
 * by) cost a B-tree insert each per row and per status change: the demo
 * drops them, loads, and builds each once from the finished table, a
 * sort instead of a million scattered inserts. */
#define DEMO_MAX_INDEXES 64

struct saved_indexes {
	char *sql[DEMO_MAX_INDEXES];
	int n;
};

static enum zila_status
list_indexes_drop(struct zila_db *db, struct saved_indexes *si, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
		" AND tbl_name IN ('grievance', 'letter', 'letter_marking') AND sql NOT LIKE 'CREATE UNIQUE%'"
		" AND name <> 'marking_letter' ORDER BY name", err);
	if (!st)
		return ZILA_EDB;
	char names[DEMO_MAX_INDEXES][64];
	while (si->n < DEMO_MAX_INDEXES && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(names[si->n], sizeof names[si->n], "%s", (const char *)sqlite3_column_text(st, 0));
		si->sql[si->n++] = zila_xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	enum zila_status s = ZILA_OK;
	for (int i = 0; i < si->n && !s; i++) {
		char drop[96];
		snprintf(drop, sizeof drop, "DROP INDEX \"%.63s\"", names[i]);
		s = zila_db_exec(db, drop, err);
	}
	return s;
}

static enum zila_status
list_indexes_restore(struct zila_db *db, const struct saved_indexes *si, struct zila_err *err)
{
	enum zila_status s = ZILA_OK;
	for (int i = 0; i < si->n && !s; i++)
		s = zila_db_exec(db, si->sql[i], err);
	return s;
}

/* The end of each phase, told to the caller's phase function (a bench
 * prints where the time goes). */
struct demo_phases {
	void (*fn)(const char *name, double seconds, double cpu_seconds, void *arg);
	void *arg;
	struct timespec start, cpu;
};

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Wall time, and the CPU time of the whole process (both threads): on a
 * shared machine the CPU seconds say what a phase costs, the wall what
 * it got. */
static void
phase_end(struct demo_phases *ph, const char *name)
{
	struct timespec t, c;
	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	if (ph->fn && name)
		ph->fn(name, seconds_between(&ph->start, &t), seconds_between(&ph->cpu, &c), ph->arg);
	ph->start = t;
	ph->cpu = c;
}

/* What the two halves of the records share: how many are done (for the
 * progress line) and whether either has failed (the other then stops). */
struct demo_share {
	atomic_llong done;
	atomic_bool failed;
	void (*progress)(long long done, long long total, void *arg);
	void *arg;
};

/* Records from to to of records, each on its day, a batch to a
 * transaction (one is open on entry and on return). Only the main
 * thread draws the progress line. */
static enum zila_status
demo_records(struct demo *d, long long from, long long to, long long records, long start, struct demo_share *sh,
	bool main_thread)
{
	enum zila_status s = ZILA_OK;
	for (long long i = from; i < to && !s; i++) {
		long day = start + (long)(i * (DEMO_DAYS + 1) / records);
		s = demo_grievance(d, day);
		if (!s)
			s = demo_letter(d, day);
		if (!s && (i + 1 - from) % DEMO_BATCH == 0) {
			/* commit a batch and start the next */
			s = zila_db_end(d->db, true, d->err);
			if (!s)
				s = zila_db_begin(d->db, d->err);
			long long done = atomic_fetch_add(&sh->done, DEMO_BATCH) + DEMO_BATCH;
			if (!s && atomic_load(&sh->failed))
				s = zila_fail(d->err, ZILA_EINVAL, "demo: stopped, the other half failed");
			if (sh->progress && main_thread)
				sh->progress(done, records, sh->arg);
		}
	}
	if (s)
		atomic_store(&sh->failed, true);
	return s;
}

/* The second half of the records is made on a thread of its own, into a
 * copy of the database taken after the setup (every action of a record
 * runs on one connection, and SQLite writes one transaction at a time
 * per file): so both cores run actions. The main thread then copies the
 * half's rows into the database and appends its audit rows to the chain. */
struct demo_half {
	struct demo d;
	struct zila_err err;
	long long from, to, records;
	long start;
	struct demo_share *sh;
	enum zila_status s;
};

static void *
demo_half_run(void *arg)
{
	struct demo_half *h = arg;
	zila_uuid7_follow_clock(true);
	h->s = zila_db_begin(h->d.db, &h->err);
	if (!h->s)
		h->s = demo_records(&h->d, h->from, h->to, h->records, h->start, h->sh, false);
	if (h->s) {
		atomic_store(&h->sh->failed, true);
		zila_db_end(h->d.db, false, NULL);
	} else
		h->s = zila_db_end(h->d.db, true, &h->err);
	zila_clock_set(0);
	zila_uuid7_follow_clock(false);
	return NULL;
}

/* The half's numbers go on from the first half's: every record
 * registers one grievance and one letter on its day, so the numbers the
 * records before `from` take in each year are known in advance. */
static enum zila_status
half_numbers(struct zila_db *db, long long from, long long records, long start, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT INTO number_seq(kind, year, last) VALUES ('G', ?1, ?2), ('L', ?1, ?2)",
		err);
	if (!st)
		return ZILA_EDB;
	long last_day = -1;
	int year = 0, this_year = 0;
	long long count = 0;
	enum zila_status s = ZILA_OK;
	for (long long i = 0; i <= from && !s; i++) {
		if (i < from) {
			long day = start + (long)(i * (DEMO_DAYS + 1) / records);
			if (day != last_day) {
				char date[11];
				day_str(day, date);
				this_year = atoi(date);
				last_day = day;
			}
		}
		if (year && (i == from || this_year != year)) {
			sqlite3_bind_int(st, 1, year);
			sqlite3_bind_int64(st, 2, count);
			s = core_step_done(db, st, "demo", err);
			count = 0;
		}
		year = this_year;
		count++;
	}
	return s;
}

/* Copies the half's rows (the tables records touch; the setup's rows are
 * in both files) into db, numbers taken to the larger of the two, and
 * appends the half's audit rows after db's own, hashed anew on the chain
 * (seq and prev are db's). */
#define HALF_COPY(t) "INSERT INTO main." t " SELECT * FROM demo_half." t " ORDER BY rowid;"
/* an event table's stored columns: its version and times are generated
 * (db/029), which SELECT * gives and an INSERT takes no value for */
#define EVENT_COPY(t, cols) "INSERT INTO main." t "(id, " cols ", note, actor_id, at, desk_id) SELECT id, " cols \
	", note, actor_id, at, desk_id FROM demo_half." t " ORDER BY rowid;"

static enum zila_status
half_merge(struct zila_db *db, long long setup_seq, struct zila_err *err)
{
	enum zila_status s = zila_db_exec(db, HALF_COPY("grievance")
		EVENT_COPY("grievance_event", "grievance_id, kind, from_status, to_status, from_department_id,"
			" to_department_id, visibility, rating") HALF_COPY("letter") HALF_COPY("letter_marking")
		EVENT_COPY("letter_event", "letter_id, marking_id, kind, from_status, to_status")
		"INSERT INTO main.number_seq(kind, year, last) SELECT kind, year, last FROM demo_half.number_seq WHERE true"
		" ON CONFLICT(kind, year) DO UPDATE SET last = max(last, excluded.last);", err);
	if (!s)
		s = zila_audit_append_attached(db, "demo_half", setup_seq, err);
	return s;
}

/* The half's file beside the database, and its journal. */
static void
half_unlink(const char *path)
{
	char j[4200];
	unlink(path);
	snprintf(j, sizeof j, "%s-journal", path);
	unlink(j);
}

enum zila_status
zila_demo_generate(struct zila_db *db, long long records, void (*progress)(long long done, long long total, void *arg),
	void (*phase)(const char *name, double seconds, double cpu_seconds, void *arg), void *arg, struct zila_err *err)
{
	struct demo d = { .db = db, .err = err, .rng = 0x5eed2026d15ea5edull };
	char today[11], code[16], *saved[3] = { NULL, NULL, NULL };
	struct saved_indexes si = { .n = 0 };
	enum zila_status s;
	if (records < 0 || records > 10000000)
		return zila_fail(err, ZILA_EINVAL, "records: must be 0 to 10000000");
	if (zila_meta_get(db, "district_code", code, sizeof code, NULL) != ZILA_OK)
		return zila_fail(err, ZILA_EINVAL, "this database is not set up: run zila init first");
	long long users;
	if ((s = zila_db_int(db, "SELECT count(*) FROM app_user", NULL, &users, err)))
		return s;
	if (users != 0)
		return zila_fail(err, ZILA_EEXIST, "the demo needs a fresh database, and this one has users");
	zila_ist_date(zila_clock(), today, sizeof today);
	d.today = zila_date_diff("1970-01-01", today);

	long start = d.today - DEMO_DAYS;
	zila_uuid7_follow_clock(true);
	struct demo_phases ph = { .fn = phase, .arg = arg };
	phase_end(&ph, NULL);
	/* A bulk load: statement journals in memory (not in temporary files,
	 * which cost a write per page), a larger page cache, the sorts of the
	 * index builds on both cores, and commits that wait for no disk
	 * flush. The rollback journal is kept in memory instead of the WAL:
	 * in WAL mode every page was written twice, to the log at each
	 * commit and again into the file at each checkpoint, the index builds
	 * and the full-text fill too. No foreign key is checked on each
	 * insert: the actions look every reference up themselves, and zila
	 * check runs foreign_key_check. (Both: a fifth less CPU at 20,000.)
	 * A power cut during the load can leave the file broken, which only
	 * matters to a demo being made (zila demo starts over on a new file).
	 * The end puts WAL, FULL and foreign keys back. */
	s = zila_db_exec(db, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA threads = 2;"
		" PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA journal_mode = MEMORY", err);
	if (!s)
		s = zila_db_begin(db, err);
	if (!s)
		s = fts_triggers_drop(db, saved, err);
	if (!s)
		s = list_indexes_drop(db, &si, err);
	if (!s)
		s = demo_setup(&d, start - 10);
	phase_end(&ph, "setup");
	struct demo_share sh = { .progress = progress, .arg = arg };
	atomic_init(&sh.done, 0);
	atomic_init(&sh.failed, false);
	/* the second half on a thread of its own when there are enough
	 * records to be worth a copy of the file */
	long long half_from = records >= DEMO_SPLIT_MIN ? records / 2 : records, setup_seq = 0;
	char half_path[4096];
	struct demo_half *h = NULL;
	pthread_t thread;
	bool running = false;
	if (!s && half_from < records) {
		snprintf(half_path, sizeof half_path, "%s.demo-half", zila_db_path(db));
		half_unlink(half_path);
		h = zila_xcalloc(1, sizeof *h);
		h->d = d;
		h->d.db = NULL;
		h->d.err = &h->err;
		h->d.rng = 0x6a09e667f3bcc908ull;
		h->d.seq = 0;
		h->from = half_from;
		h->to = records;
		h->records = records;
		h->start = start;
		h->sh = &sh;
		s = zila_db_end(db, true, err);
		if (!s)
			s = zila_db_int(db, "SELECT coalesce(max(seq), 0) FROM audit_chain", NULL, &setup_seq, err);
		if (!s)
			s = zila_db_backup(db, half_path, err);
		if (!s)
			s = zila_db_open(half_path, 0, &h->d.db, err);
		if (!s)
			s = zila_db_exec(h->d.db, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;"
				" PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA journal_mode = MEMORY", err);
		if (!s)
			s = half_numbers(h->d.db, half_from, records, start, err);
		if (!s)
			s = zila_db_begin(db, err);
		if (!s && pthread_create(&thread, NULL, demo_half_run, h) != 0)
			s = zila_fail(err, ZILA_EINVAL, "demo: cannot start a thread");
		else if (!s)
			running = true;
	}
	if (!s)
		s = demo_records(&d, 0, half_from, records, start, &sh, true);
	if (running) {
		pthread_join(thread, NULL);
		phase_end(&ph, "records");
		zila_db_close(&h->d.db);
		if (!s && h->s) {
			if (err)
				*err = h->err;
			s = h->s;
		}
		/* ATTACH is refused inside a transaction */
		if (!s)
			s = zila_db_end(db, true, err);
		sqlite3_stmt *st = NULL;
		if (!s && sqlite3_prepare_v2(zila_db_handle(db), "ATTACH ?1 AS demo_half", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, half_path, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				s = zila_db_error(db, "demo", err);
		} else if (!s)
			s = zila_db_error(db, "demo", err);
		sqlite3_finalize(st);
		bool attached = !s;
		if (!s)
			s = zila_db_begin(db, err);
		if (!s)
			s = half_merge(db, setup_seq, err);
		phase_end(&ph, "merge");
		if (attached) {
			if (!s)
				s = zila_db_end(db, true, err);
			if (zila_db_exec(db, "DETACH demo_half", s ? NULL : err) != ZILA_OK && !s)
				s = ZILA_EDB;
			if (!s)
				s = zila_db_begin(db, err);
		}
	}
	if (!running)
		phase_end(&ph, "records");
	if (h) {
		if (h->d.db)
			zila_db_close(&h->d.db);
		half_unlink(half_path);
		free(h);
	}
	if (!s)
		s = demo_inspections(&d);
	phase_end(&ph, "inspections");
	zila_clock_set(0);
	zila_uuid7_follow_clock(false);
	if (!s)
		s = fts_triggers_restore(db, saved, err);
	phase_end(&ph, "search");
	if (!s)
		s = list_indexes_restore(db, &si, err);
	phase_end(&ph, "indexes");
	if (s) {
		/* batches already committed dropped the triggers and the
		 * indexes: put them back */
		zila_db_end(db, false, NULL);
		if (saved[0] && trigger_missing(db) && zila_db_begin(db, NULL) == ZILA_OK)
			zila_db_end(db, fts_triggers_restore(db, saved, NULL) == ZILA_OK &&
				list_indexes_restore(db, &si, NULL) == ZILA_OK, NULL);
	} else
		s = zila_db_end(db, true, err);
	for (int i = 0; i < 3; i++)
		free(saved[i]);
	for (int i = 0; i < si.n; i++)
		free(si.sql[i]);
	if (!s)
		s = zila_db_exec(db, "PRAGMA analysis_limit = 1000; ANALYZE", err);
	/* back to what zila_db_open set, whatever happened */
	enum zila_status back = zila_db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA cache_size = -8192;"
		" PRAGMA temp_store = DEFAULT; PRAGMA threads = 0; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
		s ? NULL : err);
	if (!s)
		s = back;
	phase_end(&ph, "finish");
	if (!s && progress)
		progress(records, records, arg);
	return s;
}
