"""Files in and out, below every stage: what a reader may take from one file (`limits`, each bound
with the error it raises) and writing without losing anything (`files`: no overwrite without
force, temp file + rename)."""
