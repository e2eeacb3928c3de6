# bench: benchmarks with their own numbers, not timed tests (not in make
# check). bench/core runs bench/bench_core on a demo database.
noinst_PROGRAMS += bench/bench_core
bench_bench_core_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_core_SOURCES = bench/bench_core.c
bench_bench_core_LDADD = $(CORE_LIBS)
EXTRA_DIST += bench/core
# bench/sync's real work: grievance actions in a counter's mix
noinst_PROGRAMS += bench/bench_work
bench_bench_work_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_work_SOURCES = bench/bench_work.c
bench_bench_work_LDADD = $(CORE_LIBS)
EXTRA_DIST += bench/sync
EXTRA_DIST += bench/blobs
# bench/tui: the full-screen program's figures (a pty driver in Python)
EXTRA_DIST += bench/tui bench/tui_pty.py
# bench/command: one zila command beside sqlite3 running its SQL (wall, memory)
EXTRA_DIST += bench/command
# bench/triage: suggested routing: accuracy held out and on hand-written
# grievances, time per suggestion, model size
noinst_PROGRAMS += bench/bench_triage
bench_bench_triage_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_triage_SOURCES = bench/bench_triage.c
bench_bench_triage_LDADD = $(CORE_LIBS)
EXTRA_DIST += bench/triage
# bench/election: 20,000 officials and 2,500 stations randomised (< 2 s)
noinst_PROGRAMS += bench/bench_election
bench_bench_election_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_election_SOURCES = bench/bench_election.c
bench_bench_election_LDADD = $(CORE_LIBS)
EXTRA_DIST += bench/election
