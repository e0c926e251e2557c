"""yusuan's own data files (profiles, layouts, the vocabulary, catalogs, schemes), found beside
its modules.

``importlib.resources.files`` imports tempfile, shutil, zipfile, bz2 and lzma (12 ms of CPU, a
twentieth of ``yusuan check`` on a PDF) to serve packages inside zip files; yusuan is installed
as folders (from its wheel, or a checkout), where the answer is the package's folder.
:func:`files` gives that folder, and asks importlib.resources only for a package that is not
one (a zip import).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


def files(package: str = "yusuan") -> Traversable:
    """``importlib.resources.files(package)`` for a package of yusuan."""
    module = sys.modules.get(package) or importlib.import_module(package)
    where = getattr(module, "__file__", None)
    if where is not None and (folder := Path(where).parent).is_dir():
        return folder
    from importlib import resources

    return resources.files(package)
