"""Type stubs of pith's native module (re-exported by ``pith``)."""

import os
from collections.abc import Iterable, Iterator
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple, Union

__version__: str

Favor = Literal["balanced", "precision", "recall"]
InputFormat = Literal["auto", "html", "jsonl", "warc"]
Html = Union[bytes, bytearray, str]
PageInput = Union[Html, Tuple[Html, Optional[str]], Mapping[str, Any]]
Path = Union[str, "os.PathLike[str]"]
Record = dict[str, Any]

class Records(Iterator[Record]):
    """Records in the order of the input pages, extracted on a thread pool."""

    def __iter__(self) -> "Records": ...
    def __next__(self) -> Record: ...

def extract(
    page: Html,
    /,
    *,
    url: Optional[str] = None,
    encoding: Optional[str] = None,
    favor: Favor = "balanced",
    comments: bool = False,
    markdown: bool = False,
    html: bool = False,
    links: bool = False,
    images: bool = False,
    now: Optional[str] = None,
) -> Record:
    """Extract the article and metadata of one page: the CLI's record as a dict."""

def extract_many(
    pages: Iterable[PageInput],
    *,
    jobs: Optional[int] = None,
    url: Optional[str] = None,
    encoding: Optional[str] = None,
    favor: Favor = "balanced",
    comments: bool = False,
    markdown: bool = False,
    html: bool = False,
    links: bool = False,
    images: bool = False,
    now: Optional[str] = None,
) -> Records:
    """Extract many pages on `jobs` threads (GIL released), records in input order."""

def read(
    inputs: Union[Path, Sequence[Path]],
    *,
    input_format: InputFormat = "auto",
    max_bytes: Optional[int] = None,
    jobs: Optional[int] = None,
    url: Optional[str] = None,
    encoding: Optional[str] = None,
    favor: Favor = "balanced",
    comments: bool = False,
    markdown: bool = False,
    html: bool = False,
    links: bool = False,
    images: bool = False,
    now: Optional[str] = None,
) -> Records:
    """Read files, directories, JSON Lines and WARC as the CLI does: its records."""

def read_warc(
    path: Path,
    *,
    max_bytes: Optional[int] = None,
    jobs: Optional[int] = None,
    url: Optional[str] = None,
    encoding: Optional[str] = None,
    favor: Favor = "balanced",
    comments: bool = False,
    markdown: bool = False,
    html: bool = False,
    links: bool = False,
    images: bool = False,
    now: Optional[str] = None,
) -> Records:
    """The HTML pages of one WARC file, with the CLI's provenance fields."""
