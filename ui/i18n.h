/* i18n.h: gettext-ready strings for ui/. Every user-visible string goes
 * through _() (or N_() in static tables, translated where it is shown),
 * whole sentences only, so a Hindi catalogue can be added without touching
 * the code. glibc carries gettext itself; with no catalogue bound it
 * returns the English text. */
#ifndef ZILA_UI_I18N_H
#define ZILA_UI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
