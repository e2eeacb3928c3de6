/* tui.h: the full-screen program (ui/), as zila's main() starts it when
 * no subcommand is given. The command line (src/cli) reads the options
 * and opens the database; the screens take it from there. The two folders
 * share nothing else: this is the one call between them. */
#ifndef ZILA_TUI_H
#define ZILA_TUI_H

#include <stdbool.h>
#include "zila/db.h"

/* Runs the screens on the open database of a set-up desk until the person
 * leaves: the login, then one loop. slow: a marker column instead of a
 * reverse bar from the start (chosen by itself on a slow terminal). note
 * (may be NULL): said on the status line at the start. The terminal is
 * restored however it ends. 0 when it ran, 1 when it could not start. */
int ui_main(struct zila_db *db, bool slow, const char *note);

#endif
