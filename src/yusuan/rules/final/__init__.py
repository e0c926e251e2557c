"""决算 narrative rules, one module for each kind of thing a sentence states: rates and
shares, growth on a base, counts, 政府采购, 类（款）项 lines (standards §1.4)."""
