# po/: the interface's translations. hi.po is compiled by msgfmt into the
# build tree (po/locale/hi/LC_MESSAGES/zila.mo, where a zila run from the
# build tree and the tests find it) and installed under $(localedir).
# `make update-po` extracts the msgids of the files in po/POTFILES into
# po/zila.pot and merges them into hi.po; tests/i18n/test_catalogue.sh
# fails when a msgid lacks its Hindi.
PO_LANGS = hi
PO_MO = $(PO_LANGS:%=po/locale/%/LC_MESSAGES/zila.mo)
XGETTEXT_OPTS = --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=zila_fail:3 --keyword=NC_:1c,2 --keyword=zila_ngettext:1,2 --keyword=cli_usage:2 --keyword=CLI_COL:2 --add-comments=TRANSLATORS --package-name=zila \
	--msgid-bugs-address= --no-wrap
EXTRA_DIST += po/POTFILES po/hi.po
all-local: $(PO_MO)
CLEANFILES += $(PO_MO)

po/locale/%/LC_MESSAGES/zila.mo: $(srcdir)/po/%.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(MSGFMT) -c -o $@.tmp $< && mv $@.tmp $@

install-data-local: install-po
install-po: $(PO_MO)
	for l in $(PO_LANGS); do \
	  $(MKDIR_P) $(DESTDIR)$(localedir)/$$l/LC_MESSAGES && \
	  $(INSTALL_DATA) po/locale/$$l/LC_MESSAGES/zila.mo $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/zila.mo || exit 1; \
	done
uninstall-local: uninstall-po
uninstall-po:
	for l in $(PO_LANGS); do rm -f $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/zila.mo; done

update-po:
	cd $(srcdir) && $(XGETTEXT) $(XGETTEXT_OPTS) -o po/zila.pot -f po/POTFILES && \
	for l in $(PO_LANGS); do $(MSGMERGE) -q --no-wrap --update --backup=none po/$$l.po po/zila.pot || exit 1; done
.PHONY: install-po uninstall-po update-po
