/* election_pdf.c: an orders document typeset as an A4 PDF with cairo and
 * pango. Pango shapes the text (Devanagari's conjuncts and vowel signs
 * need it: a PDF library that places glyph by glyph prints Hindi wrong)
 * and wraps it; fontconfig finds a Devanagari font (Lohit Devanagari,
 * which ./run installs) for the Hindi. */
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "election_orders.h"
#include "zila/i18n.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 56.0

static const struct {
	const char *style, *font;
	double gap;
} styles[] = {
	{ "title", "Lohit Devanagari, DejaVu Sans Bold 16", 10 },
	{ "heading", "Lohit Devanagari, DejaVu Sans Bold 12", 8 },
	{ "body", "Lohit Devanagari, DejaVu Sans 11", 6 },
	{ "small", "Lohit Devanagari, DejaVu Sans 9", 4 },
};

enum zila_status
election_pdf(json_t *doc, const char *path, int *pages, struct zila_err *err)
{
	cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return zila_fail(err, ZILA_EIO, "cannot write the PDF file %s", path);
	}
	cairo_t *cr = cairo_create(surface);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	pango_layout_set_width(layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	PangoFontDescription *fonts[4];
	for (int i = 0; i < 4; i++)
		fonts[i] = pango_font_description_from_string(styles[i].font);
	json_t *page, *l;
	size_t i, j;
	*pages = 0;
	json_array_foreach(doc, i, page) {
		double y = MARGIN;
		json_array_foreach(page, j, l) {
			const char *style = json_string_value(json_object_get(l, "style"));
			int s = 2;
			for (int k = 0; k < 4; k++)
				if (style && strcmp(style, styles[k].style) == 0)
					s = k;
			pango_layout_set_font_description(layout, fonts[s]);
			pango_layout_set_text(layout, json_string_value(json_object_get(l, "text")), -1);
			int w, h;
			pango_layout_get_size(layout, &w, &h);
			if (y + h / (double)PANGO_SCALE > PAGE_H - MARGIN) {
				cairo_show_page(cr);
				(*pages)++;
				y = MARGIN;
			}
			cairo_move_to(cr, MARGIN, y);
			pango_cairo_show_layout(cr, layout);
			y += h / (double)PANGO_SCALE + styles[s].gap;
		}
		cairo_show_page(cr);
		(*pages)++;
	}
	for (int k = 0; k < 4; k++)
		pango_font_description_free(fonts[k]);
	g_object_unref(layout);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t cs = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (cs != CAIRO_STATUS_SUCCESS)
		return zila_fail(err, ZILA_EIO, "cannot write the PDF file %s", path);
	return ZILA_OK;
}
