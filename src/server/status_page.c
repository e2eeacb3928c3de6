/* status_page.c: the citizen's status page on zilad (/status), in Hindi
 * and English: plain HTML with a little CSS, forms that work without
 * JavaScript, one column that reads at 320 px and on a feature phone.
 *
 * The citizen is who holds the grievance's number and the mobile it was
 * registered with. Wrong pairs are counted per number and per address in
 * the server's throttle (login_throttle): after three for a number, or
 * thirty from an address, within 15 minutes, the page refuses to look
 * until the quarter hour has passed. Feedback and an appeal are the
 * counter's own actions (grievance.feedback, grievance.appeal) run by the
 * server's online-channel user, so the rules, the event, the audit row,
 * the message to the citizen and the sync to the desks are the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/util.h"
#include "zila/sign.h"
#include "zilad.h"
#include "page.h"

#define APPEAL_DAYS 30

static void
lookup_form(struct page *p, const char *number, const char *mobile)
{
	fprintf(p->f, "<form method=\"post\" action=\"/status\"><input type=\"hidden\" name=\"lang\" value=\"%s\">",
		p->hi ? "hi" : "en");
	fprintf(p->f, "<label for=\"number\">%s</label><input id=\"number\" name=\"number\" maxlength=\"40\" "
		"placeholder=\"DRG/G/07/2026/000042\" value=\"", L("Grievance number (or the reference given online)",
		"शिकायत क्रमांक (या ऑनलाइन मिला संदर्भ)"));
	page_esc(p, number);
	fprintf(p->f, "\"><label for=\"mobile\">%s</label><input id=\"mobile\" name=\"mobile\" maxlength=\"16\" "
		"inputmode=\"numeric\" autocomplete=\"tel\" value=\"", L("Mobile number given when it was registered",
		"दर्ज कराते समय दिया गया मोबाइल नंबर"));
	page_esc(p, mobile);
	fprintf(p->f, "\"><button type=\"submit\" name=\"do\" value=\"view\">%s</button></form>\n",
		L("See the status", "स्थिति देखें"));
	fprintf(p->f, "<p><a href=\"/status/new?lang=%s\">%s</a></p>\n", p->hi ? "hi" : "en",
		L("File a new grievance", "नई शिकायत दर्ज करें"));
	fprintf(p->f, "<p><a href=\"/status?lang=%s\">%s</a></p>\n", p->hi ? "en" : "hi",
		p->hi ? "English" : "हिंदी");
}

static void
foot(struct page *p)
{
	fprintf(p->f, "<p class=\"small\">%s</p></body></html>\n", L("No grievance number? Ask at the Collectorate's counter.",
		"शिकायत क्रमांक नहीं है? कलेक्टोरेट के काउंटर पर पूछें।"));
}

static const char *
status_words(struct page *p, const char *s)
{
	if (strcmp(s, "registered") == 0)
		return L("Registered", "दर्ज");
	if (strcmp(s, "assigned") == 0)
		return L("With the department", "विभाग को सौंपी गई");
	if (strcmp(s, "in_progress") == 0)
		return L("Being dealt with", "कार्यवाही जारी");
	if (strcmp(s, "disposed") == 0)
		return L("Disposed of", "निराकृत");
	if (strcmp(s, "appealed") == 0)
		return L("Under appeal", "अपील में");
	return L("Closed", "बंद");
}

static void
item(struct page *p, const char *label, const char *value)
{
	fprintf(p->f, "<dt>%s</dt><dd>", label);
	page_esc(p, value);
	fputs("</dd>", p->f);
}

/* ------------------------------------------------------------- data */

struct grv_view {
	char id[40], number[40], status[16], registered_on[11], due_date[11], disposed_on[11], mobile[16], lang[4];
	char dept[200], category[200];
	char *description;
	int rating, appeals;
};

static enum zila_status
load(struct zila_db *db, const char *number, bool hi, struct grv_view *g, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT g.id, g.number, g.status, g.registered_on, g.due_date,"
		" coalesce(g.disposed_on, ''), g.mobile,"
		" CASE WHEN ?2 AND d.name_hi <> '' THEN d.name_hi ELSE d.name_en END,"
		" CASE WHEN ?2 AND c.name_hi <> '' THEN c.name_hi ELSE c.name_en END,"
		" g.description, coalesce(g.rating, 0), g.appeals, g.lang"
		" FROM grievance g JOIN department d ON d.id = g.department_id JOIN category c ON c.id = g.category_id"
		" WHERE g.number = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, hi);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
#define C(i) ((const char *)sqlite3_column_text(st, i))
		snprintf(g->id, sizeof g->id, "%s", C(0));
		snprintf(g->number, sizeof g->number, "%s", C(1));
		snprintf(g->status, sizeof g->status, "%s", C(2));
		snprintf(g->registered_on, sizeof g->registered_on, "%s", C(3));
		snprintf(g->due_date, sizeof g->due_date, "%s", C(4));
		snprintf(g->disposed_on, sizeof g->disposed_on, "%s", C(5));
		snprintf(g->mobile, sizeof g->mobile, "%s", C(6));
		snprintf(g->dept, sizeof g->dept, "%s", C(7));
		snprintf(g->category, sizeof g->category, "%s", C(8));
		g->description = zila_xstrdup(C(9));
		g->rating = sqlite3_column_int(st, 10);
		g->appeals = sqlite3_column_int(st, 11);
		snprintf(g->lang, sizeof g->lang, "%s", C(12));
#undef C
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	return rc == SQLITE_DONE ? ZILA_ENOTFOUND : zila_db_error(db, "status", err);
}

static void
replies(struct zila_db *db, struct page *p, const char *gid)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT kind, note, substr(at, 1, 10) FROM grievance_event"
		" WHERE grievance_id = ?1 AND visibility = 'public' AND note <> ''"
		" AND kind IN ('interim_reply', 'disposed', 'appeal_disposed') ORDER BY at, id", NULL);
	if (!st)
		return;
	sqlite3_bind_text(st, 1, gid, -1, SQLITE_STATIC);
	bool any = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		if (!any)
			fprintf(p->f, "<h2>%s</h2>\n", L("Replies", "उत्तर"));
		any = true;
		fputs("<div class=\"reply\"><b>", p->f);
		fputs(strcmp(kind, "interim_reply") == 0 ? L("Interim reply", "अंतरिम उत्तर")
			: strcmp(kind, "disposed") == 0 ? L("Reply", "उत्तर") : L("Reply on the appeal", "अपील पर उत्तर"), p->f);
		fputs(", ", p->f);
		page_date(p, (const char *)sqlite3_column_text(st, 2));
		fputs(":</b><br>", p->f);
		page_esc(p, (const char *)sqlite3_column_text(st, 1));
		fputs("</div>\n", p->f);
	}
	sqlite3_reset(st);
}

enum held { HELD_NONE, HELD_WAITING, HELD_NUMBERED };

/* A request filed without a category is known by its reference (the
 * Open311 token, a UUID) until a clerk registers it: with the mobile it
 * came with, HELD_WAITING, or HELD_NUMBERED with the grievance it became
 * in number. Anything else is HELD_NONE, and the look-up goes on as for a
 * number (and a wrong pair is counted the same). */
static enum held
held_lookup(struct zila_db *db, const char *ref, const char *mobile, char *number, size_t n)
{
	if (strlen(ref) != 36)
		return HELD_NONE;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT h.mobile, coalesce(g.number, '') FROM held_request h"
		" LEFT JOIN grievance g ON g.id = h.grievance_id WHERE h.id = ?1", NULL);
	if (!st)
		return HELD_NONE;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	enum held h = HELD_NONE;
	if (sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), mobile) == 0) {
		snprintf(number, n, "%s", (const char *)sqlite3_column_text(st, 1));
		h = number[0] ? HELD_NUMBERED : HELD_WAITING;
	}
	sqlite3_reset(st);
	return h;
}

/* The identity every citizen's action on the server runs as: a clerk
 * with no department whose key pair the server holds, so what it does is
 * signed like a desk user's. Its password is random and unknown: it never
 * logs in anywhere. */
enum zila_status
zilad_online_actor(struct zila_db *db, struct zila_actor *actor, struct zila_err *err)
{
	static const struct zilad_identity online = { ZILAD_ONLINE_LOGIN, "Online channel (citizens)", "clerk",
		"online_sk" };
	return zilad_identity(db, &online, actor, err);
}

/* ------------------------------------------------------------- forms */

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* application/x-www-form-urlencoded into an object of text values (the
 * first of a repeated name wins); false for anything that is not UTF-8
 * text or has more than 16 fields. */
bool
zilad_form_parse(const char *body, size_t len, json_t *out)
{
	char *buf = zila_xmalloc(len + 1);
	size_t i = 0;
	int fields = 0;
	while (i < len) {
		size_t start = i, n = 0;
		char *name = NULL;
		for (; i <= len; i++) {
			char ch = i < len ? body[i] : '&';
			if (ch == '&' || (ch == '=' && !name)) {
				buf[n] = '\0';
				if (ch == '=') {
					name = zila_xstrdup(buf);
					n = 0;
					continue;
				}
				break;
			}
			if (ch == '+')
				buf[n++] = ' ';
			else if (ch == '%' && i + 2 < len && hexval(body[i + 1]) >= 0 && hexval(body[i + 2]) >= 0) {
				buf[n++] = (char)(hexval(body[i + 1]) * 16 + hexval(body[i + 2]));
				i += 2;
			} else
				buf[n++] = ch;
		}
		i++;
		if (i - 1 == start) {
			free(name);
			continue;
		}
		const char *k = name ? name : buf, *v = name ? buf : "";
		bool ok = ++fields <= 16 && memchr(buf, '\0', n) == NULL && zila_utf8_check(k, false, NULL) &&
			zila_utf8_check(v, true, NULL);
		if (ok && !json_object_get(out, k))
			json_object_set_new(out, k, json_string(v));
		free(name);
		if (!ok) {
			free(buf);
			return false;
		}
	}
	free(buf);
	return true;
}

/* ------------------------------------------------------------- page */

static void
hidden(struct page *p, const struct grv_view *g, const char *mobile)
{
	fprintf(p->f, "<input type=\"hidden\" name=\"lang\" value=\"%s\"><input type=\"hidden\" name=\"number\" value=\"",
		p->hi ? "hi" : "en");
	page_esc(p, g->number);
	fputs("\"><input type=\"hidden\" name=\"mobile\" value=\"", p->f);
	page_esc(p, mobile);
	fputs("\">", p->f);
}

static void
view(struct zila_db *db, struct page *p, const struct grv_view *g, const char *mobile, const char *today)
{
	fputs("<dl>", p->f);
	item(p, L("Grievance number", "शिकायत क्रमांक"), g->number);
	item(p, L("Status", "स्थिति"), status_words(p, g->status));
	item(p, L("Department", "विभाग"), g->dept);
	item(p, L("Category", "श्रेणी"), g->category);
	fprintf(p->f, "<dt>%s</dt><dd>", L("Registered on", "दर्ज करने की तिथि"));
	page_date(p, g->registered_on);
	fprintf(p->f, "</dd><dt>%s</dt><dd>", L("Reply due by", "उत्तर की अंतिम तिथि"));
	page_date(p, g->due_date);
	fputs("</dd>", p->f);
	if (g->disposed_on[0]) {
		fprintf(p->f, "<dt>%s</dt><dd>", L("Disposed of on", "निराकरण की तिथि"));
		page_date(p, g->disposed_on);
		fputs("</dd>", p->f);
	}
	item(p, L("Your grievance", "आपकी शिकायत"), g->description);
	fputs("</dl>\n", p->f);
	replies(db, p, g->id);
	bool disposed = strcmp(g->status, "disposed") == 0;
	if (disposed && g->rating == 0) {
		fprintf(p->f, "<h2>%s</h2><form method=\"post\" action=\"/status\">", L("Your feedback", "आपकी प्रतिक्रिया"));
		hidden(p, g, mobile);
		fprintf(p->f, "<label for=\"rating\">%s</label><select id=\"rating\" name=\"rating\">",
			L("How satisfied are you with the reply?", "उत्तर से आप कितने संतुष्ट हैं?"));
		static const char *const en[] = { "1 - not at all", "2 - a little", "3 - partly", "4 - mostly", "5 - fully" };
		static const char *const hi[] = { "1 - बिल्कुल नहीं", "2 - थोड़ा", "3 - आंशिक", "4 - अधिकांशतः", "5 - पूरी तरह" };
		for (int i = 0; i < 5; i++)
			fprintf(p->f, "<option value=\"%d\"%s>%s</option>", i + 1, i == 4 ? " selected" : "", p->hi ? hi[i] : en[i]);
		fprintf(p->f, "</select><label for=\"note\">%s</label><textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"1000\">"
			"</textarea><button type=\"submit\" name=\"do\" value=\"feedback\">%s</button></form>\n",
			L("Anything to add (optional)", "कुछ और कहना हो तो (वैकल्पिक)"), L("Send feedback", "प्रतिक्रिया भेजें"));
	}
	if (disposed && g->appeals == 0 && g->disposed_on[0] && zila_date_diff(g->disposed_on, today) <= APPEAL_DAYS) {
		fprintf(p->f, "<h2>%s</h2><p class=\"small\">%s</p><form method=\"post\" action=\"/status\">",
			L("Appeal", "अपील"), L("Not satisfied with the reply? You may appeal once, within 30 days of it.",
			"उत्तर से संतुष्ट नहीं हैं? उत्तर के 30 दिन के भीतर एक बार अपील कर सकते हैं।"));
		hidden(p, g, mobile);
		fprintf(p->f, "<label for=\"reason\">%s</label><textarea id=\"reason\" name=\"reason\" rows=\"4\" maxlength=\"2000\">"
			"</textarea><button type=\"submit\" name=\"do\" value=\"appeal\">%s</button></form>\n",
			L("Why do you appeal?", "अपील का कारण"), L("Appeal", "अपील करें"));
	}
	fprintf(p->f, "<p><a href=\"/status?lang=%s\">%s</a></p>\n", p->hi ? "hi" : "en",
		L("Look up another grievance", "दूसरी शिकायत देखें"));
}

/* ------------------------------------------------- one-time codes */

#define CODE_SECONDS 600
#define CODE_TRIES 3

enum gate { GATE_OPEN, GATE_ASKED, GATE_REFUSED };

static void
code_hash(const char *gid, const char *code, char *hex)
{
	char buf[80];
	snprintf(buf, sizeof buf, "%s:%s", gid, code);
	zila_sha256_hex(buf, strlen(buf), hex);
}

/* The form that asks for the code, carrying what the citizen wrote. */
static void
code_form(struct page *p, const struct grv_view *g, const char *mobile, json_t *form)
{
	static const char *const keep[] = { "do", "rating", "note", "reason", NULL };
	fprintf(p->f, "<form method=\"post\" action=\"/status\">");
	hidden(p, g, mobile);
	for (const char *const *k = keep; *k; k++) {
		const char *v = page_field(form, *k);
		if (!*v)
			continue;
		fprintf(p->f, "<input type=\"hidden\" name=\"%s\" value=\"", *k);
		page_esc(p, v);
		fputs("\">", p->f);
	}
	fprintf(p->f, "<label for=\"code\">%s %s</label><input id=\"code\" name=\"code\" maxlength=\"6\" inputmode=\"numeric\""
		" autocomplete=\"one-time-code\"><button type=\"submit\">%s</button></form>\n",
		L("The code sent to your mobile ending", "आपके मोबाइल पर भेजा गया कोड, नंबर के अंत में"),
		strlen(mobile) == 10 ? mobile + 6 : "", L("Confirm", "पुष्टि करें"));
}

/* Sends a new code (at most one a minute for a grievance), in one
 * transaction with its message. */
static bool
code_send(struct zila_db *db, struct page *p, const struct grv_view *g)
{
	struct zila_err err = { 0 };
	char code[8], hash[65], id[5 + 37], now[32], text[300]; /* id: "code:" and a UUID */
	long long t = (long long)time(NULL);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT expires_at FROM status_code WHERE grievance_id = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, g->id, -1, SQLITE_STATIC);
	bool recent = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) - CODE_SECONDS + 60 > t;
	sqlite3_reset(st);
	if (recent)
		return true; /* the last one is still on its way */
	snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
	code_hash(g->id, code, hash);
	snprintf(id, sizeof id, "code:");
	zila_uuid7(id + 5);
	zila_iso_time(t, now, sizeof now);
	bool hi = strcmp(g->lang, "en") != 0;
	snprintf(text, sizeof text, hi ? "शिकायत %s के लिए आपका कोड %s है। यह 10 मिनट तक मान्य है। इसे किसी को न बताएं।"
		: "Your code for grievance %s is %s. It is valid for 10 minutes. Do not share it.", g->number, code);
	(void)p;
	if (zila_db_begin(db, &err) != ZILA_OK)
		return false;
	bool ok = false;
	st = zila_db_stmt(db, "INSERT INTO status_code(grievance_id, code_hash, expires_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(grievance_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,"
		" tries = 0", NULL);
	if (st) {
		sqlite3_bind_text(st, 1, g->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, t + CODE_SECONDS);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	st = ok ? zila_db_stmt(db, "INSERT INTO citizen_message(event_id, grievance_id, kind, queued_at, text)"
		" VALUES (?1, ?2, 'code', ?3, ?4)", NULL) : NULL;
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, g->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	} else
		ok = false;
	return zila_db_end(db, ok, &err) == ZILA_OK && ok;
}

/* Where a gateway exists, an action from the page needs the code sent to
 * the grievance's mobile: asks for it, or checks the one given. */
static enum gate
code_gate(struct zila_db *db, struct page *p, const struct grv_view *g, json_t *form, const char *mobile, char *msg,
	size_t n)
{
	const char *code = page_field(form, "code");
	if (!*code) {
		if (!code_send(db, p, g)) {
			snprintf(msg, n, "%s", L("The code could not be sent now; try again shortly.",
				"कोड अभी भेजा नहीं जा सका; थोड़ी देर बाद कोशिश करें।"));
			return GATE_REFUSED;
		}
		fprintf(p->f, "<p class=\"done\">%s</p>\n", L("A code is on its way to your mobile by SMS.",
			"आपके मोबाइल पर SMS से कोड भेजा जा रहा है।"));
		code_form(p, g, mobile, form);
		return GATE_ASKED;
	}
	char hash[65], have[65] = "";
	long long expires = 0, tries = CODE_TRIES;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT code_hash, expires_at, tries FROM status_code WHERE grievance_id = ?1", NULL);
	if (st) {
		sqlite3_bind_text(st, 1, g->id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(have, sizeof have, "%s", (const char *)sqlite3_column_text(st, 0));
			expires = sqlite3_column_int64(st, 1);
			tries = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
	}
	if (!have[0] || expires < (long long)time(NULL) || tries >= CODE_TRIES) {
		snprintf(msg, n, "%s", L("The code has expired or was tried too often: send the form again for a new one.",
			"कोड की अवधि समाप्त हो गई या बहुत बार गलत डाला गया: नए कोड के लिए फ़ॉर्म फिर भेजें।"));
		return GATE_REFUSED;
	}
	code_hash(g->id, code, hash);
	bool right = sodium_memcmp(hash, have, 64) == 0;
	st = zila_db_stmt(db, right ? "DELETE FROM status_code WHERE grievance_id = ?1"
		: "UPDATE status_code SET tries = tries + 1 WHERE grievance_id = ?1", NULL);
	if (st) {
		sqlite3_bind_text(st, 1, g->id, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (right)
		return GATE_OPEN;
	fprintf(p->f, "<p class=\"msg\">%s</p>\n", L("That is not the code. Try again.", "यह कोड सही नहीं है। फिर कोशिश करें।"));
	code_form(p, g, mobile, form);
	return GATE_ASKED;
}

/* Runs the citizen's action; its outcome goes on the page. */
static bool
act(struct zila_db *db, struct page *p, const struct grv_view *g, const char *what, json_t *form, char *msg, size_t n)
{
	struct zila_err err = { 0 };
	struct zila_actor actor;
	json_t *args;
	bool feedback = strcmp(what, "feedback") == 0;
	const char *note = page_field(form, feedback ? "note" : "reason");
	if (feedback) {
		const char *r = page_field(form, "rating");
		if (strlen(r) != 1 || r[0] < '1' || r[0] > '5') {
			snprintf(msg, n, "%s", L("Choose a rating from 1 to 5.", "1 से 5 तक में से चुनें।"));
			return false;
		}
		args = json_pack("{s:s, s:i}", "grievance", g->number, "rating", r[0] - '0');
		if (*note)
			json_object_set_new(args, "note", json_string(note));
	} else {
		if (!*note) {
			snprintf(msg, n, "%s", L("Write why you appeal.", "अपील का कारण लिखें।"));
			return false;
		}
		args = json_pack("{s:s, s:s}", "grievance", g->number, "reason", note);
	}
	enum zila_status s = zilad_online_actor(db, &actor, &err);
	if (s == ZILA_OK)
		s = zila_action_run(db, &actor, feedback ? "grievance.feedback" : "grievance.appeal", args, NULL, NULL, &err);
	json_decref(args);
	if (s != ZILA_OK) {
		snprintf(msg, n, "%s %s", L("It could not be recorded:", "दर्ज नहीं हो सका:"), err.msg);
		return false;
	}
	snprintf(msg, n, "%s", feedback ? L("Thank you: your feedback is recorded.", "धन्यवाद: आपकी प्रतिक्रिया दर्ज हुई।")
		: L("Your appeal is registered. You will get a message when it is decided.",
		    "आपकी अपील दर्ज हुई। निर्णय होने पर आपको संदेश मिलेगा।"));
	return true;
}

void
zilad_status_page(struct zila_db *db, const struct zilad_page_in *in, struct zilad_page_out *out)
{
	struct page pg = { 0 }, *p = &pg;
	json_t *form = json_object();
	char district[128], msg[700] = "", bucket[80];
	memset(out, 0, sizeof *out);
	out->status = 200;
	snprintf(out->who, sizeof out->who, "status@%s", in->addr);
	bool post = strcmp(in->method, "POST") == 0;
	bool form_ok = post ? zilad_form_parse(in->body ? in->body : "", in->body_len, form) : true;
	const char *lang = post ? page_field(form, "lang") : in->lang ? in->lang : "";
	page_open(p, page_hindi(lang, in->accept_language));
	page_district(db, p->hi, district, sizeof district);
	page_head(p, district, "Grievance status", "शिकायत की स्थिति");
	const char *number = page_field(form, "number"), *mobile_in = page_field(form, "mobile"), *what = page_field(form, "do");
	snprintf(bucket, sizeof bucket, "page:%s", in->addr);
	int wait = zilad_rate_take(bucket, in->per_minute);
	if (wait > 0) {
		out->status = 429;
		page_message(p, false, L("Too many requests from this address: wait a minute and try again.",
			"इस पते से बहुत अधिक अनुरोध: एक मिनट रुककर फिर कोशिश करें।"));
		lookup_form(p, "", "");
	} else if (!post) {
		lookup_form(p, "", "");
	} else if (!form_ok) {
		out->status = 400;
		page_message(p, false, L("The form could not be read.", "फ़ॉर्म पढ़ा नहीं जा सका।"));
		lookup_form(p, "", "");
	} else {
		char mobile[11] = "", key[80], numbered[40] = "";
		struct grv_view g = { 0 };
		struct zila_err err = { 0 };
		snprintf(key, sizeof key, "status:%s", number);
		long delay = zilad_throttle_delay(db, key, in->addr, 1000);
		bool good = false;
		if (delay > 0) {
			out->status = 429;
			page_message(p, false, L("Too many wrong tries for this number or from this address. Try again after 15 minutes.",
				"इस क्रमांक या इस पते से बहुत अधिक गलत प्रयास। 15 मिनट बाद फिर कोशिश करें।"));
		} else if (!*number || !zila_mobile_normal(mobile_in, mobile)) {
			out->status = 400;
			page_message(p, false, L("Enter the grievance number and a 10-digit mobile number.",
				"शिकायत क्रमांक और 10 अंकों का मोबाइल नंबर लिखें।"));
		} else if (held_lookup(db, number, mobile, numbered, sizeof numbered) == HELD_WAITING) {
			zilad_throttle_note(db, key, in->addr, false);
			page_message(p, true, L("Your grievance has been received. The Collectorate is choosing the department it"
				" goes to; then it gets a number, which will come to your mobile by message.",
				"आपकी शिकायत प्राप्त हो गई है। कलेक्टोरेट उसका विभाग तय कर रहा है; फिर उसे क्रमांक मिलेगा, जो संदेश से"
				" आपके मोबाइल पर आएगा।"));
		} else {
			if (numbered[0])
				number = numbered; /* a held request's reference, now a grievance */
			enum zila_status s = strlen(number) < 40 ? load(db, number, p->hi, &g, &err) : ZILA_ENOTFOUND;
			good = s == ZILA_OK && g.mobile[0] && strcmp(g.mobile, mobile) == 0;
			if (s != ZILA_OK && s != ZILA_ENOTFOUND) {
				out->status = 503;
				page_message(p, false, L("The server could not look it up now; try again shortly.",
					"सर्वर अभी देख नहीं सका; थोड़ी देर बाद कोशिश करें।"));
			} else if (!good) {
				zilad_throttle_note(db, key, in->addr, true);
				out->status = 403;
				page_message(p, false, L("No grievance has this number with this mobile number.",
					"इस क्रमांक और इस मोबाइल नंबर की कोई शिकायत नहीं है।"));
			} else
				zilad_throttle_note(db, key, in->addr, false);
		}
		if (good) {
			snprintf(out->who, sizeof out->who, "status:%s@%s", g.number, in->addr);
			enum gate gate = GATE_OPEN;
			bool asks = strcmp(what, "feedback") == 0 || strcmp(what, "appeal") == 0;
			if (asks && in->otp)
				gate = code_gate(db, p, &g, form, mobile, msg, sizeof msg);
			if (gate == GATE_REFUSED) {
				out->status = 403;
				page_message(p, false, msg);
			}
			if (asks && gate == GATE_OPEN) {
				bool ok = act(db, p, &g, what, form, msg, sizeof msg);
				if (!ok && out->status == 200)
					out->status = 409;
				page_message(p, ok, msg);
				free(g.description);
				memset(&g, 0, sizeof g);
				load(db, number, p->hi, &g, &err);
			}
			char today[11];
			zila_ist_date(zila_clock(), today, sizeof today);
			if (gate != GATE_ASKED)
				view(db, p, &g, mobile, today);
		} else
			lookup_form(p, number, mobile_in);
		free(g.description);
	}
	foot(p);
	fclose(p->f);
	json_decref(form);
	out->body = p->buf;
	out->len = p->len;
}
