"""A datatrove extractor step that runs pith.

``PithExtractor`` follows datatrove's extractor interface (it subclasses
``datatrove.pipeline.extractors.base.BaseExtractor``), so it takes the place
of datatrove's ``Trafilatura`` step in a pipeline such as
``WarcReader -> PithExtractor -> JsonlWriter``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from pith.datatrove import PithExtractor

    LocalPipelineExecutor(
        pipeline=[WarcReader("crawl/"), PithExtractor(), JsonlWriter("out/")],
        tasks=1,
    ).run()

Like every datatrove extractor, each document is extracted in a forked
sandbox process with a per-document ``timeout``; a document whose article
is empty (or whose page pith cannot read) is dropped. Unlike the base step,
pith is also given the document's URL (``metadata["url"]``, which
``WarcReader`` fills in), and what pith found about the page is added to
the document's metadata (``metadata_fields``: title, authors, dates,
site name, language, ...), so nothing needs a second parse downstream.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

#: The record fields copied into a document's metadata by default.
DEFAULT_METADATA_FIELDS = (
    "title",
    "authors",
    "date_published",
    "date_modified",
    "sitename",
    "description",
    "language",
    "page_type",
)


class PithExtractor(BaseExtractor):
    """Extracts the article of each document's HTML (``doc.text``) with pith.

    Args:
        favor: ``"balanced"``, ``"precision"`` or ``"recall"`` (pith's
            ``--favor``).
        markdown: make ``doc.text`` the article as markdown instead of plain
            text.
        links: keep hyperlinks in the markdown.
        images: keep images in the markdown.
        comments: also extract reader comments into
            ``metadata["comments"]``.
        metadata_fields: record fields copied into ``doc.metadata`` when
            pith found them (``None`` values are left out).
        timeout: per-document time limit in seconds, as in datatrove's
            other extractors.
    """

    name = "🪨 pith"
    _requires_dependencies = [("pith", "pith-extract")]

    def __init__(
        self,
        favor: str = "balanced",
        markdown: bool = False,
        links: bool = False,
        images: bool = False,
        comments: bool = False,
        metadata_fields: Iterable[str] = DEFAULT_METADATA_FIELDS,
        timeout: float = 1.0,
    ):
        super().__init__(timeout)
        if favor not in ("balanced", "precision", "recall"):
            raise ValueError(f'favor must be "balanced", "precision" or "recall", not {favor!r}')
        self.favor = favor
        self.markdown = markdown
        self.links = links
        self.images = images
        self.comments = comments
        self.metadata_fields = tuple(metadata_fields)

    def record(self, text: str, url: Optional[str] = None) -> dict[str, Any]:
        """pith's record for one page (the HTML as ``str``) and its URL."""
        # Imported here, in the sandbox process, as datatrove's extractors
        # import their libraries.
        import pith

        return pith.extract(
            text,
            url=url,
            favor=self.favor,
            markdown=self.markdown,
            links=self.links,
            images=self.images,
            comments=self.comments,
        )

    def extract(self, text: str, url: Optional[str] = None) -> str:
        """The article of one page as text (markdown with ``markdown=True``)."""
        record = self.record(text, url)
        return (record.get("markdown") if self.markdown else record["text"]) or ""

    def _extract_for_doc(self, text: str, url: Optional[str] = None) -> tuple[str, dict[str, Any]]:
        """Runs in the sandbox: the article and the metadata to add."""
        record = self.record(text, url)
        article = (record.get("markdown") if self.markdown else record["text"]) or ""
        found = {name: record[name] for name in self.metadata_fields if record.get(name) is not None}
        if self.comments:
            found["comments"] = record.get("comments") or []
        return article, found

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Extracts every document in the sandbox, passing its URL along."""
        with ExtractorSandbox(timeout=self.timeout, warmup_text="") as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    try:
                        url = doc.metadata.get("url")
                        article, found = sandbox.process_document(
                            (doc.text, url if isinstance(url, str) else None), self._extract_for_doc
                        )
                        self.stat_update("extracted")
                    except TimeoutError:
                        self.stat_update("timeout")
                        logger.warning("⏰ Timeout while extracting a document with pith. Skipping it.")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        logger.warning("The pith sandbox process died; a new one takes the next document")
                        continue
                    except Exception as e:  # noqa: BLE001 - as datatrove's base step: count, skip
                        self.stat_update("clean_error")
                        if not self._warned_error:
                            logger.warning(f'❌ Error "{e}" while extracting with pith. Skipping record. (shown once)')
                            self._warned_error = True
                        continue
                if article:
                    doc.text = article
                    doc.metadata.update(found)
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self.stat_update(StatHints.dropped)
