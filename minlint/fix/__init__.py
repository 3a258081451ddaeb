"""`minlint fix`: write the minimized copy that passes the policy, and say what changed.

plan.py chooses transformations from violations and risk; transforms.py holds them as polars
expressions; kanon.py generalises until k-anonymous; pseudonym.py keys HMAC pseudonyms;
writer.py writes the input's format; changelog.py reports per column; fixer.py runs it all and
verifies the copy with the real scan before moving it into place.
"""
