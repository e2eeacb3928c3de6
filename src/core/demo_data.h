/* demo_data.h: the names and texts of the demo district (a Durg-like
 * district of Chhattisgarh), in English and Hindi. Data only; demo.c
 * turns them into actions. */
#ifndef ZILA_CORE_DEMO_DATA_H
#define ZILA_CORE_DEMO_DATA_H

#include <stddef.h>

/* A text in both languages. */
struct demo_text {
	const char *en, *hi;
};

struct demo_department {
	const char *code;
	struct demo_text name;
	const char *officer_name, *head_name;
	struct demo_text subjects[3];        /* letters marked to it */
	struct demo_text reply;              /* its reply to a letter */
};

struct demo_category {
	const char *code;
	struct demo_text name;
	int department;                      /* index into demo_departments */
	int days;
	struct demo_text subject;
	struct demo_text description[2];     /* %s: the village */
	struct demo_text reply;              /* the disposal */
};

struct demo_block {
	const char *lgd_code;
	struct demo_text name;
	struct demo_text gps[20];
};

struct demo_checklist {
	const char *code;
	struct demo_text text;
};

#define DEMO_DEPARTMENTS 10
#define DEMO_CATEGORIES 13
#define DEMO_BLOCKS 3
#define DEMO_GPS_PER_BLOCK 20
#define DEMO_CHECKLIST 8
#define DEMO_NODALS 6

extern const struct demo_department demo_departments[DEMO_DEPARTMENTS];
extern const struct demo_category demo_categories[DEMO_CATEGORIES];
extern const struct demo_block demo_blocks[DEMO_BLOCKS];
extern const struct demo_checklist demo_checklist[DEMO_CHECKLIST];
extern const char *const demo_nodal_names[DEMO_NODALS];

extern const struct demo_text demo_first_names[16];
extern const struct demo_text demo_surnames[12];
extern const struct demo_text demo_senders[12];
extern const struct demo_text demo_observations[4];
extern const struct demo_text demo_suggestions[6];
extern const struct demo_text demo_notes[3];        /* interim replies */
extern const struct demo_text demo_feedback[3];
extern const struct demo_text demo_appeals[3];

#endif
