"""Sentiment from comment text, offline: a Thai character n-gram model and VADER for English.

Imported only when a text needs labelling (``smkpi --help`` and reports over labelled comments
never load numpy or the model). Entry points: :func:`smkpi.sentiment.infer.label_texts` for texts,
:mod:`smkpi.sentiment.fill` for the loader and the report.
"""
