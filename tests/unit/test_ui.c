/* test_ui.c: the curses-free parts of ui/: the request table and key map
 * (no key means two things on one screen, every request has help, a keys
 * file overrides), row text and column layout, number formatting. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "ui/textedit.h"
#include "ui/ui.h"

START_TEST(no_key_means_two_things_on_one_screen)
{
	struct ui_keymap km;
	ui_keymap_defaults(&km);
	ck_assert_int_gt(km.n, REQ_COUNT - 1);
	for (int kind = 1; kind <= UI_K_SYNC; kind <<= 1) {
		for (int i = 0; i < km.n; i++) {
			if (!(km.b[i].kinds & kind))
				continue;
			for (int j = i + 1; j < km.n; j++) {
				if (!(km.b[j].kinds & kind) || km.b[i].key != km.b[j].key)
					continue;
				ck_abort_msg("key %d is both %s and %s on screens of kind %d", km.b[i].key,
					ui_request_info(km.b[i].req)->name, ui_request_info(km.b[j].req)->name, kind);
			}
		}
	}
}
END_TEST

START_TEST(every_request_has_a_name_help_and_a_key)
{
	struct ui_keymap km;
	ui_keymap_defaults(&km);
	for (int r = 1; r < REQ_COUNT; r++) {
		const struct ui_request_info *ri = ui_request_info((enum ui_request)r);
		ck_assert_int_eq(ri->req, r);
		ck_assert_msg(ri->help && strlen(ri->help) > 3, "request %s has no help", ri->name);
		/* the key bar speaks words, never the keys file's names */
		ck_assert_msg(ri->label && *ri->label && !strchr(ri->label, '-'), "request %s has no label", ri->name);
		ck_assert_msg(ri->kinds != 0, "request %s is on no screen", ri->name);
		ck_assert_int_eq(ui_request_from_name(ri->name), r);
		ck_assert_msg(ui_keymap_key_of(&km, (enum ui_request)r, (enum ui_kind)UI_K_ALL) != 0, "%s has no key", ri->name);
	}
	ck_assert_int_eq(ui_request_from_name("no-such-request"), REQ_NONE);
}
END_TEST

START_TEST(key_names_read_back)
{
	char name[16];
	for (int r = 1; r < REQ_COUNT; r++) {
		const struct ui_request_info *ri = ui_request_info((enum ui_request)r);
		int keys[2] = { ri->key, ri->key2 };
		for (int k = 0; k < 2; k++) {
			if (!keys[k])
				continue;
			ui_key_name(keys[k], name, sizeof name);
			ck_assert_msg(ui_key_parse(name) == keys[k], "%s: key name %s does not read back", ri->name, name);
		}
	}
	ck_assert_int_eq(ui_key_parse("^L"), UI_CTRL('L'));
	ck_assert_int_eq(ui_key_parse("F12"), KEY_F(12));
	ck_assert_int_eq(ui_key_parse("F13"), -1);
	ck_assert_int_eq(ui_key_parse("Space"), ' ');
	ck_assert_int_eq(ui_key_parse("xx"), -1);
}
END_TEST

START_TEST(keys_file_overrides_defaults)
{
	char path[] = "/tmp/zila-keys-XXXXXX", err[300];
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("# mine\nsearch ^F\nfrobnicate x\nmove-down J\n", f);
	fclose(f);
	struct ui_keymap km;
	ui_keymap_defaults(&km);
	ck_assert_int_eq(ui_keymap_lookup(&km, '/', UI_K_LIST), REQ_SEARCH);
	ck_assert_int_eq(ui_keymap_load(&km, path, err, sizeof err), 1);
	ck_assert_msg(strstr(err, "line 3") != NULL, "the bad line is named: %s", err);
	ck_assert_int_eq(ui_keymap_lookup(&km, UI_CTRL('F'), UI_K_LIST), REQ_SEARCH);
	ck_assert_int_eq(ui_keymap_lookup(&km, '/', UI_K_LIST), REQ_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&km, 'J', UI_K_LIST), REQ_MOVE_DOWN);
	ck_assert_int_eq(ui_keymap_lookup(&km, 'j', UI_K_LIST), REQ_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&km, '\r', UI_K_LIST), REQ_ENTER);
	ck_assert_int_eq(ui_keymap_lookup(&km, 'd', UI_K_DETAIL), REQ_ACT_DISPOSE);
	ck_assert_int_eq(ui_keymap_lookup(&km, 'd', UI_K_LIST), REQ_NONE);
	ck_assert_int_eq(ui_keymap_load(&km, "/nonexistent/keys", err, sizeof err), 0);
	unlink(path);
}
END_TEST

static void
late_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	long long d = json_integer_value(json_object_get(row, "days_overdue"));
	snprintf(buf, n, d ? "%lldd" : "", d);
	if (d)
		*attr = UI_A_OVERDUE;
}

static const struct ui_column cols[] = {
	{ "number", "Number", 14, 0, false, 0, NULL },
	{ "citizen_name", "Citizen", 14, 2, false, 0, NULL },
	{ "status", "Status", 11, 0, false, 0, NULL },
	{ "due_date", "Due", 10, 0, false, 0, NULL },
	{ "days_overdue", "Late", 5, 0, true, 0, late_cell },
	{ "gp_name", "Panchayat", 12, 1, false, 110, NULL },
};
static const struct zila_view test_view = { .name = "t", .title = "T", .cols = cols, .ncols = 6 };

START_TEST(row_text_fills_the_width_exactly)
{
	json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "number", "07/2026/000042",
		"citizen_name", "सुनीता देवी पत्नी श्री रामेश्वर प्रसाद वर्मा", "status", "in_progress",
		"due_date", "2026-11-10", "days_overdue", 10, "gp_name", "अण्डा");
	struct ui_line l;
	int widths[] = { 79, 80, 110, 132, 200 };
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		ui_row_text(&test_view, row, widths[i], &l);
		ck_assert_int_eq(ui_text_width(l.text), widths[i]);
		ck_assert_int_eq((int)strlen(l.text), l.len);
	}
	ui_row_text(&test_view, row, 79, &l);
	ck_assert_msg(strstr(l.text, "07/2026/000042 सुनीता") == l.text, "row starts with the number: %s", l.text);
	ck_assert_ptr_null(strstr(l.text, "अण्डा")); /* the panchayat needs 110 columns */
	ck_assert_int_eq(l.nspans, 1);
	ck_assert_int_eq(l.spans[0].attr, UI_A_OVERDUE);
	ck_assert(strncmp(l.text + l.spans[0].start, "10d", 3) == 0);
	ui_row_text(&test_view, row, 132, &l);
	ck_assert_ptr_nonnull(strstr(l.text, "अण्डा"));
	/* newlines in a value never break a row */
	json_object_set_new(row, "citizen_name", json_string("two\nlines"));
	ui_row_text(&test_view, row, 79, &l);
	ck_assert_ptr_null(strchr(l.text, '\n'));
	json_decref(row);
}
END_TEST

START_TEST(columns_fit_80_and_spread_wider)
{
	int w[6];
	ui_columns_layout(cols, 6, 79, w);
	ck_assert_int_eq(w[5], 0);
	ck_assert_int_eq(w[0] + w[1] + w[2] + w[3] + w[4] + 5, 79);
	ck_assert_int_eq(w[0], 14);
	ui_columns_layout(cols, 6, 120, w);
	ck_assert_int_gt(w[5], 12);
	ck_assert_int_gt(w[1], 14);
	ck_assert_int_eq(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 6, 120);
	ck_assert_int_eq(w[0], 14); /* fixed columns stay */
}
END_TEST

START_TEST(cut_and_pad_by_display_columns)
{
	struct ui_line l;
	ui_line_clear(&l);
	ui_line_put(&l, "日本語", 5, false, UI_A_NORMAL); /* a wide character is never cut in half */
	ck_assert_str_eq(l.text, "日本…"); /* and a cut says so */
	ui_line_clear(&l);
	ui_line_put(&l, "REV,PWD,HEALTH,PHED", 10, false, UI_A_NORMAL);
	ck_assert_str_eq(l.text, "REV,PWD,H…");
	ui_line_clear(&l);
	ui_line_put(&l, "REV,PWD", 10, false, UI_A_NORMAL);
	ck_assert_str_eq(l.text, "REV,PWD   ");
	ui_line_clear(&l);
	ui_line_put(&l, "日本語x", 6, false, UI_A_NORMAL);
	ck_assert_str_eq(l.text, "日本… ");
	ui_line_clear(&l);
	ui_line_put(&l, "42", 5, true, UI_A_BOLD);
	ck_assert_str_eq(l.text, "   42");
	ck_assert_int_eq(l.spans[0].start, 3);
	/* the list and the field editor count columns alike, as the terminal does */
	const char *samples[] = { "पानी", "क्षत्रिय", "सुनीता देवी", "naïve", "日本", "" };
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		ck_assert_int_eq(ui_text_width(samples[i]), textedit_width(samples[i], strlen(samples[i])));
}
END_TEST

START_TEST(message_breaks)
{
	/* a long message breaks after a space, within the width */
	const char *m = "There is no printer command (lp) here; the receipt is /tmp/x";
	size_t k = ui_text_fit(m, 40);
	ck_assert_uint_eq(k, strlen("There is no printer command (lp) here; "));
	ck_assert_uint_eq(ui_text_fit("short", 40), 5);
	/* no space to break at: cut at the width, whole characters only */
	ck_assert_uint_eq(ui_text_fit("पानीपानीपानी", 4), strlen("पानी"));
}
END_TEST

START_TEST(indian_digit_grouping)
{
	char b[32];
	long long in[] = { 0, 999, 1000, 99999, 100000, 1234567, 1000000000, -12345 };
	const char *out[] = { "0", "999", "1,000", "99,999", "1,00,000", "12,34,567", "1,00,00,00,000", "-12,345" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		ui_fmt_count(in[i], b, sizeof b);
		ck_assert_str_eq(b, out[i]);
	}
	ui_fmt_size(2048, b, sizeof b);
	ck_assert_str_eq(b, "2 KB");
	ui_fmt_size(3 * 1024 * 1024 + 400000, b, sizeof b);
	ck_assert_str_eq(b, "3.4 MB");
}
END_TEST

Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("ui");
	tcase_add_test(tc, no_key_means_two_things_on_one_screen);
	tcase_add_test(tc, every_request_has_a_name_help_and_a_key);
	tcase_add_test(tc, key_names_read_back);
	tcase_add_test(tc, keys_file_overrides_defaults);
	tcase_add_test(tc, row_text_fills_the_width_exactly);
	tcase_add_test(tc, columns_fit_80_and_spread_wider);
	tcase_add_test(tc, cut_and_pad_by_display_columns);
	tcase_add_test(tc, indian_digit_grouping);
	tcase_add_test(tc, message_breaks);
	suite_add_tcase(s, tc);
	return s;
}
