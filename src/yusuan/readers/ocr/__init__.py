"""Reading scanned pages: Tesseract run on prepared page images, its words refined.

:mod:`.pages` reads the pages of a scan (``ocr_pages``, the ``PAGES`` hand-off a cluster
uses); :mod:`.tesseract` runs the engine; :mod:`.image` prepares a page image, :mod:`.upright`
turns it upright, :mod:`.glyphs` marks glyphs read with low confidence, :mod:`.text` cleans the
words, :mod:`.lexicon` corrects them from the budget's words, :mod:`.refine` re-reads doubtful
numbers. Nothing is imported here: the check path of a text PDF imports only :mod:`.tesseract`.
"""
