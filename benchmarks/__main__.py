"""`python -m benchmarks`: see benchmarks/run.py."""
from .run import main

if __name__ == "__main__":  # the client processes import this module again (spawn)
    raise SystemExit(main())
