/* audit.h: the append-only audit log. Each row carries the SHA-256 of the
 * row before it, so a changed or removed row breaks the chain and
 * `zila check` finds it. Every action writes one row inside its own
 * transaction; nothing else writes here. */
#ifndef ZILA_AUDIT_H
#define ZILA_AUDIT_H

#include "zila/db.h"

enum zila_status zila_audit_append(struct zila_db *db, const char *at, const char *actor_id,
	const char *desk_id, const char *action, const char *mutation_id, const char *args_json,
	struct zila_err *err);

/* Appends the rows of the chain of the attached database schema after
 * its row after_seq to db's own, each hashed anew on db's chain (its seq
 * and prev are db's): how zila demo joins the half it made in a copy of
 * the file. */
enum zila_status zila_audit_append_attached(struct zila_db *db, const char *schema, long long after_seq,
	struct zila_err *err);

/* Walks the chain. *bad_seq is 0 when whole, else the first broken row. */
enum zila_status zila_audit_verify(struct zila_db *db, long long *bad_seq, struct zila_err *err);

#endif
