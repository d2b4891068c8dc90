"""The wire import: wire copy -> articles, with their mentions, conference and statements.

parser (text -> WireCopy, pure), linking (mentions by normalized alias,
conference reports, attributed statements; pure over an in-memory AliasIndex),
services (the one writer: import_article, import_bytes, relink_mentions).
The import_articles and relink_mentions commands and the admin page at
/admin/import/ are thin callers of services.
"""
