# src/server: see its files
