"""Narrative algebra: what the prose states, checked against itself — no table needed.

Each rule reads the figures of :mod:`yusuan.recognize.prose` (subjects matched through the
budget vocabulary) and compares numbers at the precision they were printed with; a percentage
cut instead of rounded, or off by one in its last digit from independently rounded amounts, is
尾差 (info). With tables present, the N/J rules also compare the same sentences with them.
"""
