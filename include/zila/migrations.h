/* migrations.h: the schema steps embedded at build time from db/NNN_*.sql.
 * Step N brings a database to PRAGMA user_version N. */
#ifndef ZILA_MIGRATIONS_H
#define ZILA_MIGRATIONS_H

struct zila_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct zila_migration zila_migrations[];
extern const int zila_migration_count;

#endif
