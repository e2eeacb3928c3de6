/* file_page.c: filing a grievance from the citizen's own phone
 * (/status/new), beside the status page and in its style: one form in
 * Hindi or English, plain HTML without script, one column at 320 px.
 *
 * The form posts multipart/form-data with Open311's field names, and the
 * filing is Open311's own (zilad_file, open311_post.c): the same checks,
 * per-mobile daily cap, file size cap, blob store, online-channel action
 * and numbering; a category left as "I don't know" makes a held request
 * for the Collectorate, as a request without service_code does. Only the
 * page's words are its own, and two rules of a form for people: a name
 * is asked for, and the one file must be a photo.
 *
 * No CSRF token: the form carries no one's authority (no cookie, no
 * session), so a forged post could do nothing the forger cannot do by
 * posting it; the per-address rate (taken before the body is read, in
 * http.c) and the per-mobile cap bound what anyone can file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/util.h"
#include "zilad.h"
#include "page.h"

/* An <option> of a select, selected when it is the value sent. */
static void
option(struct page *p, const char *code, const char *text, const char *chosen)
{
	fputs("<option value=\"", p->f);
	page_esc(p, code);
	fprintf(p->f, "\"%s>", strcmp(code, chosen) == 0 ? " selected" : "");
	page_esc(p, text);
	fputs("</option>", p->f);
}

/* Rows of (code, text) from a constant statement, ?1 the language, as
 * options. */
static void
options(struct zila_db *db, struct page *p, const char *sql, const char *chosen)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, NULL);
	if (!st)
		return;
	sqlite3_bind_int(st, 1, p->hi);
	while (sqlite3_step(st) == SQLITE_ROW)
		option(p, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), chosen);
	sqlite3_reset(st);
}

/* "2.0 MB" or "300 KB" */
static void
size_words(char *out, size_t n, size_t bytes)
{
	if (bytes >= 1024 * 1024)
		snprintf(out, n, "%.1f MB", bytes / (1024.0 * 1024.0));
	else
		snprintf(out, n, "%zu KB", bytes / 1024);
}

static void
text_input(struct page *p, const char *name, const char *label, const char *v, const char *more)
{
	fprintf(p->f, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" %s value=\"", name, label, name, name, more);
	page_esc(p, v);
	fputs("\">", p->f);
}

/* The form, filled with what the citizen sent (a file cannot be sent back:
 * the page says to choose it again). */
static void
file_form(struct zila_db *db, struct page *p, json_t *form, size_t max_photo)
{
	const char *lang = p->hi ? "hi" : "en";
	char size[32];
	size_words(size, sizeof size, max_photo);
	fprintf(p->f, "<form method=\"post\" action=\"/status/new?lang=%s\" enctype=\"multipart/form-data\">"
		"<input type=\"hidden\" name=\"lang\" value=\"%s\">", lang, lang);
	text_input(p, "first_name", L("Your name", "आपका नाम"), page_field(form, "first_name"), "maxlength=\"100\" autocomplete=\"name\"");
	text_input(p, "phone", L("Mobile number (messages about the grievance come to it)",
		"मोबाइल नंबर (शिकायत के संदेश इसी पर आएंगे)"), page_field(form, "phone"),
		"maxlength=\"16\" inputmode=\"numeric\" autocomplete=\"tel\"");
	fprintf(p->f, "<label for=\"service_code\">%s</label><select id=\"service_code\" name=\"service_code\">",
		L("What is it about?", "शिकायत किस बारे में है?"));
	option(p, "", L("I don't know: the Collectorate will choose", "पता नहीं: कलेक्टोरेट तय करेगा"), page_field(form, "service_code"));
	options(db, p, "SELECT c.code, CASE WHEN ?1 AND c.name_hi <> '' THEN c.name_hi ELSE c.name_en END || ' ('"
		" || CASE WHEN ?1 AND d.name_hi <> '' THEN d.name_hi ELSE d.name_en END || ')'"
		" FROM category c JOIN department d ON d.id = c.department_id WHERE d.active = 1"
		" ORDER BY CASE WHEN ?1 AND c.name_hi <> '' THEN c.name_hi ELSE c.name_en END", page_field(form, "service_code"));
	fprintf(p->f, "</select><label for=\"description\">%s</label><textarea id=\"description\" name=\"description\" rows=\"6\""
		" maxlength=\"%d\">", L("Your grievance", "आपकी शिकायत"), ZILA_GRIEVANCE_TEXT_MAX);
	page_esc(p, page_field(form, "description"));
	fprintf(p->f, "</textarea><label for=\"block\">%s</label><select id=\"block\" name=\"attribute[block]\">",
		L("Block (optional)", "विकासखंड (वैकल्पिक)"));
	option(p, "", "-", page_field(form, "attribute[block]"));
	options(db, p, "SELECT lgd_code, CASE WHEN ?1 AND name_hi <> '' THEN name_hi ELSE name_en END FROM block"
		" ORDER BY name_en", page_field(form, "attribute[block]"));
	fprintf(p->f, "</select><label for=\"gp\">%s</label><select id=\"gp\" name=\"attribute[gp]\">",
		L("Gram panchayat (optional)", "ग्राम पंचायत (वैकल्पिक)"));
	option(p, "", "-", page_field(form, "attribute[gp]"));
	options(db, p, "SELECT g.lgd_code, CASE WHEN ?1 AND g.name_hi <> '' THEN g.name_hi ELSE g.name_en END"
		" || ' (' || CASE WHEN ?1 AND b.name_hi <> '' THEN b.name_hi ELSE b.name_en END || ')'"
		" FROM gram_panchayat g JOIN block b ON b.id = g.block_id ORDER BY b.name_en, g.name_en", page_field(form, "attribute[gp]"));
	fprintf(p->f, "</select><label for=\"media\">%s</label><input id=\"media\" name=\"media\" type=\"file\" accept=\"image/*\">"
		"<p class=\"small\">", L("A photo (optional)", "फ़ोटो (वैकल्पिक)"));
	fprintf(p->f, p->hi ? "JPEG, PNG, GIF या WebP, %s तक।" : "JPEG, PNG, GIF or WebP, up to %s.", size);
	fprintf(p->f, "</p><button type=\"submit\">%s</button></form>\n", L("File the grievance", "शिकायत दर्ज करें"));
	fprintf(p->f, "<p><a href=\"/status?lang=%s\">%s</a></p>\n", lang,
		L("See the status of a grievance", "किसी शिकायत की स्थिति देखें"));
	fprintf(p->f, "<p><a href=\"/status/new?lang=%s\">%s</a></p>\n", p->hi ? "en" : "hi", p->hi ? "English" : "हिंदी");
}

/* What went wrong, in the citizen's words. */
static void
fault_words(struct page *p, enum zilad_fault fault, const char *detail, char *msg, size_t n, size_t max_photo)
{
	char size[32];
	size_words(size, sizeof size, max_photo);
	switch (fault) {
	case ZILAD_FAULT_DESCRIPTION:
		snprintf(msg, n, "%s", L("Write your grievance.", "अपनी शिकायत लिखें।"));
		break;
	case ZILAD_FAULT_PHONE:
		snprintf(msg, n, "%s", L("Give a 10-digit mobile number (starting with 6, 7, 8 or 9).",
			"10 अंकों का मोबाइल नंबर लिखें (6, 7, 8 या 9 से शुरू)।"));
		break;
	case ZILAD_FAULT_MEDIA_SIZE:
		snprintf(msg, n, L("The photo is too large: at most %s. Choose a smaller one, or file without it.",
			"फ़ोटो बहुत बड़ी है: अधिकतम %s। छोटी फ़ोटो चुनें, या बिना फ़ोटो के दर्ज करें।"), size);
		break;
	case ZILAD_FAULT_MEDIA_TYPE:
	case ZILAD_FAULT_MEDIA:
		snprintf(msg, n, "%s", L("That file is not a photo (JPEG, PNG, GIF or WebP). Choose a photo, or file without it.",
			"यह फ़ाइल फ़ोटो (JPEG, PNG, GIF या WebP) नहीं है। फ़ोटो चुनें, या बिना फ़ोटो के दर्ज करें।"));
		break;
	case ZILAD_FAULT_CAP:
		snprintf(msg, n, "%s", L("This mobile number has filed as many grievances today as one may. Try again tomorrow,"
			" or come to the Collectorate's counter.", "इस मोबाइल नंबर से आज अधिकतम शिकायतें दर्ज हो चुकी हैं। कल फिर"
			" कोशिश करें, या कलेक्टोरेट के काउंटर पर आएं।"));
		break;
	default:
		snprintf(msg, n, "%s %s", L("It could not be filed:", "दर्ज नहीं हो सकी:"), detail);
	}
}

/* The answer: the number (or the reference of a held request), and that
 * messages will come. */
static void
filed_page(struct page *p, const struct zilad_filed *f, const char *mobile)
{
	const char *lang = p->hi ? "hi" : "en";
	if (!f->held) {
		fprintf(p->f, "<p class=\"done\">%s</p><p>%s</p><p class=\"big\">", L("Your grievance is registered.",
			"आपकी शिकायत दर्ज हो गई है।"), L("Its number:", "इसका क्रमांक:"));
		page_esc(p, f->number);
		fprintf(p->f, "</p><p>%s ", L("A reply is due by", "उत्तर की अंतिम तिथि:"));
		page_date(p, f->due_date);
		fputs(".</p>", p->f);
	} else {
		fprintf(p->f, "<p class=\"done\">%s</p><p>%s</p><p>%s</p><p class=\"big\">", L("Your grievance has been received.",
			"आपकी शिकायत प्राप्त हो गई है।"), L("The Collectorate will choose the department it goes to, and then it"
			" gets a number.", "कलेक्टोरेट उसका विभाग तय करेगा, फिर उसे क्रमांक मिलेगा।"),
			L("Until then, its reference is:", "तब तक इसका संदर्भ है:"));
		page_esc(p, f->id);
		fputs("</p>", p->f);
	}
	fprintf(p->f, "<p>%s ", L("Messages about it will come to your mobile ending in",
		"इसके संदेश आपके मोबाइल पर आएंगे, जिसके अंतिम चार अंक"));
	page_esc(p, strlen(mobile) >= 4 ? mobile + strlen(mobile) - 4 : mobile);
	fprintf(p->f, "%s</p>", L(".", " हैं।"));
	fprintf(p->f, "<p>%s</p>\n", f->held ? L("Keep the reference: with it and your mobile number you can see on the"
		" status page whether it has its number yet.", "संदर्भ संभालकर रखें: इसके और अपने मोबाइल नंबर से आप स्थिति पृष्ठ पर"
		" देख सकते हैं कि इसे क्रमांक मिला या नहीं।")
		: L("Keep the number: with it and your mobile number you can see its status here at any time.",
		"क्रमांक संभालकर रखें: इसके और अपने मोबाइल नंबर से आप कभी भी इसकी स्थिति यहां देख सकते हैं।"));
	fprintf(p->f, "<p><a href=\"/status?lang=%s\">%s</a></p><p><a href=\"/status/new?lang=%s\">%s</a></p>\n", lang,
		L("See the status of a grievance", "किसी शिकायत की स्थिति देखें"), lang,
		L("File another grievance", "एक और शिकायत दर्ज करें"));
}

void
zilad_file_page(struct zila_db *db, const struct zilad_file_in *in, struct zilad_page_out *out)
{
	struct page pg, *p = &pg;
	struct zila_err err = { 0 };
	json_t *form = json_object();
	struct zilad_media media = { 0 };
	char district[128], msg[700] = "";
	memset(out, 0, sizeof *out);
	out->status = 200;
	snprintf(out->who, sizeof out->who, "file@%s", in->addr);
	bool post = strcmp(in->method, "POST") == 0 && in->wait == 0 && !in->too_big;
	bool form_ok = post ? zilad_filing_read(in->body ? in->body : "", in->body_len, in->content_type, form, &media, &err)
		: true;
	const char *lang = *page_field(form, "lang") ? page_field(form, "lang") : in->lang;
	page_open(p, page_hindi(lang, in->accept_language));
	page_district(db, p->hi, district, sizeof district);
	page_head(p, district, "File a grievance", "शिकायत दर्ज करें");
	/* the photo may be as large as a blob, and its body must fit too */
	size_t room = in->max_body > 128 * 1024 ? in->max_body - 64 * 1024 : in->max_body / 2;
	size_t max_photo = in->filing.max_media < room ? in->filing.max_media : room;
	if (in->wait > 0) {
		out->status = 429;
		page_message(p, false, L("Too many requests from this address: wait a minute and try again.",
			"इस पते से बहुत अधिक अनुरोध: एक मिनट रुककर फिर कोशिश करें।"));
		file_form(db, p, form, max_photo);
	} else if (in->too_big) {
		out->status = 413;
		fault_words(p, ZILAD_FAULT_MEDIA_SIZE, "", msg, sizeof msg, max_photo);
		page_message(p, false, msg);
		file_form(db, p, form, max_photo);
	} else if (!post) {
		file_form(db, p, form, max_photo);
	} else if (!form_ok) {
		out->status = 400;
		page_message(p, false, L("The form could not be read.", "फ़ॉर्म पढ़ा नहीं जा सका।"));
		file_form(db, p, form, max_photo);
	} else {
		struct zilad_filing how = in->filing;
		struct zilad_filed filed = { .http = 400 };
		enum zila_status s = ZILA_OK;
		how.locale = p->hi ? "hi" : "en";
		how.only_kind = "photo";
		how.max_media = max_photo;
		/* a media_url is Open311's; the page has no such field */
		json_object_del(form, "media_url");
		if (!*page_field(form, "first_name")) {
			snprintf(msg, sizeof msg, "%s", L("Write your name.", "अपना नाम लिखें।"));
			s = ZILA_EINVAL;
		} else if ((s = zilad_file(db, &how, form, &media, &filed, &err)) != ZILA_OK) {
			out->status = filed.http;
			fault_words(p, filed.fault, err.msg, msg, sizeof msg, max_photo);
		}
		if (s != ZILA_OK) {
			if (out->status == 200)
				out->status = 400;
			page_message(p, false, msg);
			if (media.data && filed.fault != ZILAD_FAULT_MEDIA_SIZE && filed.fault != ZILAD_FAULT_MEDIA_TYPE)
				page_message(p, false, L("Choose the photo again: a form cannot keep it.",
					"फ़ोटो फिर से चुनें: फ़ॉर्म उसे रख नहीं सकता।"));
			file_form(db, p, form, max_photo);
		} else {
			/* 200, not 201: a page for any browser, old ones too */
			snprintf(out->who, sizeof out->who, "file:%s@%s", filed.held ? "held" : filed.number, in->addr);
			filed_page(p, &filed, filed.mobile);
		}
	}
	fprintf(p->f, "<p class=\"small\">%s</p></body></html>\n", L("You may also file at the Collectorate's counter.",
		"आप कलेक्टोरेट के काउंटर पर भी शिकायत दर्ज करा सकते हैं।"));
	fclose(p->f);
	json_decref(form);
	out->body = p->buf;
	out->len = p->len;
}
