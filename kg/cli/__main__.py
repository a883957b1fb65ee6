"""``python -m kg.cli``: the ``kg`` command without its installed script."""

from kg.cli import main

if __name__ == "__main__":  # not when pytest imports it to collect doctests
    main()
