"""Pictures members post: download (``fetch``), read (``ocr``), recognise again (``phash``)."""
