"""Checks a regex cannot express: checksums (python-stdnum), phone plans (phonenumbers), names.

Each validator takes one candidate string (already matched by the entity's pattern) and returns
whether it is a real instance. They run on bounded, deterministic samples of matching distinct
values, so they may be plain Python.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from functools import lru_cache

import phonenumbers
import regex
from stdnum import iban, imei, luhn, verhoeff
from stdnum.at import vnr
from stdnum.be import nn as be_nn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.ch import ssn as ch_ahv
from stdnum.cl import rut
from stdnum.cn import ric
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.gr import amka
from stdnum.id import nik
from stdnum.il import idnr as il_idnr
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.jp import in_ as jp_individual_number
from stdnum.mx import curp, rfc
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.ro import cnp
from stdnum.ru import inn
from stdnum.se import personnummer
from stdnum.th import pin as th_pin
from stdnum.tr import tckimlik
from stdnum.us import itin, rtn, ssn

from minlint.data import person_names

_NON_DIGITS = re.compile(r"\D")
# Letters and the combining marks that Indic scripts write vowels with (`राहुल`): without the
# marks a Hindi, Bengali or Tamil name fell apart into single letters.
_NAME_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['-][\p{L}\p{M}]+)*")

# Regions tried for numbers written without a country code: the export's likely origins.
_PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "CA", "AU", "IT", "NL", "CH", "AT", "CN", "JP", "KR")
_SSN_SPACED = re.compile(r"\d{3} \d{2} \d{4}")


def us_ssn(value: str) -> bool:
    """An SSN (area not 000/666/9xx, group not 00, serial not 0000, not a known advertising
    number) or an ITIN, the IRS number in the same layout for persons without an SSN (area
    9xx, groups 50-65, 70-88, 90-92, 94-99): real SSN columns hold both, and an ITIN
    identifies a person as well. Random nine digits still fail about 7% of the time.
    Spaces stand for the dashes (`123 45 6789`), which stdnum does not read."""
    number = value.strip().replace(" ", "-") if _SSN_SPACED.fullmatch(value.strip()) else value
    return ssn.is_valid(number) or itin.is_valid(number)


def us_ssn_in_text(value: str) -> bool:
    """An SSN or ITIN found in text, dashed (`123-45-6789`) or after its label (`SSN 123456789`)."""
    digits = _NON_DIGITS.sub("", value)
    return len(digits) == 9 and us_ssn(digits)


def spread_over_ssn_areas(sample: tuple[str, ...]) -> bool:
    """SSN-shaped sampled values come from many area numbers (the first three digits).

    SSN areas were assigned by state and are randomised since 2011: a column of SSNs spans
    hundreds of them, while sequential 9-digit order or invoice numbers share a few prefixes.
    """
    areas = {_NON_DIGITS.sub("", v)[:3] for v in sample if len(_NON_DIGITS.sub("", v)) == 9}
    candidates = sum(1 for v in sample if len(_NON_DIGITS.sub("", v)) == 9)
    return len(areas) >= min(20, max(1, candidates // 3))


def routing_numbers(sample: tuple[str, ...]) -> bool:
    """Most sampled nine-digit values pass the ABA routing-number checksum, which random
    digits and SSNs pass one time in ten: a column of bank routing numbers."""
    candidates = [digits for v in sample if len(digits := _NON_DIGITS.sub("", v)) == 9]
    return len(candidates) >= 10 and sum(1 for d in candidates if rtn.is_valid(d)) >= 0.9 * len(candidates)


# National identity numbers with a check digit in python-stdnum: IT, ES, FR, NL, DE, BR, CA,
# IN, CN, DK, SE, NO, FI, PL, TR, MX, BE (national register number), CH (AHV/AVS number).
_NATIONAL_IDS = (codicefiscale, dni, nie, nir, bsn, idnr, cpf, sin, aadhaar, ric, cpr, personnummer,
                 fodselsnummer, hetu, pesel, tckimlik, curp, be_nn, ch_ahv)
# Checked only under a national id name: their layouts (bare digits, a dash before the check
# digit) are too common among other codes to read them from values alone. Mexico's RFC, Chile's
# RUT, Japan's My Number, Romania's CNP, Greece's AMKA, Israel's Teudat Zehut, Thailand's PIN,
# Indonesia's NIK, Russia's INN, Austria's social insurance number.
_NAMED_NATIONAL_IDS = (rfc, rut, jp_individual_number, cnp, amka, il_idnr, th_pin, nik, inn, vnr)


def _cn_resident_id(value: str) -> bool:
    """Chinese resident id by its ISO 7064 MOD 11-2 check digit and birth date (GB 11643-1999).

    stdnum's `ric` also looks the first six digits up in its snapshot of county codes; counties
    are merged and renumbered every year, so ids issued under current codes would fail it.
    """
    number = value.strip().upper()
    if not (len(number) == 18 and number[:17].isdigit() and number[17] in "0123456789X"):
        return False
    try:
        ric.get_birth_date(number)
    except Exception:  # noqa: BLE001 - an impossible birth date is a "no"
        return False
    return ric.calc_check_digit(number) == number[17]


# UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, suffix A-D.
# The first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; a few
# pairs are never issued. No check digit: random codes of its shape pass about one in twelve.
_NINO = re.compile(r"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])")
_NINO_NEVER_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# Under a national id name, the shapes whose generated values fail the checks: Faker's en_GB
# numbers carry HMRC's placeholder prefix `ZZ` and any suffix, and its Aadhaar numbers fail
# the Verhoeff check nine times in ten (and may start with 0 or 1, which UIDAI never issues);
# its Korean resident numbers hold an impossible birth date (month 00) one time in eight.
_NINO_SHAPE = re.compile(r"[A-Z]{2}\d{6}[A-Z]")
_AADHAAR_SHAPE = re.compile(r"\d{12}")


def uk_nino(value: str) -> bool:
    """A UK National Insurance number by its issuing rules (spaces allowed)."""
    match = _NINO.fullmatch(value.replace(" ", "").upper())
    return match is not None and match.group(1) not in _NINO_NEVER_ISSUED


def national_id(value: str) -> bool:
    """A valid national identity number of some country (its own check digit passes)."""
    return _cn_resident_id(value) or uk_nino(value) or kr_resident_number(value) or _valid_in_any(_NATIONAL_IDS, value)


_KR_RRN = re.compile(r"(\d{2})(\d{2})(\d{2})-?([1-8])\d{6}")
_KR_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}


def kr_resident_number(value: str) -> bool:
    """Korean resident registration number: a birth date, then a digit for century and sex.

    Numbers issued since October 2020 end in six random digits, with no region code and no
    check digit (stdnum's `kr.rrn` checks the old one), so the date is what can be checked;
    random digits of the layout hold a calendar date about one time in thirty.
    """
    match = _KR_RRN.fullmatch(value.strip())
    if not match:
        return False
    year, month, day, century = match.groups()
    return _calendar_date(_KR_CENTURY[century] + int(year), int(month), int(day))


def _valid_in_any(modules, value: str) -> bool:
    for module in modules:
        try:
            if module.is_valid(value):
                return True
        except Exception:  # noqa: BLE001 - a validator's odd input handling is a "no"
            continue
    return False


def national_id_named(value: str) -> bool:
    """Under a national id column name: a valid number, a US SSN, or the shape of a UK
    National Insurance or an Aadhaar number (the name says what the shape is)."""
    compact = value.replace(" ", "").replace("-", "").upper()
    shaped = _NINO_SHAPE.fullmatch(compact) or _AADHAAR_SHAPE.fullmatch(compact) or _KR_RRN.fullmatch(value.strip())
    # A US SSN in its layout: Faker's `ssn()` writes one for locales it has no number for.
    return (
        bool(shaped or _SSN_LAYOUT.fullmatch(value.strip()) and us_ssn(value))
        or national_id(value)
        or _valid_in_any(_NAMED_NATIONAL_IDS, value)
    )


# Labels that name a national identity number in text (`DNI 31939071Y`, `NIR 1 84 12 76 451
# 089 46`): the search for such numbers (minlint.detect.entities) needs the label, and the
# check reads the number after it.
NATIONAL_ID_LABEL = (
    r"(?i:dni|nie|nif|nir|n° ?sécu|no sécu|numéro de sécurité sociale|sécurité sociale|insee"
    r"|bsn|burgerservicenummer|pesel|cpr|cpr-nr|personnummer|fødselsnummer|fodselsnummer|hetu"
    r"|steuer-?id|idnr|steueridentifikationsnummer|sin|aadhaar|cpf|codice fiscale|c\.f\.|cf"
    r"|tc kimlik|t\.c\. kimlik|tckn|身份证号码|身份证号|身份证|주민등록번호|주민번호)"
    r"\.?(?: ?(?:no|nr|n°|#)\.?)? ?[:#]? ?"  # `DNI:`, `BSN nr.`, `NIR : `
)
_NATIONAL_ID_LABEL = re.compile(r"^[^\w-]?" + NATIONAL_ID_LABEL + r"[:：]? ?")


def national_id_in_text(value: str) -> bool:
    """A national identity number found in text, after its label when it has one."""
    return national_id(_NATIONAL_ID_LABEL.sub("", value, count=1))


# Month names and abbreviations in the languages of minlint's column names, for dates written
# with words (`2. April 1961`, `2 de abril de 1961`, `12 mars 1987`): month number by word.
_MONTH_WORDS = {
    1: "jan january januar jänner janvier enero ene gennaio gen janeiro januari stycznia styczen ocak",
    2: "feb february februar février fevrier fév fev febrero febbraio fevereiro februari lutego luty şubat subat",
    3: "mar march märz maerz mär mars marzo março marco maart marca marzec mart",
    4: "apr april avril avr abril abr aprile kwietnia kwiecien nisan",
    5: "may mai mayo maggio mag maio mei maja maj mayıs mayis",
    6: "jun june juni juin junio giugno giu junho czerwca czerwiec haziran",
    7: "jul july juli juillet juil julio luglio lug julho lipca lipiec temmuz",
    8: "aug august août aout agosto ago augustus sierpnia sierpien ağustos agustos",
    9: "sep sept september septembre septiembre settembre set setembro wrzesnia września wrzesien eylül eylul",
    10: "oct october oktober okt octobre octubre ottobre ott outubro out października pazdziernika ekim",
    11: "nov november novembre noviembre novembro listopada listopad kasım kasim",
    12: "dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro grudnia grudzien aralık aralik",
}
MONTH_NUMBER = {word: month for month, words in _MONTH_WORDS.items() for word in words.split()}
# For patterns: longest first, so that `juillet` is tried before `jul`.
MONTH_WORD = "(?i:" + "|".join(sorted(MONTH_NUMBER, key=lambda w: (-len(w), w))) + ")"
_DATE_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]+")


def _calendar_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1870 <= year <= 2100


# YYYYMMDD, and HL7's YYYYMMDDHHMM[SS[.S]][+/-ZZZZ] (whose time the pattern has checked).
_COMPACT_DATE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2}(?:\.\d{1,4})?)?(?:[+-]\d{4})?)?\s*")
_FIRST_SEPARATOR = re.compile(r"\s*\d{1,2}([./-])")
_PADDED_DOTTED = re.compile(r"\d{2}\.\d{2}\.\d{2}")


def calendar_date(value: str) -> bool:
    """A value of a date pattern that is a calendar date. Day and month are read either way
    round, except with dots: `15.03.1987` is day first wherever dots separate a date (and
    `2024.05.03` year first), so a column of software versions (`3.14.27`, `1.2.33`) is
    mostly no date at all."""
    lowered = value.lower()
    if compact := _COMPACT_DATE.fullmatch(value):
        return _calendar_date(*(int(part) for part in compact.groups()))
    numbers = [int(n) for n in _DATE_NUMBERS.findall(value)]
    month_word = next((MONTH_NUMBER[w] for w in _WORDS.findall(lowered) if w in MONTH_NUMBER), None)
    if month_word and len(numbers) >= 2:
        if numbers[0] > 31:  # 1962 Feb 14
            return _calendar_date(numbers[0], month_word, numbers[1])
        # 14 Feb 1962, Feb 14, 1962; with two digits the year is the second (Oracle's 14-FEB-62).
        day, year = numbers[0], numbers[1]
        return any(_calendar_date(y, month_word, day) for y in ((year,) if year > 99 else (1900 + year, 2000 + year)))
    if len(numbers) < 3:
        return False
    a, b, c = numbers[:3]
    if a > 31:  # 1962-03-14, 1962/03/14, 2024-05-03T10:00Z
        return _calendar_date(a, b, c)
    years = (c,) if c > 99 else (1900 + c, 2000 + c)
    separator = _FIRST_SEPARATOR.match(value)
    if separator and separator.group(1) == "." and c <= 99 and not _PADDED_DOTTED.fullmatch(value.strip()):
        return False  # `2.5.15` is a version; a dotted date with a two-digit year pads (02.05.15)
    orders = ((a, b),) if separator and separator.group(1) == "." else ((a, b), (b, a))
    return any(_calendar_date(y, m, d) for y in years for d, m in orders)


# Dates written as numbers: Unix seconds or milliseconds, Excel serial days (10000 is 1927,
# 79999 is 2119); a month of a year (1961-04, 04/1961).
DATE_NUMBER = r"-?\d{9,10}|-?\d{12,13}|[1-7]\d{4}(?:\.\d+)?"
YEAR_MONTH = r"(?:18|19|20)\d{2}[-/.](\d{1,2})|(\d{1,2})[-/.](?:18|19|20)\d{2}"
_DATE_NUMBER = re.compile(DATE_NUMBER)
_YEAR_MONTH = re.compile(YEAR_MONTH)


def date_named(value: str) -> bool:
    """Under a date column name: a calendar date, a month of a year, or a date as a number."""
    if calendar_date(value) or _DATE_NUMBER.fullmatch(value.strip()):
        return True
    year_month = _YEAR_MONTH.fullmatch(value.strip())
    return year_month is not None and 1 <= int(year_month.group(1) or year_month.group(2)) <= 12


def birth_date_in_text(value: str) -> bool:
    """A date after a birth label (`DOB: 03/14/1962`, `geb. 14.03.1962`) that is a calendar date
    (``calendar_date``: the label stands before the numbers, so either order is read)."""
    return calendar_date(value)


def icd10_like_column(sample: tuple[str, ...]) -> bool:
    """Sampled codes look like diagnoses, not site or lot codes of the same shape: several
    chapters (initial letters), or subcategories after a dot."""
    if not sample or all(_PLATE_WELL.fullmatch(v) for v in sample):
        return False
    chapters = {v[:1] for v in sample}
    dotted = sum(1 for v in sample if "." in v) / len(sample)
    return len(chapters) >= 3 or dotted >= 0.2


# Positions on 96- and 384-well plates (A01-H12, A01-P24), which biobank exports list beside
# every sample: a letter and two digits, as ICD-10 categories are written.
_PLATE_WELL = re.compile(r"[A-P](?:0[1-9]|1\d|2[0-4])")


# American Express's issuer prefixes (ISO/IEC 7812); no IMEI reporting body is numbered 34 or 37.
_AMEX_PREFIXES = ("34", "37")


def luhn_digits(value: str) -> bool:
    """A payment card number: 12-19 digits passing Luhn (ISO/IEC 7812). Of 15 digits only
    American Express (34, 37) issues cards; a 15-digit Luhn number starting 35 or 86 is an IMEI."""
    digits = _NON_DIGITS.sub("", value)
    if len(digits) == 15 and not digits.startswith(_AMEX_PREFIXES):
        return False
    return 12 <= len(digits) <= 19 and luhn.is_valid(digits)


_CARD_GROUPS = re.compile(r"\d{4}([ -]?)\d{4}([ -]?)\d{4}([ -]?)\d{4}|3[47]\d{2}([ -]?)\d{6}([ -]?)\d{5}")


def card_in_text(found: str) -> bool:
    """A card number found in text: four groups of four digits (American Express: 4-6-5), one
    separator throughout (`4111 1111 1111 1111`, `4111-1111-…`, or none), not continued by a
    dashed group (a UUID); a Mastercard 2-series number lies in 2221-2720 (ISO/IEC 7812)."""
    if re.search(r"-\w$", found):
        return False
    groups = _CARD_GROUPS.search(found)
    if groups is None or len({g for g in groups.groups() if g is not None}) != 1:
        return False
    digits = _NON_DIGITS.sub("", groups.group(0))
    if digits.startswith("2") and not 2221 <= int(digits[:4]) <= 2720:
        return False
    return luhn_digits(digits)


def iban_code(value: str) -> bool:
    return iban.is_valid(value)


_IMEI = re.compile(r"(?i:imei(?: ?(?:no|number|#))?\.?[:#]? ?)?(\d{2}-?\d{6}-?\d{6}-?\d)")


def account_username(value: str) -> bool:
    """A login name: 3 to 32 characters, one letter at least, no spaces (`jsmith`, `kevin.42`)."""
    text = value.strip()
    return 3 <= len(text) <= 32 and " " not in text and any(ch.isalpha() for ch in text)


# A MAC written with dashes or dots: six pairs of digits alone are a time or a date
# (`12-05-20-10-30-00`); twelve random hex digits hold a letter 996 times in 1,000.
_MAC_DASHED_OR_DOTTED = re.compile(r"[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}")


def device_identifier(value: str) -> bool:
    """An IMEI (15 digits, plain, grouped or after its label) passes its Luhn check digit
    (3GPP TS 23.003) and is not an American Express card number, which is Luhn-valid and 15
    digits long too; a MAC with dashes or dots holds a hex letter; other MAC addresses and
    serial numbers have no check to fail."""
    text = value.strip()
    if _MAC_DASHED_OR_DOTTED.fullmatch(text):
        return any(c in "abcdefABCDEF" for c in text)
    match = _IMEI.fullmatch(text)
    if match is None:
        return True
    return imei.is_valid(match.group(1)) and not match.group(1).startswith(_AMEX_PREFIXES)


def device_identifier_named(value: str) -> bool:
    """Under a device column name: a device identifier holding a digit (`device_type` columns
    hold `glucometer`, `smartwatch`: kinds of device, not devices)."""
    return any(c.isdigit() for c in value) and device_identifier(value)


# Vehicle identification number (ISO 3779; North American check digit, 49 CFR 565.15):
# letters transliterate to digits, each position has a weight, and the weighted sum modulo 11
# is the ninth character (10 written `X`). python-stdnum has no VIN module.
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """The ninth character a 17-character VIN must carry (`0`-`9` or `X`)."""
    remainder = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS)) % 11
    return "X" if remainder == 10 else str(remainder)


def vin(value: str) -> bool:
    """A 17-character VIN whose check digit (position 9) is valid.

    Random 17-character codes pass about one time in eleven: order codes and serials of that
    length do not make a column of VINs. The model-year code (position 10, never U, Z or 0 in
    North America, 49 CFR 565.15) is not checked: ISO 3779 leaves that position to the maker
    elsewhere, and one VIN in eleven that Faker writes has U, Z or 0 there.
    """
    number = value.strip().upper()
    if not _VIN.fullmatch(number):
        return False
    return vin_check_digit(number) == number[8]


def vehicle_identifier(value: str) -> bool:
    """A VIN passes its check digit; a licence plate (any shorter form, found only under a
    plate or registration column name) has no check to fail."""
    number = value.strip().upper()
    return vin(number) if len(number) == 17 and _VIN.fullmatch(number) else True


def ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


# Royal Mail's postcode areas, the letters before the first digit (`SW1A 1AA`).
_UK_POSTCODE_AREAS = frozenset(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E"
    " EC EH EN EX FK FY G GL GY GU HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL"
    " LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM"
    " SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split()
)
_UK_POSTCODE = re.compile(r"([A-Z]{1,2})\d[A-Z\d]? ?\d[A-Z]{2}")


def postal_code(value: str) -> bool:
    """A UK-shaped postcode starts with a Royal Mail area (Italian plates such as `EM181UB` do
    not); the other layouts carry no check."""
    uk = _UK_POSTCODE.fullmatch(value.strip().upper())
    return uk is None or uk.group(1) in _UK_POSTCODE_AREAS


_DECIMAL = re.compile(r"-?\d{1,3}\.\d+")


def coordinate_pair(value: str) -> bool:
    """Two numbers read as a latitude (within 90) and a longitude (within 180), not both under 2
    in size (frequencies, p-values and absorbances `1.35264, 1.95638` are written with four or
    five decimals too; within 2 degrees of 0, 0 lies open sea)."""
    numbers = [abs(float(n)) for n in _DECIMAL.findall(value)]
    if len(numbers) < 2:
        return False
    latitude, longitude = numbers[-2:]
    return latitude <= 90 and longitude <= 180 and max(latitude, longitude) >= 2


def coordinate_named(value: str) -> bool:
    """Under a coordinate name: one number within 180, or a pair within 90 and 180 (the name
    says what they are, near 0, 0 too: London's longitude is -0.13)."""
    numbers = [abs(float(n)) for n in _DECIMAL.findall(value)]
    if len(numbers) == 1:
        return numbers[0] <= 180
    return len(numbers) >= 2 and numbers[-2] <= 90 and numbers[-1] <= 180


_LABELLED_CODE = re.compile(r"[A-Z0-9][A-Z0-9 -]*$")


def labelled_code(value: str) -> bool:
    """The number after a document or account label holds four digits or more."""
    code = _LABELLED_CODE.search(value)
    return code is not None and sum(c.isdigit() for c in code.group(0)) >= 4


_IPV4_AT_END = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$")
_MORE_THAN_FOUR_PARTS = re.compile(r"\d+(?:\.\d+){4,}$")


_VERSION_WORD = re.compile(r"(?i)^(?:firmware|version|ver|fw|build|release|rev)\b")


def ip_address_in_text(value: str) -> bool:
    """An address found in text; an IPv4 match holds the character before the address, or
    the version word before it (`firmware 1.9.41.37` is a version), and the dotted numbers
    after it (an SNMP OID `1.3.6.1.2.1.4.12` holds no address)."""
    if _VERSION_WORD.match(value) or _MORE_THAN_FOUR_PARTS.search(value):
        return False
    ipv4 = _IPV4_AT_END.search(value)
    return ip_address(ipv4.group(0) if ipv4 else value)


# The layout of a US SSN. No plan of _PHONE_REGIONS groups its numbers 3-2-4: with a trunk
# prefix they start 0, and the plans without one (US, IT, ES) have 10 or 9 digits grouped
# 3-3-4, 3-3-3 or 3-2-2-2. Invoice numbers shaped like SSNs but failing its rules are not phones.
_SSN_LAYOUT = re.compile(r"\d{3}-\d{2}-\d{4}")
_BEFORE_NUMBER = re.compile(r"^[^\d+(]*")


def _written_as_dialled(digits: str, parsed: phonenumbers.PhoneNumber, region: str) -> bool:
    """A number written without a country code reads as it is dialled inside `region`: the
    digits of its national format (`030 1234567`, `(212) 555-0182`, `138 0013 8000`), or the
    national prefix and the national number (`1 212 555 0182`). phonenumbers accepts bare
    national numbers with the trunk prefix left out, which lets any 9-digit string of the
    right leading digits pass as, say, an Austrian number."""
    national = _NON_DIGITS.sub("", phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = (metadata.national_prefix if metadata else None) or ""
    return digits in (national, prefix + national)


# The North American display layouts: (212) 555-0199, 212-555-0199, 212.555.0199, with +1 or
# 001 before and an extension after. Area code and exchange start 2-9 (NANP). The layout is
# a telephone number's whatever the area code: test data and fictional numbers use unassigned
# ones (Faker's en_US numbers fail libphonenumber's plan four times in ten), and a column of
# them is still a column of phone numbers.
_NANP_DISPLAY = re.compile(
    r"(?:\+1[ .-]?|001[ .-]?|1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}"
    r"(?: ?(?:x|ext\.?) ?\d{1,5})?"
)


def phone_number(value: str) -> bool:
    """A number that is valid in the numbering plan of some likely region, or written in a
    North American display layout (``_NANP_DISPLAY``)."""
    text = value.strip()
    if _SSN_LAYOUT.fullmatch(text):
        return False
    if _NANP_DISPLAY.fullmatch(text):
        return True
    international = text.startswith(("+", "00"))
    regions = (None,) if text.startswith("+") else _PHONE_REGIONS
    digits = _NON_DIGITS.sub("", text)
    for region in regions:
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed):
            continue
        if international or region is None or _written_as_dialled(digits, parsed, region):
            return True
    return False


def possible_phone_number(value: str) -> bool:
    """Under a telephone column name: valid (``phone_number``), or at least of a possible length
    in some likely plan. The name is evidence already; exports keep numbers the plan has since
    changed (Brazilian mobiles before their ninth digit, Faker's pt_BR numbers: half of them
    fail the current plan), and a `phone` column of them is a column of phone numbers."""
    text = value.strip()
    if _SSN_LAYOUT.fullmatch(text):
        return False
    if phone_number(text):
        return True
    for region in (None,) if text.startswith("+") else _PHONE_REGIONS:
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(text, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def phone_in_text(value: str) -> bool:
    """A phone number found in text, after its label when it has one (`Tel.: 030 1234567`)."""
    return phone_number(_BEFORE_NUMBER.sub("", value))


def _surname_first(token: str) -> bool:
    """Chinese and Korean names are written without a space, family name first (王伟, 김민준)."""
    if not person_names.is_east_asian(token) or not 2 <= len(token) <= 4:
        return False
    families = family_names()
    return any(token[:n] in families and len(token) > n for n in (1, 2))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names from Faker's locale data (a maintained, multilingual name list), as stored
    by ``minlint.data.person_names``."""
    return frozenset(person_names.load()["given"])


@lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    return frozenset(person_names.load()["family"])


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    return given_names() | family_names()


# Legal forms and joined names that make a value an organisation's name, even when it is
# built from surnames (`Watkins and Sons`, `Jones, Smith and Monroe`, `Müller GmbH & Co. KG`),
# and the institutions health exports name after people (`Hospital Alemão Oswaldo Cruz`).
_ORGANISATION = re.compile(
    r"(?i)\b(?:inc|llc|ltd|plc|corp|corporation|company|co|group|holdings?|limited|partners|associates"
    r"|gmbh|ag|kg|ohg|ug|e\.v|sa|sas|sarl|srl|spa|s\.p\.a|bv|nv|ab|oy|as|a/s|pty|lda|ltda|cia"
    r"|hospital|hôpital|hopital|ospedale|clinic|clinica|clínica|klinik|klinikum|krankenhaus|centro|center"
    r"|centre|institut[eo]?|universit\w*|santa casa|unidade|policl[ií]nica|ubs|upa|laborat[oó]rio)\b\.?"
    r"|\s(?:and|und|&|et)\s|医院|病院|병원|больница|поликлиника"
)
def person_name(value: str) -> bool:
    """Some token of the value is a known given or family name (`Dr. Hans Müller`, `SMITH, JOHN`)."""
    tokens = [person_names.fold(t) for t in _NAME_TOKEN.findall(value)]
    if not tokens or len(tokens) > 5:
        return False
    known = known_names()
    return any(token in known or _surname_first(token) for token in tokens)


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame", "herr", "frau", "mme", "mlle",
                     "sr", "sra", "srta", "don", "dona", "md", "phd", "rn", "jr"})


def full_person_name(value: str) -> bool:
    """Stricter form for names found inside free text: a given name followed by a family name
    (titles and suffixes such as Dr., Mrs., MD aside)."""
    tokens = [t for t in (person_names.fold(t) for t in _NAME_TOKEN.findall(value)) if t not in _TITLES]
    return len(tokens) >= 2 and tokens[0] in given_names() and tokens[-1] in family_names()


ORGANISATION_SHARE = 0.25  # of sampled values: a column of people's names holds next to none


def names_column(sample: tuple[str, ...], distinct: int, non_null: int) -> bool:
    """A column of people's names either varies (many people) or spells full names, and is
    not a column of organisations (a quarter of its values with a legal form or joined names).

    Five colour words that are also surnames (White, Black, Green) do neither; three
    investigators written `Dr. Maria Lopez` do the second; company names made of surnames
    (`Moon-Wells`, `Watkins and Sons`) are the third.
    """
    if sample and sum(1 for v in sample if _ORGANISATION.search(v)) / len(sample) >= ORGANISATION_SHARE:
        return False
    if distinct >= min(20, non_null // 2):
        return True
    return bool(sample) and sum(1 for v in sample if full_person_name(v)) / len(sample) >= 0.5


# --- health identifiers and codes -------------------------------------------------------------

# NPI check digit: Luhn over the card-issuer prefix 80840 + the first nine digits (CMS NPI
# final rule, 45 CFR 162.406; ISO 7812). python-stdnum has no NPI module, its Luhn does the work.
_NPI_PREFIX = "80840"
# SNOMED CT partition identifiers: 00/01/02 core concept/description/relationship, 10/11/12 the
# same in an extension namespace (SNOMED CT Technical Implementation Guide, section 6.6).
_SNOMED_PARTITIONS = frozenset({"00", "01", "02", "10", "11", "12"})
_LOINC = re.compile(r"(\d{1,5})-(\d)")
_DEA = re.compile(r"[A-Z][A-Z9](\d{7})")


def us_npi(value: str) -> bool:
    """10 digits starting 1 or 2 whose last digit is the Luhn check over 80840 + the first nine."""
    digits = _NON_DIGITS.sub("", value)
    return len(digits) == 10 and digits[0] in "12" and luhn.is_valid(_NPI_PREFIX + digits)


def us_dea(value: str) -> bool:
    """DEA registration: (d1+d3+d5) + 2*(d2+d4+d6) ends in the seventh digit (21 CFR 1301)."""
    match = _DEA.fullmatch(value.strip().upper())
    if not match:
        return False
    d = [int(c) for c in match.group(1)]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def us_dea_in_text(value: str) -> bool:
    """A DEA number found after its label in text (`DEA# AB1234563`): the last nine characters."""
    return us_dea(value.strip()[-9:])


def uk_nhs(value: str) -> bool:
    """NHS number: 10 digits, modulus 11 check digit."""
    return nhs.is_valid(value)


def uk_nhs_in_text(value: str) -> bool:
    """An NHS number found after its label in text (`NHS no 943 476 5919`)."""
    return nhs.is_valid(_NON_DIGITS.sub("", value))


def snomed_ct_id(value: str) -> bool:
    """SCTID: 6-18 digits, Verhoeff check digit, valid partition identifier, no leading zero."""
    digits = value.strip()
    return (
        6 <= len(digits) <= 18
        and digits.isdigit()
        and digits[0] != "0"
        and digits[-3:-1] in _SNOMED_PARTITIONS
        and verhoeff.is_valid(digits)
    )


def loinc_code(value: str) -> bool:
    """LOINC `NNNNN-C`: the check digit is the mod-10 (Luhn) digit of the code number."""
    match = _LOINC.fullmatch(value.strip())
    return bool(match) and luhn.is_valid(match.group(1) + match.group(2))


# Words that end as a street does (`-ring`, `-pad`) before a number: parts and products
# (`Bearing 6204-2RS`, `O-Ring 12x2`, `iPad 10`), not Kaiserring 5 or Lindenpad 3.
_STREET_LOOKALIKE = re.compile(
    r"(?i)\b(?:bearing|spring|string|o-ring|offspring|earring|ipad|notepad|keypad|mousepad|launchpad"
    r"|touchpad|trackpad|scratchpad)\.? *\d"
)


def street_address(value: str) -> bool:
    """A value of a street-address pattern that is no part or product name."""
    return _STREET_LOOKALIKE.search(value) is None
