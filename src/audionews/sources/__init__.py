"""Sources: pull a newsroom's articles from its feeds and pages into `articles/`.

`fetch.fetch_sources` reads each source (RSS 2.0, Atom, JSON Feed, or a plain article page)
through `http.PoliteClient` (conditional requests, robots.txt, a per-host limit and delay,
timeouts, retries, capped redirects and sizes), extracts each entry's page (`extract.py`) and
writes it as an article file with front matter. The same entry always lands in the same file,
so a changed page updates its file and keeps its episode's GUID.
"""
