/* cmd_pending.c: TEMPORARY while the module commands are written; each
 * module removes its command from here as it lands. */
#include <stdio.h>
#include "cli.h"

#define PENDING_CMD(fn) \
	int cmd_##fn(struct cli *c, int argc, char **argv) \
	{ (void)c; (void)argc; fprintf(stderr, "zila: %s is not built yet\n", argv[0]); return CLI_REFUSED; }

PENDING_CMD(demo)
