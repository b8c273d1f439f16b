"""The pain journal: a TOML file the user owns, written so it is never lost or torn.

- :mod:`.entry`: one rating (:class:`~.entry.Entry`), checked field by field, and the
  reading of version 0 entries;
- :mod:`.parse`: a journal file's bytes to validated entries, every problem located;
- :mod:`.writer`: entries to TOML text in the journal's canonical layout;
- :mod:`.store`: the file itself (:class:`~.store.JournalStore`), with its lock and
  atomic writes.
"""
