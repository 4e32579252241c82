"""`kxdt export` and `kxdt new-issue`."""
