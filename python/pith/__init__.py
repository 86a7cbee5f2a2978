"""pith: finds the main article in raw HTML pages.

The Python face of the `pith <https://crates.io/crates/pith>`_ extractor,
distributed as ``pith-extract`` and imported as ``pith``. Every function
returns the records the ``pith`` command line writes, as dicts with the
same keys and values:

- :func:`extract`: one page (``bytes`` or ``str``) to one record;
- :func:`extract_many`: many pages on a thread pool, records in input order;
- :func:`read`: files, directories, JSON Lines and WARC, as the CLI reads them;
- :func:`read_warc`: the HTML pages of one WARC file, with provenance.

``pith.datatrove.PithExtractor`` is a datatrove pipeline step (it needs the
``datatrove`` package: ``pip install 'pith-extract[datatrove]'``).
"""

from ._pith import Records, __version__, extract, extract_many, read, read_warc

__all__ = ["Records", "__version__", "extract", "extract_many", "read", "read_warc"]
