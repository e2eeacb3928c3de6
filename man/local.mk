# man: see its files
