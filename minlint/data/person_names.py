"""The person-name dictionary behind the PERSON validator, built from Faker's locale data.

Importing Faker's 85 person providers took about a second of every cold scan, so the folded
names are stored once, sorted, in ``person_names.json.gz`` beside this module, and read in
milliseconds. Rebuild after upgrading Faker:

    python -m minlint.data.person_names
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import unicodedata
from pathlib import Path

STORED = Path(__file__).with_name("person_names.json.gz")

# Faker's locales keep their names under different attributes: pl_PL's family names are
# `unisex_last_names` and `male_last_names` (its female forms derive from them), sv_SE's are
# `last_names`. Reading only `last_names` left every Polish surname unknown.
GIVEN_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_unisex",
                         "first_names_nonbinary")
FAMILY_NAME_ATTRIBUTES = ("last_names", "last_names_male", "last_names_female", "last_names_unisex",
                          "last_names_nonbinary", "unisex_last_names", "male_last_names")


def fold(token: str) -> str:
    """Lower case without accents (`Müller` -> `muller`); other scripts (李, 김) stay as they are."""
    decomposed = unicodedata.normalize("NFKD", token)
    # NFC puts Hangul syllables back together (NFKD splits them into jamo).
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c))).lower()


def is_east_asian(token: str) -> bool:
    return any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in token)


def _name_locales() -> list[str]:
    """Every locale Faker keeps person names for (Indian, Vietnamese, Nigerian, Greek... as well
    as the European ones): a patient list is as international as its city. Not `en`, Faker's
    fallback list, with placeholder entries ("Unknown", "Male") beside names."""
    import faker.providers.person

    modules = pkgutil.iter_modules(faker.providers.person.__path__)
    return sorted(module.name for module in modules if module.name != "en")


def _provider_names(locale: str, attribute: str) -> list[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names = getattr(provider, attribute, ())
    # Lists, tuples or {name: weight} dicts; a few locales compute some attributes (properties).
    return list(names) if isinstance(names, (list, tuple, dict)) else []


def _folded(attributes: tuple[str, ...]) -> list[str]:
    names = {fold(n) for locale in _name_locales() for a in attributes for n in _provider_names(locale, a)}
    return sorted(n for n in names if len(n) > 1 or is_east_asian(n))


def build() -> dict[str, object]:
    import faker

    return {
        "source": f"Faker {faker.VERSION} person providers, every locale but en; folded, sorted",
        "given": _folded(GIVEN_NAME_ATTRIBUTES),
        "family": _folded(FAMILY_NAME_ATTRIBUTES),
    }


def load() -> dict[str, object]:
    with gzip.open(STORED, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def main() -> None:
    document = json.dumps(build(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0: the same names give the same bytes (a reproducible file in the repository).
    with open(STORED, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        stream.write(document.encode("utf-8"))
    print(f"{STORED}: {len(document):,} characters before compression")


if __name__ == "__main__":
    main()
