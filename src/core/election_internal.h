/* election_internal.h: what the files of the election module share. */
#ifndef ZILA_ELECTION_INTERNAL_H
#define ZILA_ELECTION_INTERNAL_H

#include "zila/election.h"

/* Each finds a row by what people type (a code) or by its id, ?1. */
#define EL_AC_SQL "SELECT id FROM el_constituency WHERE code = upper(?1) OR id = ?1"
#define EL_OFFICE_SQL "SELECT id FROM el_office WHERE code = upper(?1) OR id = ?1"
#define EL_OFFICIAL_SQL "SELECT id FROM el_official WHERE employee_id = upper(?1) OR id = ?1"
#define EL_ELECTION_SQL "SELECT id FROM el_election WHERE code = upper(?1) OR id = ?1"

enum zila_status el_require_cell(struct zila_action_ctx *ctx);
/* id must hold 40 bytes; what names the kind of row in the message. */
enum zila_status el_resolve(struct zila_db *db, const char *sql, const char *what, const char *ref, char *id,
	struct zila_err *err);

#endif
