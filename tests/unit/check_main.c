/* check_main.c: runs every suite of suites.h. CK_FORK=no runs them in one
 * process, for gdb or valgrind. An argument limits the run to suites whose
 * name contains it. */
#include <check.h>
#include <locale.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"

#define X(fn) Suite *fn(void);
TEST_SUITE_LIST(X)
#undef X

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (sodium_init() < 0)
		return 1;
	SRunner *sr = NULL;
#define X(fn) \
	do { \
		Suite *s = fn(); \
		if (argc < 2 || strstr(#fn, argv[1])) { \
			if (!sr) \
				sr = srunner_create(s); \
			else \
				srunner_add_suite(sr, s); \
		} \
	} while (0);
	TEST_SUITE_LIST(X)
#undef X
	if (!sr)
		return 77;
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
