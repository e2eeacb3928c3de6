# bench: see its files
