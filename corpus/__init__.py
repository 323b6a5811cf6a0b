"""The SQLite corpus: schema, loading, publication, and the `meetings` command line."""
