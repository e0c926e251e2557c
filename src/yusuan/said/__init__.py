"""What a budget says, below the rules, publishing and the template: the quantities a table
states by name (:mod:`~yusuan.said.quantities`), the quantity a sentence of the narrative speaks
of (:mod:`~yusuan.said.resolve`), the 情况说明 drafted from the numbers
(:mod:`~yusuan.said.draft`) and the largest-remainder rounding that keeps printed parts adding
up to their totals (:mod:`~yusuan.said.rounding`).

It imports the model, the budget language and recognition (a drafted text is read back into
figures), nothing from rules, publishing, the template, the web or the command line
(``tests/test_architecture.py``)."""
