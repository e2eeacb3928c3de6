# Migrations are numbered SQL files embedded into the binaries.
MIGRATIONS = db/001_init.sql db/002_report_indexes.sql db/003_inspection_paging.sql db/004_letter_paging.sql db/005_sync.sql db/006_letter_status.sql db/007_grievance_paging.sql db/008_session.sql db/009_triage.sql db/010_converge.sql db/011_open311.sql db/012_mobile.sql db/013_user_lang.sql db/014_notify.sql db/015_redated.sql db/016_blob_grant.sql db/017_sync_stale.sql db/018_status_code.sql db/019_user_keys.sql db/020_server_signed.sql db/021_election.sql db/022_held_request.sql db/023_fts_unchanged.sql db/024_election_inputs.sql db/025_compact_disk.sql db/026_check_lists.sql db/027_user_chain.sql db/028_enrolment.sql db/029_event_derived.sql
EXTRA_DIST += db/embed.sh $(MIGRATIONS)
BUILT_SOURCES += db/migrations.c
CLEANFILES += db/migrations.c

db/migrations.c: $(MIGRATIONS) db/embed.sh
	$(AM_V_GEN)mkdir -p db && $(SHELL) $(srcdir)/db/embed.sh $@ $(MIGRATIONS:%=$(srcdir)/%)
