#!/usr/bin/env python
from zhaoshang.cli import main

if __name__ == "__main__":
    main()
