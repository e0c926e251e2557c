"""The PDFium calls the text reader makes, bound with ctypes directly.

pypdfium2 binds all of PDFium's thousand-odd functions when it is imported: 33 ms of CPU, a
seventh of ``yusuan check`` on a 23-page PDF, where reading a text layer takes eighteen of them.
They are bound here, from the library pypdfium2 ships (``pypdfium2_raw``'s, found without
importing it: the same file, so the same library in the process), and PDFium is initialised as
pypdfium2 initialises it (PDFium initialises once: whichever comes second does nothing). The
objects mirror the part of pypdfium2's helpers the reader uses, and fail with pypdfium2's
messages. Scanned pages are rendered for OCR through pypdfium2 as before.
"""

from __future__ import annotations

import ctypes
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any


class PdfiumError(RuntimeError):
    """PDFium could not open a document, a page or a page's text (pypdfium2's words)."""


class _Handle(ctypes.c_void_p):
    """A PDFium handle, kept as a pointer (a plain ``c_void_p`` result becomes an int, which a
    call without argument types would pass as a 32-bit C int)."""


class _Config(ctypes.Structure):
    """``FPDF_LIBRARY_CONFIG`` (version 2 reads the first four fields)."""

    _fields_ = (
        ("version", ctypes.c_int),
        ("m_pUserFontPaths", ctypes.POINTER(ctypes.POINTER(ctypes.c_char))),
        ("m_pIsolate", ctypes.c_void_p),
        ("m_v8EmbedderSlot", ctypes.c_uint),
        ("m_pPlatform", ctypes.c_void_p),
        ("m_RendererType", ctypes.c_int),
        ("m_FontLibraryType", ctypes.c_int),
        ("m_BrotliEnabled", ctypes.c_int),
        ("m_IsolatePerDocument", ctypes.c_int),
    )


#: pypdfium2's words for ``FPDF_GetLastError``'s codes
_ERRORS = {
    0: "Success",
    1: "Unknown error",
    2: "File access error",
    3: "Data format error",
    4: "Incorrect password error",
    5: "Unsupported security scheme error",
    6: "Page not found or content error",
}
#: ``FPDF_PAGEOBJ_IMAGE``
PAGEOBJ_IMAGE = 3


def _library_path() -> Path | None:
    spec = find_spec("pypdfium2_raw")
    if spec is None or spec.origin is None:
        return None
    name = (
        "pdfium.dll"
        if sys.platform.startswith("win")
        else "libpdfium.dylib"
        if sys.platform == "darwin"
        else "libpdfium.so"
    )
    path = (Path(spec.origin).parent / name).resolve(strict=False)
    return path if path.exists() else None


def _bind(lib: ctypes.CDLL) -> None:
    """Result and argument types: handles as :class:`_Handle`; the two per-character calls
    are left without argument types (see :func:`unchecked`)."""
    handle, c_int, c_float = _Handle, ctypes.c_int, ctypes.c_float
    c_floats = [ctypes.POINTER(ctypes.c_float)] * 4
    for name, restype, argtypes in (
        ("FPDF_InitLibraryWithConfig", None, [ctypes.POINTER(_Config)]),
        ("FPDF_LoadMemDocument64", handle, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]),
        ("FPDF_GetLastError", ctypes.c_ulong, []),
        ("FPDF_GetPageCount", c_int, [handle]),
        ("FPDF_CloseDocument", None, [handle]),
        ("FPDF_LoadPage", handle, [handle, c_int]),
        ("FPDF_ClosePage", None, [handle]),
        ("FPDF_GetPageWidthF", c_float, [handle]),
        ("FPDF_GetPageHeightF", c_float, [handle]),
        ("FPDFText_LoadPage", handle, [handle]),
        ("FPDFText_ClosePage", None, [handle]),
        ("FPDFText_CountChars", c_int, [handle]),
        ("FPDFPage_CountObjects", c_int, [handle]),
        ("FPDFPage_GetObject", handle, [handle, c_int]),
        ("FPDFPageObj_GetType", c_int, [handle]),
        ("FPDFPageObj_GetBounds", c_int, [handle, *c_floats]),
    ):
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


def _load() -> ctypes.CDLL:
    """The library pypdfium2 loads (and, like it, an ImportError where it is not)."""
    path = _library_path()
    if path is None:
        raise ImportError("PDFium: pypdfium2_raw's library not found")
    lib = ctypes.CDLL(str(path))
    _bind(lib)
    lib.FPDF_InitLibraryWithConfig(ctypes.byref(_Config(version=2, m_v8EmbedderSlot=0)))
    return lib


LIB = _load()


def unchecked(name: str, restype: Any) -> Any:
    """PDFium's ``name`` called without ctypes' conversion of each argument (most of the cost
    of asking for one character's box): a C function declared with no argument types accepts
    any, passed as they come — the caller passes a :class:`_Handle`, ints and ``byref``
    doubles, exactly the C types of PDFium's declaration."""
    address = ctypes.cast(getattr(LIB, name), ctypes.c_void_p).value
    if not address:
        raise ImportError(f"PDFium: {name}")
    return ctypes.CFUNCTYPE(restype)(address)


class TextPage:
    def __init__(self, raw: _Handle) -> None:
        self.raw = raw

    def close(self) -> None:
        if self.raw:
            LIB.FPDFText_ClosePage(self.raw)
            self.raw = _Handle()


class Page:
    def __init__(self, raw: _Handle) -> None:
        self.raw = raw

    def get_width(self) -> float:
        width: float = LIB.FPDF_GetPageWidthF(self.raw)
        return width

    def get_height(self) -> float:
        height: float = LIB.FPDF_GetPageHeightF(self.raw)
        return height

    def get_textpage(self) -> TextPage:
        raw = LIB.FPDFText_LoadPage(self.raw)
        if not raw:
            raise PdfiumError("Failed to load text page.")
        return TextPage(raw)

    def close(self) -> None:
        if self.raw:
            LIB.FPDF_ClosePage(self.raw)
            self.raw = _Handle()


class Document:
    """``pypdfium2.PdfDocument(data)``: the bytes are held while the document is open."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.raw = LIB.FPDF_LoadMemDocument64(data, len(data), None)
        if LIB.FPDF_GetPageCount(self.raw) < 1:
            code = LIB.FPDF_GetLastError()
            self.close()
            raise PdfiumError(f"Failed to load document (PDFium: {_ERRORS.get(code)}).")

    def __len__(self) -> int:
        count: int = LIB.FPDF_GetPageCount(self.raw)
        return count

    def __getitem__(self, index: int) -> Page:
        raw = LIB.FPDF_LoadPage(self.raw, index)
        if not raw:
            raise PdfiumError("Failed to load page.")
        return Page(raw)

    def close(self) -> None:
        if self.raw:
            LIB.FPDF_CloseDocument(self.raw)
            self.raw = _Handle()
