/* check.h: the daily integrity check in the background of the full-screen
 * program (check_job.c). */
#ifndef ZILA_UI_CHECK_H
#define ZILA_UI_CHECK_H

struct ui;

/* Starts the check on its own thread when one is due; else nothing. */
void ui_check_start(struct ui *ui);
/* The pipe the key loop polls: readable when the check ended; -1 none. */
int ui_check_fd(struct ui *ui);
/* The check ended: says a damaged file loudly, else nothing. */
void ui_check_event(struct ui *ui);
/* Leaving: interrupts a check still running and waits for its thread. */
void ui_check_stop(struct ui *ui);

#endif
