/* test_textedit.c: the field editor without curses: cursor and deletion by
 * grapheme cluster (Hindi conjuncts, combining accents, emoji sequences,
 * flags, CJK), display widths, horizontal scrolling, word wrap, up/down
 * keeping the column, the length limit, refused control characters. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>
#include <check.h>
#include "ui/textedit.h"

/* Unicode 15.1 (utf8proc 2.9) keeps a whole Devanagari conjunct in one
 * cluster (rule GB9c); before it, the virama ends a cluster. Both are
 * right for their version; the tests know which one is linked. */
static bool
conjuncts_joined(void)
{
	int major = 0, minor = 0;
	sscanf(utf8proc_unicode_version(), "%d.%d", &major, &minor);
	return major > 15 || (major == 15 && minor >= 1);
}

static void
set_text(struct textedit *t, bool multiline, const char *s)
{
	textedit_init(t, multiline, 0);
	ck_assert_int_eq(textedit_set(t, s), TEXTEDIT_OK);
}

/* Walks right from the start and left from the end: the cursor must stop
 * at exactly the byte offsets in want (n of them, 0 and the end included). */
static void
assert_stops(const char *text, const size_t *want, int n)
{
	struct textedit t;
	set_text(&t, false, text);
	textedit_home(&t, 0);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(t.cursor == want[i], "%s: stop %d at %zu, wanted %zu", text, i, t.cursor, want[i]);
		ck_assert(textedit_right(&t) == (i < n - 1));
	}
	for (int i = n - 1; i > 0; i--) {
		ck_assert_uint_eq(t.cursor, want[i]);
		ck_assert(textedit_left(&t));
	}
	ck_assert_uint_eq(t.cursor, 0);
	ck_assert(!textedit_left(&t));
	textedit_free(&t);
}

START_TEST(cursor_moves_by_grapheme)
{
	/* क ् ष ि: 3 bytes each */
	if (conjuncts_joined()) {
		assert_stops("क्षि", (size_t[]){ 0, 12 }, 2);
		assert_stops("स्त्री", (size_t[]){ 0, 18 }, 2);
	} else {
		assert_stops("क्षि", (size_t[]){ 0, 6, 12 }, 3);
		assert_stops("स्त्री", (size_t[]){ 0, 6, 12, 18 }, 4);
	}
	assert_stops("e\u0301", (size_t[]){ 0, 3 }, 2);
	assert_stops("ae\u0301b", (size_t[]){ 0, 1, 4, 5 }, 4);
	assert_stops("👩‍👩‍👧", (size_t[]){ 0, 18 }, 2);
	assert_stops("x👩‍👩‍👧y", (size_t[]){ 0, 1, 19, 20 }, 4);
	assert_stops("🇮🇳", (size_t[]){ 0, 8 }, 2);
	assert_stops("🇮🇳🇮🇳", (size_t[]){ 0, 8, 16 }, 3);
	assert_stops("中文", (size_t[]){ 0, 3, 6 }, 3);
	assert_stops("नमस्ते", conjuncts_joined() ? (size_t[]){ 0, 3, 6, 18 } : (size_t[]){ 0, 3, 6, 12, 18 },
		conjuncts_joined() ? 4 : 5);
}
END_TEST

START_TEST(delete_removes_whole_clusters)
{
	struct textedit t;
	set_text(&t, false, "ae\u0301");
	ck_assert_int_eq(textedit_delete_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "a");
	ck_assert_uint_eq(t.chars, 1);
	textedit_free(&t);

	set_text(&t, false, "x👩‍👩‍👧y");
	textedit_left(&t);
	ck_assert_int_eq(textedit_delete_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "xy");
	ck_assert_uint_eq(t.cursor, 1);
	ck_assert_uint_eq(t.chars, 2);
	textedit_free(&t);

	set_text(&t, false, "🇮🇳🇮🇳");
	textedit_home(&t, 0);
	ck_assert_int_eq(textedit_delete_forward(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "🇮🇳");
	ck_assert_int_eq(textedit_delete_forward(&t), TEXTEDIT_OK);
	ck_assert_int_eq(textedit_delete_forward(&t), TEXTEDIT_NOCHANGE);
	ck_assert_int_eq(textedit_delete_back(&t), TEXTEDIT_NOCHANGE);
	textedit_free(&t);

	/* backspace at the end of स्त्री leaves whole clusters before it */
	set_text(&t, false, "स्त्री");
	ck_assert_int_eq(textedit_delete_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), conjuncts_joined() ? "" : "स्त्");
	textedit_free(&t);

	set_text(&t, false, "中文字");
	textedit_left(&t);
	ck_assert_int_eq(textedit_delete_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "中字");
	textedit_free(&t);
}
END_TEST

/* Typed one code point at a time, a combining mark or a ZWJ joins the
 * cluster before it, and the cursor is never left inside a cluster. */
START_TEST(typing_joins_clusters)
{
	struct textedit t;
	textedit_init(&t, false, 0);
	ck_assert_int_eq(textedit_insert_cp(&t, 'e'), TEXTEDIT_OK);
	ck_assert_int_eq(textedit_insert_cp(&t, 0x301), TEXTEDIT_OK);
	ck_assert_uint_eq(t.cursor, 3);
	ck_assert(textedit_left(&t));
	ck_assert_uint_eq(t.cursor, 0);
	textedit_free(&t);

	set_text(&t, false, "👩👧");
	textedit_left(&t);
	ck_assert_uint_eq(t.cursor, 4);
	ck_assert_int_eq(textedit_insert_cp(&t, 0x200d), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "👩‍👧");
	ck_assert_uint_eq(t.cursor, strlen("👩‍👧"));
	ck_assert(textedit_left(&t));
	ck_assert_uint_eq(t.cursor, 0);
	textedit_free(&t);

	textedit_init(&t, false, 0);
	const uint32_t kshi[] = { 0x915, 0x94d, 0x937, 0x93f };
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(textedit_insert_cp(&t, kshi[i]), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "क्षि");
	ck_assert_uint_eq(t.cursor, 12);
	ck_assert_uint_eq(t.chars, 4);
	ck_assert_int_eq(textedit_insert_cp(&t, 0xd800), TEXTEDIT_BAD_CHAR);
	textedit_free(&t);
}
END_TEST

/* Our widths are the terminal's: they agree with the C library's wcwidth
 * (what ncursesw places characters by) on every sample. */
START_TEST(display_widths)
{
	static const struct {
		const char *s;
		int w;
	} cases[] = {
		{ "abc", 3 }, { "中文", 4 }, { "e\u0301", 1 }, { "क्षि", 3 }, { "स्त्री", 4 },
		{ "नमस्ते", 4 }, { "👩‍👩‍👧", 6 }, { "🇮🇳", 2 }, { "", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wchar_t wbuf[64];
		ck_assert_int_eq(textedit_width(cases[i].s, strlen(cases[i].s)), cases[i].w);
		size_t n = mbstowcs(wbuf, cases[i].s, 64);
		ck_assert_uint_ne(n, (size_t)-1);
		ck_assert_msg(wcswidth(wbuf, n) == cases[i].w, "%s: wcswidth %d", cases[i].s, wcswidth(wbuf, n));
	}
	/* cutting to a width never splits a cluster or a wide character */
	int used;
	ck_assert_uint_eq(textedit_fit("中文字", 9, 5, &used), 6);
	ck_assert_int_eq(used, 4);
	ck_assert_uint_eq(textedit_fit("ae\u0301b", 5, 2, &used), 4);
	ck_assert_int_eq(used, 2);
	ck_assert_uint_eq(textedit_fit("🇮🇳x", 9, 1, &used), 0);
	ck_assert_uint_eq(textedit_fit("abc", 3, 10, &used), 3);
	ck_assert_int_eq(used, 3);
}
END_TEST

/* Checks one rendering of a one-line field: the cursor inside the field,
 * the slice inside the field, and the cluster left of the cursor shown. */
static void
assert_view_ok(struct textedit *t, int width)
{
	struct textedit_slice v;
	textedit_line_view(t, width, &v);
	ck_assert_int_ge(v.cursor_col, 0);
	ck_assert_int_lt(v.cursor_col, width);
	ck_assert_int_le(v.lead + v.width_used, width);
	ck_assert_int_eq(v.width_used, textedit_width(v.text, v.len));
	ck_assert_int_eq(v.lead + textedit_width(v.text, (size_t)(t->buf + t->cursor - v.text)), v.cursor_col);
	if (t->cursor > 0)
		ck_assert(t->buf + textedit_prev(t, t->cursor) >= v.text);
}

START_TEST(horizontal_scroll_keeps_cursor_visible)
{
	struct textedit t;
	const int width = 10;
	textedit_init(&t, false, 0);
	const char *words[] = { "नमस्ते", " ", "中文", "x", "e\u0301", "👩‍👩‍👧", "abc", "क्षि" };
	for (int round = 0; round < 4; round++)
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
			ck_assert_int_eq(textedit_insert(&t, words[i], strlen(words[i])), TEXTEDIT_OK);
			assert_view_ok(&t, width);
		}
	struct textedit_slice v;
	textedit_line_view(&t, width, &v);
	ck_assert(v.more_left);
	ck_assert(!v.more_right);
	while (textedit_left(&t))
		assert_view_ok(&t, width);
	textedit_line_view(&t, width, &v);
	ck_assert_int_eq(v.cursor_col, 0);
	ck_assert(v.text == t.buf);
	ck_assert(!v.more_left);
	ck_assert(v.more_right);
	while (textedit_word_right(&t))
		assert_view_ok(&t, width);
	ck_assert_uint_eq(t.cursor, t.len);
	/* typing at the end of a long line scrolls by jumps, not on every key
	 * (each scroll redraws the whole field over a slow link) */
	int scrolls = 0, last = t.scroll;
	for (int i = 0; i < 100; i++) {
		textedit_insert(&t, "x", 1);
		assert_view_ok(&t, width);
		scrolls += t.scroll != last;
		last = t.scroll;
	}
	ck_assert_int_le(scrolls, 100 / (width / 4) + 1);
	/* deleting back to a short text scrolls back to show it all */
	while (t.len > 3)
		textedit_delete_back(&t);
	textedit_line_view(&t, width, &v);
	ck_assert(v.text == t.buf);
	textedit_free(&t);
}
END_TEST

/* The rows of t at width as "row|row|row". */
static const char *
rows_str(struct textedit *t, int width)
{
	static char out[1024];
	size_t o = 0;
	const char *s;
	size_t n;
	out[0] = '\0';
	for (int i = 0; textedit_row(t, width, i, &s, &n) >= 0; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? "|" : "", (int)n, s);
	return out;
}

START_TEST(word_wrap)
{
	struct textedit t;
	set_text(&t, true, "the quick brown fox jumps over the lazy dog");
	ck_assert_str_eq(rows_str(&t, 11), "the quick |brown fox |jumps over |the lazy |dog");
	int n;
	const struct textedit_row *rows = textedit_rows(&t, 11, &n);
	for (int i = 0; i < n; i++)
		ck_assert_int_le(rows[i].width, 11);
	ck_assert(rows[0].soft && !rows[n - 1].soft);
	textedit_free(&t);

	set_text(&t, true, "भारत एक विशाल देश है");
	ck_assert_str_eq(rows_str(&t, 8), "भारत एक |विशाल |देश है");
	ck_assert_str_eq(rows_str(&t, 40), "भारत एक विशाल देश है");
	textedit_free(&t);

	set_text(&t, true, "abcdefghij");
	ck_assert_str_eq(rows_str(&t, 5), "abcd|efgh|ij");
	textedit_free(&t);

	set_text(&t, true, "ab\n\ncd\n");
	ck_assert_str_eq(rows_str(&t, 5), "ab||cd|");
	textedit_free(&t);

	/* a wide character never straddles the edge */
	set_text(&t, true, "中文字中文字");
	ck_assert_str_eq(rows_str(&t, 6), "中文|字中|文字");
	textedit_free(&t);

	/* a hanging space at the very end puts the cursor on a row below */
	set_text(&t, true, "abcd ");
	struct textedit_box b;
	textedit_box_view(&t, 5, 3, &b);
	ck_assert_int_eq(b.nrows, 2);
	ck_assert_int_eq(b.cursor_row, 1);
	ck_assert_int_eq(b.cursor_col, 0);
	textedit_free(&t);
}
END_TEST

START_TEST(up_down_keep_column)
{
	struct textedit t;
	set_text(&t, true, "abcdef\nab\nabcdefgh");
	ck_assert(!textedit_down(&t, 40));
	ck_assert(textedit_up(&t, 40));
	ck_assert_uint_eq(t.cursor, 9); /* end of "ab" */
	ck_assert(textedit_up(&t, 40));
	ck_assert_uint_eq(t.cursor, 6); /* column 8 kept: end of "abcdef" */
	ck_assert(!textedit_up(&t, 40));
	ck_assert(textedit_down(&t, 40));
	ck_assert(textedit_down(&t, 40));
	ck_assert_uint_eq(t.cursor, t.len);
	textedit_free(&t);

	/* wide characters: column 3 falls inside 文, the cursor stops before it */
	set_text(&t, true, "中文字\nabcdef");
	textedit_home(&t, 40);
	for (int i = 0; i < 3; i++)
		textedit_right(&t);
	ck_assert(textedit_up(&t, 40));
	ck_assert_uint_eq(t.cursor, 3);
	ck_assert(textedit_down(&t, 40));
	ck_assert_uint_eq(t.cursor, 10 + 3);
	textedit_free(&t);

	/* across wrapped Hindi rows: the cursor lands on cluster boundaries */
	set_text(&t, true, "भारत एक विशाल देश है");
	struct textedit_box b;
	textedit_box_view(&t, 8, 2, &b);
	ck_assert_int_eq(b.first_row, 1);
	ck_assert_int_eq(b.cursor_row, 1);
	ck_assert_int_eq(b.cursor_col, 4);
	ck_assert(textedit_up(&t, 8));
	ck_assert_str_eq(t.buf + t.cursor, "ल देश है"); /* col 4 of "विशाल " */
	ck_assert(textedit_up(&t, 8));
	ck_assert_str_eq(t.buf + t.cursor, " एक विशाल देश है");
	textedit_box_view(&t, 8, 2, &b);
	ck_assert_int_eq(b.first_row, 0);
	ck_assert_int_eq(b.cursor_row, 0);
	/* End on a wrapped row stops before its hanging space, Home at its start */
	ck_assert(textedit_down(&t, 8));
	ck_assert(textedit_end(&t, 8));
	ck_assert_str_eq(t.buf + t.cursor, " देश है");
	ck_assert(textedit_home(&t, 8));
	ck_assert_str_eq(t.buf + t.cursor, "विशाल देश है");
	textedit_free(&t);
}
END_TEST

START_TEST(max_length_in_characters)
{
	struct textedit t;
	textedit_init(&t, false, 5);
	ck_assert_int_eq(textedit_insert(&t, "abcd", 4), TEXTEDIT_OK);
	ck_assert_int_eq(textedit_insert(&t, "e\u0301", 3), TEXTEDIT_TOO_LONG);
	ck_assert_str_eq(textedit_text(&t), "abcd");
	ck_assert_int_eq(textedit_insert(&t, "क", 3), TEXTEDIT_OK);
	ck_assert_int_eq(textedit_insert_cp(&t, 'x'), TEXTEDIT_TOO_LONG);
	ck_assert_int_eq(textedit_set(&t, "abcdef"), TEXTEDIT_TOO_LONG);
	ck_assert_str_eq(textedit_text(&t), "abcdक");
	textedit_delete_back(&t);
	ck_assert_int_eq(textedit_insert_cp(&t, 'x'), TEXTEDIT_OK);
	ck_assert_uint_eq(t.chars, 5);
	textedit_free(&t);
}
END_TEST

START_TEST(control_characters_refused)
{
	static const char *const bad[] = { "\x01", "\t", "\x7f", "\xc2\x85", "\x1b[2J", "\xff", "\xe0\x80", "a\rb" };
	struct textedit t;
	set_text(&t, false, "ok");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(textedit_insert(&t, bad[i], strlen(bad[i])), TEXTEDIT_BAD_CHAR);
		ck_assert_int_eq(textedit_set(&t, bad[i]), TEXTEDIT_BAD_CHAR);
	}
	ck_assert_int_eq(textedit_insert(&t, "\n", 1), TEXTEDIT_BAD_CHAR);
	ck_assert_int_eq(textedit_insert_cp(&t, 0), TEXTEDIT_BAD_CHAR);
	ck_assert_str_eq(textedit_text(&t), "ok");
	ck_assert_uint_eq(t.chars, 2);
	textedit_free(&t);

	set_text(&t, true, "ok");
	ck_assert_int_eq(textedit_insert(&t, "\n", 1), TEXTEDIT_OK);
	ck_assert_int_eq(textedit_insert(&t, "\t", 1), TEXTEDIT_BAD_CHAR);
	ck_assert_str_eq(textedit_text(&t), "ok\n");
	textedit_free(&t);
}
END_TEST

START_TEST(words_and_kill)
{
	struct textedit t;
	set_text(&t, false, "hello  दुनिया, world");
	textedit_home(&t, 0);
	ck_assert(textedit_word_right(&t));
	ck_assert_uint_eq(t.cursor, 5);
	ck_assert(textedit_word_right(&t));
	ck_assert_str_eq(t.buf + t.cursor, ", world");
	ck_assert(textedit_word_right(&t));
	ck_assert_uint_eq(t.cursor, t.len);
	ck_assert(!textedit_word_right(&t));
	ck_assert(textedit_word_left(&t));
	ck_assert_str_eq(t.buf + t.cursor, "world");
	ck_assert(textedit_word_left(&t));
	ck_assert_str_eq(t.buf + t.cursor, "दुनिया, world");
	textedit_free(&t);

	set_text(&t, true, "abc\ndef");
	textedit_home(&t, 40);
	textedit_up(&t, 40);
	textedit_right(&t);
	ck_assert_int_eq(textedit_kill_eol(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "a\ndef");
	ck_assert_int_eq(textedit_kill_eol(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "adef");
	ck_assert_uint_eq(t.chars, 4);
	textedit_end(&t, 40);
	ck_assert_int_eq(textedit_kill_eol(&t), TEXTEDIT_NOCHANGE);
	textedit_free(&t);

	/* Ctrl-W takes the Hindi word with its vowel signs, Ctrl-U the line */
	set_text(&t, true, "first\nनमस्ते दुनिया, ");
	ck_assert_int_eq(textedit_delete_word_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "first\nनमस्ते ");
	ck_assert_int_eq(textedit_delete_word_back(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "first\n");
	ck_assert_int_eq(textedit_insert(&t, "abc def", 7), TEXTEDIT_OK);
	textedit_left(&t);
	ck_assert_int_eq(textedit_kill_bol(&t), TEXTEDIT_OK);
	ck_assert_str_eq(textedit_text(&t), "first\nf");
	ck_assert_uint_eq(t.cursor, 6);
	ck_assert_int_eq(textedit_kill_bol(&t), TEXTEDIT_NOCHANGE);
	ck_assert_uint_eq(t.chars, 7);
	textedit_free(&t);
}
END_TEST

Suite *
textedit_suite(void)
{
	Suite *s = suite_create("textedit");
	TCase *tc = tcase_create("textedit");
	tcase_add_test(tc, cursor_moves_by_grapheme);
	tcase_add_test(tc, delete_removes_whole_clusters);
	tcase_add_test(tc, typing_joins_clusters);
	tcase_add_test(tc, display_widths);
	tcase_add_test(tc, horizontal_scroll_keeps_cursor_visible);
	tcase_add_test(tc, word_wrap);
	tcase_add_test(tc, up_down_keep_column);
	tcase_add_test(tc, max_length_in_characters);
	tcase_add_test(tc, control_characters_refused);
	tcase_add_test(tc, words_and_kill);
	suite_add_tcase(s, tc);
	return s;
}
