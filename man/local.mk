# man: zila(1); zilad(8) is added by src/server when it lands.
dist_man_MANS += man/zila.1
# zila(1) in Hindi (NAME, SYNOPSIS and the language notes), under man/hi
himan1dir = $(mandir)/hi/man1
dist_himan1_DATA = man/hi/zila.1
