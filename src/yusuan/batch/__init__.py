"""A corpus in one command: many documents checked in parallel, on this machine or a Dask
cluster, results streamed to a summary workbook and a Parquet file of findings.

``inputs`` (files, folders, patterns) → ``run`` (read, digest, skip what ``--resume`` finds
done, hand out a few documents at a time) → a backend, ``local`` (processes) or ``cluster``
(Dask), each running ``work`` (read + check one document → a small result) → the ``journal``
→ ``summary`` (XLSX) and ``parquet``; ``progress`` is the bar, ``command`` the ``check``
command's behaviour, ``stats`` the corpus statistics over a Parquet file.
"""
