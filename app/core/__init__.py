"""The shared kernel: imports no feature package."""
