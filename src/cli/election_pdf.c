/* election_pdf.c: an orders document typeset as an A4 PDF with cairo and
 * pango. Pango shapes the text (Devanagari's conjuncts and vowel signs
 * need it: a PDF library that places glyph by glyph prints Hindi wrong)
 * and wraps it; fontconfig finds a Devanagari font (Lohit Devanagari,
 * which ./run installs) for the Hindi. */
#include <dlfcn.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "config.h"
#include "election_orders.h"
#include "zila/i18n.h"

/* pango-cairo and the libraries under it (fontconfig, freetype, harfbuzz,
 * glib, X11's for cairo: some 30) are opened here, when orders are first
 * typeset, not linked into zila: the loader took about 20 ms of every
 * command to map and bind them. The calls go through pdf.NAME, each
 * pointer of the type the header declares. */
#define PDF_CALLS(X) \
	X(cairo_pdf_surface_create) X(cairo_surface_status) X(cairo_surface_destroy) X(cairo_create) \
	X(cairo_show_page) X(cairo_move_to) X(cairo_destroy) X(cairo_surface_finish) \
	X(pango_cairo_create_layout) X(pango_cairo_show_layout) X(pango_layout_set_width) \
	X(pango_layout_set_wrap) X(pango_layout_set_font_description) X(pango_layout_set_text) \
	X(pango_layout_get_size) X(pango_font_description_from_string) X(pango_font_description_free) \
	X(g_object_unref)

static struct {
#define PDF_POINTER(name) __typeof__(name) *name;
	PDF_CALLS(PDF_POINTER)
#undef PDF_POINTER
} pdf;

/* Opens pango-cairo once (dlsym on its handle finds cairo's and gobject's
 * functions too, as they are its dependencies). */
static enum zila_status
pdf_open(struct zila_err *err)
{
	static void *lib;
	if (lib)
		return ZILA_OK;
	void *h = dlopen(ZILA_PANGOCAIRO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return zila_fail(err, ZILA_EIO, "cannot load %1$s to write the PDF: %2$s", ZILA_PANGOCAIRO_SONAME,
			dlerror());
#define PDF_LOOKUP(name) \
	if (!(*(void **)&pdf.name = dlsym(h, #name))) { \
		dlclose(h); \
		return zila_fail(err, ZILA_EIO, "cannot load %1$s to write the PDF: %2$s", ZILA_PANGOCAIRO_SONAME, \
			#name); \
	}
	PDF_CALLS(PDF_LOOKUP)
#undef PDF_LOOKUP
	lib = h;
	return ZILA_OK;
}

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
	enum zila_status st = pdf_open(err);
	if (st)
		return st;
	cairo_surface_t *surface = pdf.cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (pdf.cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		pdf.cairo_surface_destroy(surface);
		return zila_fail(err, ZILA_EIO, "cannot write the PDF file %s", path);
	}
	cairo_t *cr = pdf.cairo_create(surface);
	PangoLayout *layout = pdf.pango_cairo_create_layout(cr);
	pdf.pango_layout_set_width(layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pdf.pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	PangoFontDescription *fonts[4];
	for (int i = 0; i < 4; i++)
		fonts[i] = pdf.pango_font_description_from_string(styles[i].font);
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
			pdf.pango_layout_set_font_description(layout, fonts[s]);
			pdf.pango_layout_set_text(layout, json_string_value(json_object_get(l, "text")), -1);
			int w, h;
			pdf.pango_layout_get_size(layout, &w, &h);
			if (y + h / (double)PANGO_SCALE > PAGE_H - MARGIN) {
				pdf.cairo_show_page(cr);
				(*pages)++;
				y = MARGIN;
			}
			pdf.cairo_move_to(cr, MARGIN, y);
			pdf.pango_cairo_show_layout(cr, layout);
			y += h / (double)PANGO_SCALE + styles[s].gap;
		}
		pdf.cairo_show_page(cr);
		(*pages)++;
	}
	for (int k = 0; k < 4; k++)
		pdf.pango_font_description_free(fonts[k]);
	pdf.g_object_unref(layout);
	pdf.cairo_destroy(cr);
	pdf.cairo_surface_finish(surface);
	cairo_status_t cs = pdf.cairo_surface_status(surface);
	pdf.cairo_surface_destroy(surface);
	if (cs != CAIRO_STATUS_SUCCESS)
		return zila_fail(err, ZILA_EIO, "cannot write the PDF file %s", path);
	return ZILA_OK;
}
