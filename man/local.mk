# man: zila(1); zilad(8) is added by src/server when it lands.
dist_man_MANS += man/zila.1
