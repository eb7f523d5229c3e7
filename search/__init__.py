"""Site search: the reader's words, matched against the live pages of the reader's language.

``query`` turns what the reader typed into something safe to search with, ``engine`` runs
the search on the database in use and ``views`` renders the results page.
"""
