/* check_main.c: runs every suite of suites.h. CK_FORK=no runs them in one
 * process, for gdb or valgrind. An argument runs only the suite of that
 * name (as given to suite_create: grievance, letter_query, ...). */
#include <check.h>
#include <locale.h>
#include <sodium.h>
#include <stdlib.h>
#include "suites.h"
#include "testlib.h"

#define X(fn) Suite *fn(void);
TEST_SUITE_LIST(X)
#undef X

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (sodium_init() < 0)
		return 1;
	testlib_init();
	/* every suite goes into the runner, which owns and frees them; a name
	 * picks which run, so a filtered run leaks nothing under LeakSanitizer */
	SRunner *sr = srunner_create(NULL);
#define X(fn) srunner_add_suite(sr, fn());
	TEST_SUITE_LIST(X)
#undef X
	srunner_run(sr, argc > 1 ? argv[1] : NULL, NULL, CK_NORMAL);
	int run = srunner_ntests_run(sr);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (run == 0)
		return 77; /* no suite of that name */
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
