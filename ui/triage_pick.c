/* triage_pick.c: the counter form's Category list offers the categories
 * suggested for the description first (zila/triage.h), each with the
 * words that led to it; the clerk still picks. The model is read once and
 * again only when it was trained since; with no model there is simply no
 * suggestion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "screen.h"
#include "zila/i18n.h"
#include "zila/triage.h"

static struct zila_triage_model *model;
static char model_made[32];

/* The stored model, read again when it was trained since it was read. */
static const struct zila_triage_model *
current_model(struct zila_db *db)
{
	struct zila_triage_stats st;
	if (zila_triage_info(db, &st, NULL) != ZILA_OK) {
		zila_triage_free(&model);
		model_made[0] = '\0';
		return NULL;
	}
	if (model && strcmp(st.trained_at, model_made) == 0)
		return model;
	zila_triage_free(&model);
	if (zila_triage_load(db, &model, NULL) != ZILA_OK)
		return NULL;
	snprintf(model_made, sizeof model_made, "%s", st.trained_at);
	return model;
}

enum zila_status
ui_rank_categories(void *ctx, const struct zila_form_field *f, json_t *state, json_t **items, struct zila_err *err)
{
	struct ui_fctx *x = ctx;
	(void)f;
	*items = NULL;
	const char *desc = json_string_value(json_object_get(state, "description"));
	const struct zila_triage_model *m = desc && *desc ? current_model(x->ui->db) : NULL;
	struct zila_triage_suggestion sg[ZILA_TRIAGE_TOP];
	int n = 0;
	if (!m || zila_triage_suggest(m, json_string_value(json_object_get(state, "subject")), desc, sg, &n, err))
		return ZILA_OK; /* no model, or text it cannot read: no suggestion, the list as always */
	*items = json_array();
	for (int i = 0; i < n; i++) {
		char words[200] = "", label[600], brief[300];
		size_t o = 0;
		for (int r = 0; r < sg[i].nreasons && o < sizeof words; r++)
			o += (size_t)snprintf(words + o, sizeof words - o, "%s%s", r ? ", " : "", sg[i].reasons[r].word);
		int pct = (int)(sg[i].score * 100 + 0.5);
		/* why first, as the list is narrow; the names after it, so typing
		 * finds it as it finds the list's own item */
		if (words[0])
			snprintf(label, sizeof label, _("%1$s (suggested %2$d%%: %3$s) %4$s %5$s"), sg[i].category, pct, words,
				sg[i].category_en, sg[i].category_hi);
		else
			snprintf(label, sizeof label, _("%1$s (suggested %2$d%%) %3$s %4$s"), sg[i].category, pct,
				sg[i].category_en, sg[i].category_hi);
		snprintf(brief, sizeof brief, words[0] ? "%s (%s)" : "%s", sg[i].category, words);
		json_array_append_new(*items, json_pack("{s:s, s:s, s:s}", "value", sg[i].category, "label", label,
			"short", brief));
	}
	return ZILA_OK;
}
