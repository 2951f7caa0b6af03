"""Report outputs: one renderer module per format over the same computed report.

:mod:`.registry` names the formats (and the file extensions they are inferred from); each format's
module exposes ``render(ctx) -> bytes`` and is imported only when that format is asked for, so
heavy libraries (XlsxWriter) never slow down ``smkpi --help`` or the plain table. :mod:`.write`
writes files safely (never over an input, never half-written), and :mod:`.marker` recognises
smkpi's own reports so they are not read back as data.
"""
