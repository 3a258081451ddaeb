"""The detector table: one `EntitySpec` row per entity.

A row is data, not code: column-name synonyms (English, German, French, Spanish), a whole-value
pattern evaluated over every row as a polars expression, a distinctive `search` form found
inside longer values (free text, mixed columns), and a validator for what regexes cannot check.
The same patterns feed the Presidio recognizers (`presidio_engine.py`), so each is defined once.
Patterns use the syntax shared by Rust's `regex` crate (polars) and Python's `regex` module
(Presidio): no look-around, no back-references.

Health and genomic rows live in `health.py` and `genomic.py` with the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from minlint.detect import validators
from minlint.detect.names import match_synonym, names_a_quantity, names_an_organisation
from minlint.model import ColumnProfile

DIRECT = "direct_identifier"
QUASI = "quasi_identifier"
GENOMIC = "genomic"
HEALTH = "health"
SENSITIVE = "sensitive"


@dataclass(frozen=True)
class EntitySpec:
    """How to recognise one entity in a column.

    pattern        a whole value matching it is evidence with no name signal at all;
    named_pattern  a looser whole-value form trusted only when the column name matches
                   (5 digits are a ZIP only in a column called `zip`/`plz`);
    search         a form distinctive enough to count when found inside longer text;
    validator      run on matching distinct values; `min_valid` of them must pass;
    named_validator  the looser check used instead when the column name matches (the name
                   is evidence too: phone numbers of a possible length);
    named_min_valid  the share of valid values needed when the column name matches (default
                   `min_valid`);
    vocabulary     lower-cased values that make up the column (sex, ethnicity);
    numeric_range  for numeric columns with a name match (age in years);
    min_decimals   numeric values must mostly carry this many decimals (precise coordinates);
    temporal       Date/Datetime columns are candidates;
    overrides      more generic entities this one replaces when both fire;
    column_check   what the column as a whole must look like for a whole-column reading
                   (names vary; SSNs spread over many areas), on the profile;
    check_digit    the validator checks a check digit that random look-alikes pass at most
                   one time in five: a handful of whole values passing it counts even in a
                   small share of rows (IMEIs among `unknown`s).
    """

    entity: str
    category: str
    names: tuple[str, ...] = ()
    pattern: str | None = None
    named_pattern: str | None = None
    search: str | None = None
    validator: Callable[[str], bool] | None = None
    named_validator: Callable[[str], bool] | None = None
    search_validator: Callable[[str], bool] | None = None
    min_valid: float = 0.9
    named_min_valid: float | None = None
    min_share: float = 0.8
    vocabulary: frozenset[str] | None = None
    numeric_range: tuple[float, float] | None = None
    temporal: bool = False
    min_decimals: int = 0
    presidio: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    column_check: Callable[[ColumnProfile], bool] | None = None
    check_digit: bool = False
    description: str = ""


# Dates searched for inside text (after a birth label): the layouts of English-language notes.
_DATE_IN_TEXT = (
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)?[ -](?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ -]\d{4}"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
)
# Under a birth name only: day or month first without separators (14021962, 02141962), six
# digits (620214), Japanese and Taiwanese era years (昭和37年2月14日, S37.02.14, 民國51年2月14日).
_BIRTH_DATE_FORMS = (
    r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:18|19|20)\d{2}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:18|19|20)\d{2}"
    r"|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:明治|大正|昭和|平成|令和|民國|民国)(?:\d{1,3}|元)年\d{1,2}月\d{1,2}日|[MTSHR]\d{1,2}[./]\d{1,2}[./]\d{1,2}"
)
# Whole date values: also month names in the languages of our column names (`2. April 1961`,
# `2 de abril de 1961`), year first with dots (1961.04.02), Chinese, Japanese and Korean
# (1961年4月2日, 1961년 4월 2일) and compact (19610402). Kept out of the text search, whose
# regex size the Rust engine's fast path bounds (values.SEARCH_GROUP_CHARS).
_TIME_OF_DAY = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d{1,9})?)?(?: ?(?i:[ap]\.?m\.?))?"
_DATE = (
    _DATE_IN_TEXT
    # With a time of day, as US, European and Oracle exports write timestamps: `7/2/2022
    # 8:32:00 AM`, `02.04.2023 20:34`, `14-FEB-62`, `04-OCT-22 22.16.00.000000 AM`.
    + r"|(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}/\d{1,2}/\d{1,2}),?[ T]" + _TIME_OF_DAY
    + r"|\d{1,2}-(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-\d{2}(?: " + _TIME_OF_DAY + ")?"
    # HL7 v2 timestamps: YYYYMMDDHHMM[SS[.S]][+/-ZZZZ].
    + r"|(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d(?:\.\d{1,4})?)?(?:[+-]\d{4})?"
    + r"|\d{1,2}\.?(?: de)?[ -]" + validators.MONTH_WORD + r"\.?(?: de)?[ -]\d{4}"
    + r"|" + validators.MONTH_WORD + r"\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
    + r"|(?:18|19|20)\d{2}\.\d{1,2}\.\d{1,2}"
    + r"|\d{4}年\d{1,2}月\d{1,2}日|\d{4}년 ?\d{1,2}월 ?\d{1,2}일"
    + r"|(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
)
# Under a date name, also dates as numbers (Unix time, Excel serial days) and months of a year.
_DATE_NUMBER = validators.DATE_NUMBER
# Events of care are recent: Unix time since 2001 (ten digits, thirteen in milliseconds), so an
# `admission_id` of nine digits is no date.
_RECENT_DATE_NUMBER = r"1\d{9}|1\d{12}|[1-7]\d{4}(?:\.\d+)?"
_YEAR_MONTH = validators.YEAR_MONTH
# Street keywords that open (rue, calle, via) or close (Straße, straat) a street name.
_STREET_LEADING = (
    r"(?i:rue|avenue|av|avda|boulevard|bd|chemin|allée|allee|impasse|quai|route|place|calle|c/"
    r"|avenida|plaza|paseo|camino|glorieta|via|vial|viale|ronda|travesia|travesía|pasaje|carrer"
    r"|rambla|piazza|piazzale|corso|largo|vicolo|strada|contrada|borgo|canale|incrocio|rotonda"
    r"|cuesta|cañada|canada|alameda|callejón|callejon|urbanización|urbanizacion|camí"
    r"|pasadizo|stretto|c\.|rua|travessa|praça|praca|estrada|rodovia|ladeira|viela|vía|acceso"
    # Polish: ulica, aleja, plac, osiedle; their abbreviations only with the dot (`al`, `os`
    # are Spanish and Portuguese words that open sentences).
    r"|ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle)\.?"
)
_STREET_TRAILING = (
    r"(?i:strasse|straße|str\.|weg|gasse|platz|allee|ring|damm|ufer|straat|laan|gracht|plein"
    r"|steig|steeg|chaussee|markt|pfad|pad|singel|dreef|kade|hof|plantsoen|dijk|kanaal|baan"
    r"|boulevard"
    # Swedish and Danish: Storgatan 5, Ekvägen 12, Stationstorget 3, Nørregade 10
    r"|gatan|gata|vägen|väg|stigen|gränd|torget|backen|allén|leden|platsen|vej|gade)"
)
# Street suffixes searched inside text without a label: `weg`, `platz`, `ring` or `hof` end too
# many other words (`Rückweg 2`, `Arbeitsplatz 3`, `Hering 2`).
_STREET_SUFFIX_IN_TEXT = r"(?i:straße|strasse|str\.|gasse|allee|straat|gracht|gatan|vägen|vej|gade)"
# Words that introduce a postal address in notes (`wohnhaft`, `domicilio:`, `lives at`).
_ADDRESS_LABEL = (
    r"(?i:address|lives at|residing at|wohnhaft(?: in)?|wohnt in(?: der)?|adresse|anschrift|domicilio(?: en)?"
    r"|dirección|direccion|reside en|vive en|indirizzo|residente in|abita in|morada|endereço|endereco"
    r"|reside na|demeurant|domicilié(?:e)?(?: au)?|adres|woonachtig(?: aan)?|bor på|adresa)"
)
_HOUSE_NUMBER = r"\d{1,5}[a-zA-Z]?(?:[/-]\d{1,4})?"
_STREET_ADDRESS = (
    # 1600 Pennsylvania Avenue NW, 8757 Bonilla Crest Suite 010, Flat 38\nRhys Radial: a
    # street name and its type after the number (one word is `45 Jahre`, `5 Days`, `30 IU`)
    r"(?:(?i:flat|apartment|apt|studio|unit|suite) +\w+[\n,]? *)?"
    r"\d{1,6}[A-Za-z]?(?:-\d{1,4})?,? +(?:\p{Lu}[\p{L}'.-]*,? +){1,5}\p{Lu}[\p{L}'.-]*"
    r"(?:,? +(?i:apt|suite|unit|ste|bldg|floor|fl|room|rm|#)\.? *[\w-]+)?"
    # Flat 38\nRhys Radial (UK: the flat number stands in for the house number)
    r"|(?i:flat|apartment|studio|unit|suite) +\w+[\n, ]+\p{Lu}[\p{L}'.-]*(?: +\p{Lu}[\p{L}'.-]*){0,4}"
    # 12 bis rue de la Paix; rue Ramos; Calle Mayor 5; Via Roma 10; Canale Seddio, 28
    r"|(?:\d{1,5}(?: ?(?:bis|ter))?,? +)?" + _STREET_LEADING + r" +\p{L}.*"
    # Hauptstraße 5, Lindenweg 12a, Andrej-Stiebitz-Straße 4/1, Keizersgracht 123
    r"|(?:\p{L}[\p{L}.'-]* +){0,3}[\p{L}'-]*" + _STREET_TRAILING + r"\.?,? *" + _HOUSE_NUMBER + r"\b.*"
    # Japanese block addresses after a municipality: 港区芝公園4丁目2番8号, 港区芝公園4-2-8
    r"|.*[都道府県市区町村郡].*\d{1,4}(?:丁目|-)\d{1,4}(?:番地?|-)\d{1,4}号?.*"
    # Chinese road and number (建国路88号) and Korean road-name addresses (테헤란로 123)
    r"|.*\p{Han}(?:路|街|大道|胡同|巷)\d{1,5}号.*|.*\p{Hangul}(?:로|길) ?\d{1,5}(?:-\d{1,4})?(?: .*)?"
)
# Labels that introduce an identifier in free text; with a label, a shape too generic to search
# for on its own (nine bare digits, a national phone number) is what the writer says it is.
_SSN_LABEL = r"(?i:ssn|ss#|soc\.? ?sec\.?(?: ?(?:no|number|#))?|social security(?: ?(?:no|number|#))?)"
_PHONE_LABEL = (
    r"(?i:tel|tele|phone|ph|mobile|mob|cell|call(?: back)?|telephone|telefon|telefono|teléfono"
    r"|téléphone|tél|handy|mobil|portable|móvil|movil|celular|rückruf|telefonnr|erreichbar unter)"
)
# Chinese, Japanese and Korean labels, written without a space before them (`電話090-…`).
_PHONE_LABEL_CJK = r"(?:電話番号|電話|携帯電話|携帯|联系电话|电话|手机|전화번호|전화|휴대폰)"
# Fax labels (45 CFR 164.514(b)(2)(i)(E) lists fax numbers apart from telephone numbers).
_FAX_LABEL = (
    r"(?i:fax|telefax|téléfax|telecopie|télécopie|telecopia|facsimile|fax no|fax nr|fax number"
    r"|fax-nr|faxnummer|n° de fax|numéro de fax)"
)
# The numbers after a national id label (validators.NATIONAL_ID_LABEL): bare, their digits are
# too generic to search for in text.
_NATIONAL_ID_IN_TEXT = (
    r"\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z]"  # DNI, NIE
    r"|[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}"  # NIR
    r"|\d{6}[-+A]\d{3}[0-9A-Y]|\d{6}-?\d{4}|\d{8}-\d{4}"  # Nordic
    r"|\d{3}[ .]?\d{3}[ .]?\d{3}(?:-?\d{2})?|\d{11}|\d{2} ?\d{3} ?\d{3} ?\d{3}"  # BSN, SIN, CPF, PESEL, IdNr
    r"|\d{4} ?\d{4} ?\d{4}"  # Aadhaar
)
# After the name of a document or account in text, the number that follows (`passport no.:
# X1234567`, `acct # 00123456`); `labelled_code` wants four digits in it, so that `passport on
# file` or `Passport: EXPIRED` stay text.
_NUMBER_WORD = r"(?i: ?(?:no\.?|nr\.?|number|num|#|id))?[:#.]? ?"
_PASSPORT_IN_TEXT = (
    r"\b(?i:passport|reisepass|passeport|pasaporte|passaporto|paspoort)" + _NUMBER_WORD + r"[A-Z0-9]{6,9}\b"
)
_LICENCE_IN_TEXT = (
    r"\b(?i:driver'?s? licen[cs]e|driving licen[cs]e|führerschein|permis de conduire"
    r"|licencia de conducir)" + _NUMBER_WORD + r"[A-Z0-9][A-Z0-9-]{4,17}\b"
)
# `account`, `cuenta` and `compte` open prose too (`taking into account 12 345 records`,
# `en cuenta`, `pris en compte`): only with a number word after them.
_ACCOUNT_IN_TEXT = (
    r"\b(?:(?i:bank account|acct|kontonummer)" + _NUMBER_WORD
    + r"|(?i:account|konto|compte|cuenta|conto)(?i: ?(?:no\.?|nr\.?|number|num|#|n°|nº))[:#.]? ?)"
    + r"[A-Z]{0,4}\d[\d -]{4,28}\d\b"  # digits, or a bank code before them (BBAN)
)
_BIRTH_LABEL = (
    r"(?i:dob|d\.o\.b|date of birth|birth ?date|born(?: on)?|geb|geboren(?: am| op)?|geburtsdatum"
    r"|née?(?: le)?|date de naissance|fecha de nacimiento|fecha nac|f\. nac|nacid[oa](?: el)?"
    r"|nat[oa] il|data di nascita|geboortedatum|født|fødselsdato|född|nascid[oa] em|data de nascimento)"
)
# Dates with a German, French or Spanish month name, after a birth label in those languages:
# validators.MONTH_WORD (ten languages) would make the text search outgrow its regex group.
_DATE_WITH_MONTH_WORD = (
    r"\d{1,2}\.?(?: de)? (?i:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober"
    r"|november|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre"
    r"|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    r"|diciembre)(?: de)? \d{4}"
)
# An e-mail address spelled out against harvesters: `jane.doe at example dot com`,
# `jane[at]example[dot]com`. The final `dot` and its top-level domain keep prose out.
_AT = r"(?:\[(?i:at)\]|\((?i:at)\)| (?i:at) )"
_DOT = r"(?:\[(?i:dot)\]|\((?i:dot)\)| (?i:dot) )"
# A common top-level domain ends it: `given at clinic DOT daily` is directly observed therapy.
_EMAIL_SPELLED_OUT = (
    r"[A-Za-z0-9._%+-]+ ?" + _AT + r" ?[A-Za-z0-9-]+(?: ?(?:" + _DOT + r"|\.) ?[A-Za-z0-9-]+)*? ?"
    + _DOT + r" ?(?i:com|org|net|edu|gov|info|biz|io|co|us|uk|de|fr|es|it|nl|ch|at|be|ca|au|in"
    r"|jp|cn|br|se|no|dk|fi|pl|eu)\b"
)
# ISO 3779 vehicle identification number: 17 characters, no I, O or Q.
_VIN = r"[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-Z0-9]{8}"
# A licence plate: letters and digits (both), with spaces, dashes or dots between them.
_PLATE_CHARACTER = r"[A-Za-zÄÖÜäöü0-9 .·-]"
_LICENCE_PLATE = (
    r"(?:[A-Za-zÄÖÜäöü]" + _PLATE_CHARACTER + r"{0,9}\d|\d" + _PLATE_CHARACTER + r"{0,9}[A-Za-zÄÖÜäöü])"
    + _PLATE_CHARACTER + r"{0,8}"
)
_NUMBER = r"-?\d*\.?\d+(?:[eE][-+]?\d+)?"
_BIOMETRIC_TEMPLATE = (
    r"[A-Za-z0-9+/\r\n]{87,}={0,2}"  # base64 of more than 64 bytes
    r"|(?:\\x|0x)?[0-9A-Fa-f]{130,}"  # hex of more than 64 bytes
    r"|\[? ?" + _NUMBER + r"(?: ?[,;] ?" + _NUMBER + r"){15,} ?\]?"  # an embedding
    # The file holding the print: WSQ (FBI fingerprint images), ISO/ANSI minutiae records,
    # voice recordings, scanned images.
    r"|.*\.(?i:wsq|fmr|xyt|ist|wav|flac|mp3|m4a|ogg|png|jpe?g|bmp|tiff?)(?:[?#].*)?"
)
# Leading bytes of image formats (JPEG SOI, PNG signature, GIF87a/89a, RIFF....WEBP, ISO BMFF
# `ftyp` boxes of HEIC, HEIF and AVIF), in base64 and in hex.
_IMAGE_BASE64 = (
    r"(?:data:image/[A-Za-z0-9.+-]+;base64,)?"
    r"(?:/9j/|iVBORw0KGgo|R0lGOD[dl]h|UklGR[A-Za-z0-9+/]{6}XRUJQ"
    r"|AAAA[A-Za-z0-9+/]{2}Z0eXB(?:oZWlj|oZWl4|oZWlt|oZWlz|oZXZj|taWYx|tc2Yx|hdmlm))"
    r"[A-Za-z0-9+/\r\n]{8,}={0,2}\s*"
)
_IMAGE_HEX = (
    r"(?:\\x|0x)?(?i:ffd8ff|89504e470d0a1a0a|474946383[79]61|52494646[0-9a-f]{8}57454250"
    r"|[0-9a-f]{8}66747970(?:68656963|68656978|68657663|6d696631|6d736631|61766966))[0-9A-Fa-f]{8,}"
)
_IMAGE_BYTES = _IMAGE_BASE64 + "|" + _IMAGE_HEX
_PHONE_EXTENSION = r"(?: ?(?:x|ext\.?|#) ?\d{1,6})?"
_PHONE = (
    r"(?:\+|00)\d[\d ().\-/]{6,20}\d"  # +49 30 1234567, +44(0)1632 960109, 001-829-647-4488
    r"|\(\d{2,5}\) ?\d[\d .\-]{3,12}\d"  # (868)458-7840, (08276) 85955
    r"|\d{2,5}[ .\-/]\d{2,5}[ .\-/]\d{2,5}(?:[ .\-/]\d{1,5}){0,2}"  # 555.123.4567, 030 123 45 67
    r"|0\d{1,4}[ .\-/]\d{4,10}"  # 0808 1570858, 0222-806903
    r"|0\d{9,10}"  # national format with trunk prefix: 09098790433
)

PII_SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        entity="US_SSN",
        category=DIRECT,
        names=("ssn", "social_security", "social_security_number", "soc_sec", "ss_no",
               "ss_number", "socsec", "sozialversicherungsnummer_us", "numero_seguro_social",
               "numero_securite_sociale_us"),
        # Undashed too: a cryptic column of 9-digit numbers that all pass SSN rules and spread
        # over many area numbers is SSNs; order numbers fail the rules (~11% have area 9xx,
        # 000 or 666) or sit in a narrow range.
        pattern=r"\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9}",
        named_pattern=r"\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9}",
        # Bank routing numbers (ABA) are nine digits over many prefixes too, and pass SSN rules.
        column_check=lambda profile: (
            validators.spread_over_ssn_areas(profile.sample) and not validators.routing_numbers(profile.sample)
        ),
        # Dashed anywhere; undashed or spaced only after its label (`SSN 123456789`): nine bare
        # digits in text are as often an order number.
        search=r"\b\d{3}-\d{2}-\d{4}\b|\b" + _SSN_LABEL + r"[.:#]? ?\d{3}[ -]?\d{2}[ -]?\d{4}\b",
        validator=validators.us_ssn,
        search_validator=validators.us_ssn_in_text,
        # Real SSN columns validate ~100%; random 9-digit numbers fail ~7% (area 000/666, 9xx
        # outside the ITIN groups, group 00): without a name, such a column is no SSNs. Under
        # an `ssn` name, 85% suffices: data-entry errors and test data (Faker's non-US `ssn()`
        # draws random areas) are still SSN columns; numbers that fail SSN rules stay none.
        min_valid=0.98,
        named_min_valid=0.85,
        presidio=("US_SSN",),
        # 123-45-6789 is also a valid phone number in variable-length numbering plans.
        overrides=("PHONE_NUMBER",),
        description="US Social Security number, or an ITIN in its layout (45 CFR 164.514(b)(2)(i)(G))",
    ),
    EntitySpec(
        entity="NATIONAL_ID",
        category=DIRECT,
        names=("身份证号", "身份证", "身份证号码", "マイナンバー", "주민등록번호", "national_id", "national_identity_number", "id_number", "identity_number",
               "codice_fiscale", "cod_fiscale", "bsn", "burgerservicenummer", "steuer_id",
               "steuerid", "steueridentifikationsnummer", "idnr", "nir", "numero_insee",
               "numero_securite_sociale", "dni", "nie", "nif", "documento_identidad", "cpf",
               "sin", "social_insurance_number", "aadhaar", "pesel", "cpr", "cpr_nummer",
               "numero_secu", "tc_kimlik", "tc_kimlik_no", "kimlik_no", "curp", "rut", "nin",
               "personnummer", "fodselsnummer", "hetu", "henkilotunnus", "resident_id",
               "shenfenzheng", "cedula", "national_insurance_number", "national_insurance_no",
               "national_insurance", "ni_number", "ni_no", "nino", "nat_ins_no", "aadhaar_number",
               "aadhaar_no", "aadhar", "uid_number", "rfc", "run", "cnp", "amka", "αμκα", "инн",
               "снилс", "іпн", "teudat_zehut", "mispar_zehut", "מספר_זהות", "תעודת_זהות", "ת_ז",
               "เลขบัตรประชาชน", "nik", "no_ktp", "ktp", "cccd", "cmnd", "so_cccd", "身分證字號",
               "身分證", "個人番号", "マイナンバー番号", "주민번호", "rrn", "kennitala", "egn", "oib",
               "emso", "pps_number", "ppsn", "nric", "hkid", "ahv", "ahv_nr", "ahv_nummer", "avs", "avs_nr",
               "numero_avs", "svnr", "sv_nummer", "sozialversicherungsnummer", "versicherungsnummer",
               "insz", "niss", "rijksregisternummer", "numero_national", "registre_national"),
        # Distinctive national formats: codice fiscale, DNI/NIE, formatted CPF, Nordic
        # birth-date numbers, French NIR, Chinese resident id.
        pattern=(
            r"[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]"
            r"|\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z]"
            r"|\d{3}\.\d{3}\.\d{3}-\d{2}"
            r"|\d{6}[-+A]\d{3}[0-9A-Y]|\d{6}-\d{4}|\d{8}-\d{4}"
            r"|[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}"
            r"|\d{17}[\dX]"
            # Bare 9 digits (Dutch BSN, Canadian SIN) and 11 (Polish PESEL, unformatted CPF,
            # German IdNr, Norwegian fodselsnummer): only their check digits tell them from
            # counters, and random digits pass one of them about one time in five.
            r"|\d{9}|\d{11}"
            # Canadian SIN as printed (046 454 286)
            r"|\d{3} \d{3} \d{3}"
            # UK National Insurance number (QQ123456C, QQ 12 34 56 C)
            r"|[A-Z]{2}\d{6}[A-D]|[A-Z]{2} \d{2} \d{2} \d{2} [A-D]"
            # Mexican CURP (GOMC850302HDFNRR09) and Korean resident number (850302-1234567)
            r"|[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d|\d{6}-[1-8]\d{6}"
            # Swiss AHV/AVS number (756.1234.5678.97) and the Belgian national register number
            # as printed (85.07.30-033.28)
            r"|756\.?\d{4}\.?\d{4}\.?\d{2}|\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}"
        ),
        named_pattern=r"[A-Z0-9][A-Z0-9 .\-/]{7,20}",
        search=(
            r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b|\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"
            # Mexican CURP; a Chinese resident id after its label (`身份证号：110101…`) or without
            # one (region, birth date and check digit make it distinctive); a Korean resident
            # number after its label (`주민등록번호 850302-1234567`)
            r"|\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b|身份证(?:号码?)?[:：]? ?\d{17}[\dX]"
            r"|\b[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]\b"
            r"|(?:주민등록번호|주민번호)[:：]? ?\d{6}-[1-8]\d{6}"
            # A label inside a dashed token is hex (`…-cf0609098042`, the tail of a UUID).
            r"|(?:^|[^\w-])" + validators.NATIONAL_ID_LABEL + r"(?:" + _NATIONAL_ID_IN_TEXT + r")\b"
        ),
        validator=validators.national_id,
        named_validator=validators.national_id_named,
        search_validator=validators.national_id_in_text,
        min_valid=0.9,
        check_digit=True,
        # 010190-1234 also reads as a phone number or date; a BSN column passes US SSN rules
        # too (issued BSNs start 0-6), while random SSNs pass the BSN/SIN checks one time in five.
        overrides=("PHONE_NUMBER", "DATE", "US_SSN"),
        description="National identity number with a check digit (IT, ES, FR, NL, DE, BR, CA, IN, CN, Nordics, PL, TR, BE, CH, AT)",
    ),
    EntitySpec(
        entity="EMAIL_ADDRESS",
        category=DIRECT,
        names=("email", "e_mail", "mail", "email_address", "courriel", "correo",
               "e_posta", "eposta", "epost", "e_post", "sahkoposti", "emailadres",
               "correo_electronico", "emailadresse", "mailadresse", "posta_elettronica",
               "correio_eletronico", "mailadres", "邮箱", "电子邮件", "メール", "이메일"),
        pattern=r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}|" + _EMAIL_SPELLED_OUT,
        # No `\b` around it: Japanese and Chinese text glues an address to the words around
        # it (`連絡先taro@gmail.comまで`), and no word boundary lies between them. The
        # character classes already stop where the address does.
        search=r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}|" + _EMAIL_SPELLED_OUT,
        presidio=("EMAIL_ADDRESS",),
        description="Email address (45 CFR 164.514(b)(2)(i)(F))",
    ),
    EntitySpec(
        entity="PHONE_NUMBER",
        category=DIRECT,
        names=("phone", "telephone", "tel", "phone_number", "mobile", "cell", "cellphone",
               "handy", "telefon", "telefonnummer", "rufnummer", "mobil", "portable",
               "numero_de_telephone", "telefono", "movil", "celular", "contact_number", "home_phone", "work_phone", "cellulare", "telefoon",
               "puhelin", "telefonnr", "numer_telefonu", "gsm", "telefon_no", "cep_telefonu",
               "telefoonnummer", "telemovel", "telefone", "telefon_komorkowy", "电话", "手机", "联系电话",
               "電話番号", "전화번호", "телефон", "手机号", "手机号码", "联系方式", "电话号码", "shouji", "dianhua", "携帯電話", "携帯番号", "휴대폰", "휴대전화", "핸드폰", "номер_телефона", "мобильный", "телефону", "so_dien_thoai", "sdt", "dien_thoai", "nomor_hp", "no_hp", "nomor_telepon", "telepon", "טלפון", "تلفن", "هاتف", "رقم_الهاتف", "फ़ोन", "फोन", "मोबाइल", "โทรศัพท์", "เบอร์โทร", "telefon_numarasi"),
        pattern=f"(?:{_PHONE}){_PHONE_EXTENSION}",
        named_pattern=r"\+?[\d ().\-/]{7,22}(?: ?(?:x|ext\.?) ?\d{1,5})?",
        search=(
            r"\(\d{3}\) ?\d{3}[ .-]\d{4}\b|\b[2-9]\d{2}[.-]\d{3}[.-]\d{4}\b"
            r"|\+\d{1,3}[ .-]\d{1,5}[ .-]\d{2,8}(?:[ .-]\d{1,5}){0,3}\b"
            r"|\+\d{1,3} ?\d{6,12}\b"  # +39 3510500083: the national number in one block
            # 0049 151 12345678: the international prefix dialled as 00 instead of +
            r"|\b00[1-9]\d{0,2}[ .-]\d{1,5}[ .-]\d{2,8}(?:[ .-]\d{1,5}){0,3}\b"
            # +49 (0) 9141 777631, +44(0)20 7946 0958: the trunk zero in brackets (DE, AT, CH, UK)
            r"|\+\d{1,3} ?\(0\) ?\d[\d /-]{4,14}\d\b"
            # (03449) 78690, (0161) 496 0000: an area code with its trunk zero, in brackets
            r"|\(0\d{2,5}\) ?\d[\d -]{3,10}\d\b"
            r"|\b" + _PHONE_LABEL + r"\.?[:#]? ?(?:\+|00)?\(?\d[\d ().\-/]{5,18}\d\b"
            # Apart from the Latin labels: one alternative holding both is slower on text.
            r"|" + _PHONE_LABEL_CJK + r"[:：]? ?(?:\+|00)?\(?\d[\d ().\-/]{5,18}\d\b"
        ),
        validator=validators.phone_number,
        named_validator=validators.possible_phone_number,
        search_validator=validators.phone_in_text,
        # The shape already demands separators or a prefix; the numbering plan (phonenumbers)
        # then separates phone numbers from lot numbers, with room for fictional test numbers.
        min_valid=0.7,
        # Phone columns mix styles: Italian exports hold `+39 0925141776` beside bare mobiles
        # (`3510500083`) that no shape tells from counters. The dialable majority decides.
        min_share=0.6,
        presidio=("PHONE_NUMBER",),
        description="Telephone number (45 CFR 164.514(b)(2)(i)(D))",
    ),
    EntitySpec(
        entity="FAX_NUMBER",
        category=DIRECT,
        names=("fax", "telefax", "fax_no", "fax_nr", "fax_num", "fax_number", "faxnummer",
               "fax_nummer", "telefaxnummer", "telecopie", "numero_de_telecopie", "numero_fax",
               "numero_de_fax", "n_fax", "no_fax", "num_fax", "fax_pro", "facsimile", "telecopia",
               "numero_telecopia", "fax_ufficio", "faxnummer_praxis", "home_fax", "work_fax",
               "office_fax", "fax_phone", "传真", "传真号码", "ファックス", "ファクス", "팩스", "факс"),
        # No unnamed pattern: a fax number is a phone number by its values, and only the
        # column name (or a `Fax:` label in text) says it is the one (E) lists.
        named_pattern=r"\+?[\d ().\-/]{7,22}(?: ?(?:x|ext\.?) ?\d{1,5})?",
        search=r"\b" + _FAX_LABEL + r"\.?[:#]? ?(?:\+|00)?\(?\d[\d ().\-/]{5,18}\d\b",
        validator=validators.phone_number,
        named_validator=validators.possible_phone_number,
        search_validator=validators.phone_in_text,
        min_valid=0.7,
        min_share=0.6,
        overrides=("PHONE_NUMBER",),
        description="Fax number (45 CFR 164.514(b)(2)(i)(E))",
    ),
    EntitySpec(
        entity="PERSON",
        category=DIRECT,
        names=("name", "full_name", "first_name", "last_name", "surname", "given_name",
               "family_name", "firstname", "lastname", "pt_nm", "pat_name", "patient_name",
               "pt_name", "middle_name", "maiden_name", "vorname", "nachname", "familienname",
               "patientenname", "geburtsname", "nom", "prenom", "nom_de_famille", "nombre",
               "apellido", "apellidos", "primer_apellido", "nombre_completo", "fname", "lname",
               "forename", "contact_name", "next_of_kin", "mother_name", "father_name",
               "guardian", "physician_name", "emergency_contact", "nome", "cognome", "nominativo", "naam", "voornaam",
               "ad_soyad", "soyad", "soyadi", "efternamn", "fornamn", "fornavn", "etternavn", "sukunimi",
               "etunimi",
               "achternaam", "sobrenome", "nome_completo", "imie", "nazwisko", "姓名", "名字",
               "氏名", "이름", "성명", "фио", "фамилия", "имя"),
        # One to four words of letters, any case (exports lower-case names too: `john smith`);
        # the name dictionary and the column check decide, not the capitals.
        # Combining marks (\p{M}) carry the vowels of Indic scripts (`राहुल जैन`).
        # Japanese rosters separate family and given name with an ideographic space (U+3000).
        pattern=r"\p{L}[\p{L}\p{M}'.-]*(?:,?[ \u3000]+\p{L}[\p{L}\p{M}'.-]*){0,3}",
        # No `\b` around the letters: the polars search reads `\b` as an ASCII boundary (see
        # values.polars_regex), which would cut `José` to `Jos`; the greedy classes end the
        # name where its letters do.
        search=r"\p{Lu}\p{Ll}+ (?:\p{Lu}\. )?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?",
        validator=validators.person_name,
        search_validator=validators.full_person_name,
        column_check=lambda profile: validators.names_column(profile.sample, profile.distinct, profile.non_null),
        min_valid=0.6,
        presidio=("PERSON",),
        description="Name of a person (45 CFR 164.514(b)(2)(i)(A))",
    ),
    EntitySpec(
        entity="STREET_ADDRESS",
        category=DIRECT,
        names=("address", "street", "street_address", "address_line", "address_1", "addr",
               "adresse", "strasse", "anschrift", "wohnadresse", "rue", "direccion", "calle",
               "domicilio", "home_address", "postal_address", "address_line_1", "indirizzo",
               "adres", "endereco", "morada", "adres_zamieszkania",
               "straat", "ulica", "gatuadress", "adresse_postale", "adresi",
               "地址", "住所", "주소", "адрес", "住址", "家庭住址", "居住地址", "联系地址", "现住址", "户籍地址", "ที่อยู่", "כתובת", "dia_chi", "alamat", "адреса", "نشانی", "آدرس", "العنوان", "عنوان", "पता", "ev_adresi"),
        # (?s): a postal address spans lines (`Schleichstraße 19\n48337 Lichtenfels`), and a
        # `.` that stops at the line break made every such column free text.
        pattern=f"(?s:{_STREET_ADDRESS})",
        # With an address-like name: words and a number (warehouse bins like C-12-03 are not);
        # Chinese, Japanese and Korean addresses write them without spaces (東京都港区1丁目2番3号).
        named_pattern=(
            r"(?s:.*\p{L}{2,}.* .*\d.*|.*\d.* .*\p{L}{2,}.*"
            r"|.*[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2,}.*\d.*)"
        ),
        search=(
            # (Court, Place, Way, Trail, Square, Parkway, Terrace end food courts, tennis courts,
            # `Track 3 My Way` and `Day 3 Inca Trail` as often: only after an address label.)
            r"\b\d{1,5} +(?:\p{Lu}\p{Ll}+ +){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr"
            r"|Parkway|Pkwy|Highway|Hwy)\b\.?"
            # Calle Mayor 5, Avenida Ramírez 134, Paseo de Gracia 21, Rua Augusta 10: a capitalised
            # street word that opens little else (not Plaza, Ronda, Camino: hotels, rounds, ways),
            # the name, the number
            r"|\b(?:Calle|Avenida|Avda\.|Paseo|Carrer|Rua|Travessa|Praça|Alameda|Rambla)"
            r" (?:(?:de|del|la|los|las|do|da|dos|das) )?\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*){0,3},? (?:n[º°o]\.? ?)?\d{1,4}\b"
            # Hauptstraße 5, Paulo-Schleich-Straße 19, Keizersgracht 123, Storgatan 5: a street
            # word glued to a suffix that ends little else, then the house number
            r"|\p{Lu}[\p{L}-]*" + _STREET_SUFFIX_IN_TEXT + r" \d{1,4}[a-z]?(?:[/-]\d{1,4})?\b"
            # 12 rue de la Paix, 5 bis boulevard Voltaire
            r"|\b\d{1,4}(?: bis| ter)?,? (?i:rue|boulevard|bd|impasse|quai|chemin|allée)"
            r" (?:(?:de la|de|du|des|d') ?)?\p{Lu}"
            # After an address label, the forms that also read as other words (`Via Oral 3`,
            # `Arbeitsplatz 3`): `domicilio: Calle Mayor 5`, `wohnhaft Lindenweg 12a`
            r"|\b" + _ADDRESS_LABEL
            + r" ?[:,]? (?:(?:\p{Lu}[\p{L}'.-]*|(?i:de|del|della|di|da|do|dos|das|la|le|los)),? ){1,5}"
            r"(?:n[º°o]\.? ?)?\d{1,4}[a-z]?\b"
            # The number first after an English label, as English writes it: `lives at 55 Oak
            # Court`, `Address: 12 Elm Road` (`address` alone is a verb: `address 3 Key Points`)
            r"|\b(?i:lives at|living at|resides at|residing at|home address:?|address:) ?\d{1,5}[a-z]? (?:\p{Lu}[\p{L}'.-]*,? ){1,4}"
        ),
        validator=validators.street_address,
        presidio=("STREET_ADDRESS",),
        overrides=("PERSON",),  # street names are often people's names
        description="Street address (45 CFR 164.514(b)(2)(i)(B))",
    ),
    EntitySpec(
        entity="POSTAL_CODE",
        category=QUASI,
        names=("zip", "zipcode", "zip_code", "zip5", "zip3", "zip_3", "zip_5", "postal",
               "postal_code", "postcode", "post_code", "plz", "postleitzahl", "cp",
               "code_postal", "codepostal", "codigo_postal", "cod_postal", "postal_cd", "zcta",
               "cap", "codice_postale", "cep", "kod_pocztowy", "postnummer",
               "npa", "posta_kodu", "postinumero", "郵便番号", "邮政编码", "邮编",
               "우편번호", "zip4", "zip_plus_4", "zip9", "postnr", "post_nr", "cod_post",
               "postcode_area", "郵便", "индекс", "почтовый_индекс", "kode_pos", "מיקוד", "รหัสไปรษณีย์", "کد_پستی", "الرمز_البريدي", "पिन_कोड", "pin_code", "pincode", "ma_buu_chinh"),
        pattern=r"\d{5}-\d{4}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
        validator=validators.postal_code,
        # Under a name also JP `123-4567`, CN `100080`, the Canadian form, NL `1234 AB`,
        # PL `00-950`, SE `123 45`, BR CEP `01310-100` and PT `1000-001`; Japan marks its
        # codes with the postal mark (`〒123-4567`).
        named_pattern=(
            r"\d{5}(?:-\d{4})?|\d{3}|\d{4}|〒 ?\d{3}-?\d{4}|\d{3}-\d{4}|\d{6}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d"
            r"|\d{4} ?[A-Z]{2}|\d{2}-\d{3}|\d{3} \d{2}|\d{5}-?\d{3}|\d{4}-\d{3}"
        ),
        presidio=("UK_POSTCODE",),
        description="ZIP or postal code (45 CFR 164.514(b)(2)(i)(B))",
    ),
    EntitySpec(
        entity="DATE_OF_BIRTH",
        category=QUASI,
        names=("dob", "birth", "birth_date", "birthdate", "date_of_birth", "birthday", "bday",
               "yob", "birth_year", "year_of_birth", "geb", "geb_datum", "geburtsdatum",
               "geburtstag", "geburtsjahr", "gebdat", "date_naissance", "date_de_naissance",
               "naissance", "annee_naissance", "ddn", "fecha_nacimiento", "fecha_de_nacimiento",
               "fecha_nac", "f_nac", "nacimiento", "ano_nacimiento", "data_nascita",
               "dt_nasc", "dt_nascimento", "syntymaaika", "fodelsedag", "fodselsdato", "dogum_tarihi",
               "data_de_nascimento", "data_di_nascita", "geboortedatum", "data_nasc",
               "data_urodzenia", "nascimento", "nascita", "fodelsedatum", "出生日期", "生日", "生年月日", "생년월일", "дата_рождения"),
        named_pattern=_DATE + r"|(?:18|19|20)\d{2}|" + _DATE_NUMBER + "|" + _YEAR_MONTH + "|" + _BIRTH_DATE_FORMS,
        # Inside text only after a birth label: a bare date in a note is any event's.
        # `DOB: 03/14/1962`, `DOB - 03/14/1962`, `date de naissance : 01/02/1950`, and dates with
        # a month name after a German, French or Spanish label (`geboren am 17. Mai 1961`).
        search=r"\b" + _BIRTH_LABEL + r"\.? ?[:-]? ?(?:" + _DATE_IN_TEXT + r"|" + _DATE_WITH_MONTH_WORD + r")",
        search_validator=validators.birth_date_in_text,
        temporal=True,
        overrides=("DATE", "PHONE_NUMBER"),
        description="Birth date or year (45 CFR 164.514(b)(2)(i)(C))",
    ),
    EntitySpec(
        entity="DATE",
        category=QUASI,
        names=("date", "admission", "admission_date", "admit_date", "admitted", "discharge",
               "discharge_date", "death", "death_date", "date_of_death", "dod", "deceased_date",
               "visit_date", "encounter_date", "service_date", "procedure_date",
               "diagnosis_date", "surgery_date", "aufnahme", "aufnahmedatum", "entlassung",
               "entlassungsdatum", "sterbedatum", "todesdatum", "datum", "date_admission",
               "date_sortie", "date_deces", "fecha", "fecha_ingreso", "fecha_alta",
               "fecha_defuncion", "collection_date", "sample_date", "specimen_date"),
        pattern=_DATE,
        named_pattern=_DATE + "|" + _RECENT_DATE_NUMBER + "|" + _YEAR_MONTH,
        # Calendar dates: software versions (3.14.27) fit the pattern but mostly not the
        # calendar; 0.8 leaves room for placeholders such as 00/00/0000 in real date columns.
        validator=validators.calendar_date,
        named_validator=validators.date_named,
        min_valid=0.8,
        temporal=True,
        presidio=("DATE_TIME",),
        overrides=("PHONE_NUMBER",),  # 12.03.2020 is a dialable number in some plans
        description="Date tied to a person: admission, discharge, death, service (45 CFR 164.514(b)(2)(i)(C))",
    ),
    EntitySpec(
        entity="AGE",
        category=QUASI,
        names=("age", "age_years", "age_at_diagnosis", "age_at_visit", "patient_age", "pt_age",
               "alter", "lebensalter", "age_ans", "edad", "eta", "idade", "age_yrs", "idade_em_anos",
               "leeftijd", "wiek", "alder", "年龄", "年齢", "나이", "возраст", "yas", "yasi",
               "age_band", "ageband", "age_range", "age_months", "age_in_months", "age_in_years",
               "ika", "idade_anos", "edad_anos", "usia", "umur", "tuoi", "גיל", "سن", "العمر", "عمر", "อายุ", "आयु", "उम्र", "вік", "lat_pacjenta"),
        # Ages written with their unit: years old in any wording is an age, named or not.
        pattern=r"\d{1,3} ?(?i:y/o|yo|yrs? old|years? old|jahre alt|ans révolus|años de edad)|\d{1,3} ?[歳才岁세]",
        named_pattern=(
            r"\d{1,3}(?:\.\d+)?\+?|\d{1,3} ?- ?\d{1,3}|>= ?\d{2,3}|> ?\d{2,3}"
            r"|\d{1,3} ?(?i:y|yr|yrs|years?|j|jahre|ans|an|años|anos|anni|jaar|lat|år|yaş|yas|v|vuotta)\.?"
        ),
        numeric_range=(0, 125),
        min_share=0.95,
        description="Age in years (45 CFR 164.514(b)(2)(i)(C): ages over 89)",
    ),
    EntitySpec(
        entity="SEX",
        category=QUASI,
        names=("sex", "gender", "gender_identity", "geschlecht", "sexe", "sexo", "genre", "genero", "sex_at_birth",
               "biological_sex", "sesso", "geslacht", "plec", "kon", "kjonn", "cinsiyet", "sukupuoli",
               "性别", "性別", "성별", "пол", "jenis_kelamin", "gioi_tinh", "جنس", "الجنس", "लिंग", "מין", "เพศ", "стать", "cinsiyeti", "plec_pacjenta"),
        vocabulary=frozenset({
            "m", "f", "male", "female", "w", "mannlich", "maennlich", "männlich", "weiblich",
            # Arabic, Persian, Hindi, Vietnamese, Indonesian, Hebrew, Thai, Ukrainian, Korean, Polish
            "ذكر", "أنثى", "انثى", "مرد", "زن", "पुरुष", "महिला", "स्त्री", "nam", "nữ",
            "laki-laki", "laki laki", "perempuan", "wanita", "pria", "זכר", "נקבה", "ชาย", "หญิง",
            "чоловіча", "жіноча", "чоловік", "жінка", "남자", "여자", "남", "여", "kobieta",
            "mężczyzna", "mezczyzna",
            "divers", "homme", "femme", "masculin", "feminin", "féminin", "hombre", "mujer",
            "masculino", "femenino", "h", "man", "woman", "u", "unknown", "other", "x",
            "intersex", "non-binary", "nonbinary", "not specified", "d", "transgender man",
            "transgender woman", "trans man", "trans woman", "transgender", "genderqueer",
            "agender", "two-spirit", "gender non-conforming", "questioning",
            # Italian, Dutch, Polish, Portuguese, Swedish
            "maschio", "femmina", "maschile", "femminile", "uomo", "donna", "vrouw", "mężczyzna",
            "mezczyzna", "kobieta", "feminino", "kvinna", "mann", "frau",
            # Chinese, Japanese, Korean, Turkish, Russian, Finnish, Danish/Norwegian
            "男", "女", "男性", "女性", "남", "여", "남성", "여성", "erkek", "kadın", "kadin",
            "мужской", "женский", "м", "ж", "mies", "nainen", "mand", "kvinde", "kvinne",
        }),
        # ISO/IEC 5218 codes under a sex or gender name: 1 male, 2 female, 0 and 9 unknown; and
        # letters that are sex codes only there: Polish K (kobieta), Vietnamese nu (nữ).
        named_pattern=r"[0129]|[Kk]|[Nn]u",
        min_share=0.97,
        description="Sex or gender (quasi-identifier: Sweeney 2000)",
    ),
    EntitySpec(
        entity="ETHNICITY",
        category=QUASI,
        names=("ethnicity", "race", "ethnic_group", "ethnic", "race_ethnicity", "ethnie",
               "etnia", "raza", "herkunft", "abstammung", "origine_ethnique", "民族", "人种",
               "cor_raca", "raca", "etnicidad", "ethnic_origin", "ancestry", "superpopulation",
               "национальность", "этническая_принадлежность", "לאום", "dan_toc", "suku", "suku_bangsa",
               "民族別", "인종", "العرق"),
        vocabulary=frozenset({
            "white", "black", "asian", "hispanic", "latino", "hispanic or latino",
            "not hispanic or latino", "non-hispanic", "black or african american",
            "african american", "american indian or alaska native", "american indian",
            "native hawaiian or other pacific islander", "pacific islander", "caucasian",
            "two or more races", "multiracial", "mixed", "other", "unknown", "declined",
            "middle eastern", "arab", "south asian", "east asian", "white british",
            "white - british", "black british", "asian british", "indian", "pakistani",
            "chinese", "not reported", "native american", "alaska native",
            # US abbreviations, UK census (ONS 2021) and EU-language terms
            "ai/an", "nh/pi", "nhpi", "aian", "hispanic/latino", "non-hispanic white",
            "non-hispanic black", "white irish", "white other", "any other white background",
            "gypsy or irish traveller", "roma", "mixed white and black caribbean",
            "mixed white and black african", "mixed white and asian", "any other mixed background",
            "asian indian", "asian pakistani", "asian bangladeshi", "asian chinese",
            "any other asian background", "bangladeshi", "black caribbean", "black african",
            "any other black background", "caribbean", "african", "any other ethnic group",
            "weiß", "weiss", "schwarz", "asiatisch", "blanco", "blanca", "negro", "negra",
            "mestizo", "mestiza", "indígena", "indigena", "mulato", "asiático", "asiatico",
            "blanc", "noir", "asiatique", "bianco", "nero", "branco", "branca", "preto", "preta",
            "pardo", "parda", "amarelo", "amarela", "eur", "afr", "eas", "sas", "amr",
            "汉族", "回族", "满族", "壮族", "维吾尔族", "藏族", "蒙古族", "苗族", "彝族", "土家族",
            # China's other officially recognised groups (a Yunnan or Xinjiang cohort has them)
            "哈萨克族", "哈尼族", "傣族", "白族", "朝鲜族", "侗族", "瑶族", "黎族", "傈僳族", "畲族",
            "佤族", "水族", "纳西族", "羌族", "土族", "仫佬族", "锡伯族", "柯尔克孜族", "景颇族",
            "达斡尔族", "撒拉族", "布依族", "布朗族", "毛南族", "仡佬族", "阿昌族", "普米族", "塔吉克族",
            "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
            "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "高山族",
            # CDC Race and Ethnicity Code Set (PHIN VADS), written like LOINC codes
            "1002-5", "2028-9", "2054-5", "2076-8", "2106-3", "2131-1", "2135-2", "2186-5",
        }),
        min_share=0.95,
        overrides=("PERSON", "LOINC"),  # White, Black, Young are also surnames
        description="Race or ethnicity (quasi-identifier; GDPR Art. 9 special category)",
    ),
    # GDPR Art. 9 special categories beyond health, genetic, biometric and ethnic data
    # (policy-reference.md section 3): words a column of them is made of.
    EntitySpec(
        entity="RELIGION",
        category=SENSITIVE,
        names=("religion", "religious_affiliation", "religious_preference", "faith", "denomination",
               "confession", "konfession", "religionszugehorigkeit", "bekenntnis", "culte",
               "religion_declaree", "religion_declarada", "religione", "religiao", "godsdienst",
               "wyznanie", "宗教", "종교", "宗教信仰", "信仰", "религия", "вероисповедание", "الديانة", "الدين", "دین", "דת", "धर्म", "ศาสนา", "agama", "ton_giao", "din_mezhep"),
        vocabulary=frozenset({
            "православие", "православный", "православная", "ислам", "мусульманин", "мусульманка",
            "христианство", "католицизм", "буддизм", "иудаизм", "атеист", "атеизм", "الإسلام",
            "مسلم", "مسلمة", "مسيحي", "مسيحية", "يهودي", "佛教", "基督教", "伊斯兰教", "天主教", "道教",
            "无宗教信仰", "無宗教", "仏教", "神道", "キリスト教", "불교", "기독교", "천주교", "무교",
            "christian", "catholic", "roman catholic", "protestant", "orthodox", "anglican",
            "church of england", "lutheran", "methodist", "baptist", "evangelical", "mormon",
            "jehovah's witness", "muslim", "islam", "sunni", "shia", "jewish", "judaism", "hindu",
            "hinduism", "buddhist", "buddhism", "sikh", "sikhism", "jain", "bahai", "shinto",
            "taoist", "atheist", "agnostic", "no religion", "none", "other", "other religion",
            "spiritual", "katholisch", "evangelisch", "römisch-katholisch", "muslimisch",
            "jüdisch", "konfessionslos", "ohne konfession", "catholique", "protestant", "musulman",
            "musulmane", "juif", "juive", "athée", "sans religion", "católico", "católica",
            "cristiano", "cristiana", "musulmán", "judío", "ateo", "atea", "cattolico", "ebreo",
            "ortodosso", "katolik", "prawosławny",
        }),
        min_share=0.95,
        description="Religious belief (GDPR Art. 9 special category)",
    ),
    EntitySpec(
        entity="SEXUAL_ORIENTATION",
        category=SENSITIVE,
        names=("sexual_orientation", "orientation", "sexuality", "sexuelle_orientierung",
               "orientation_sexuelle", "orientacion_sexual", "orientamento_sessuale"),
        vocabulary=frozenset({
            "heterosexual", "straight", "straight or heterosexual", "gay", "lesbian",
            "gay or lesbian", "bisexual", "homosexual", "asexual", "pansexual", "queer",
            "questioning", "other", "not sure", "don't know", "heterosexuell", "homosexuell",
            "bisexuell", "hétérosexuel", "homosexuel", "bisexuel", "heterosexual", "bisexual",
        }),
        min_share=0.95,
        description="Sexual orientation (GDPR Art. 9 special category)",
    ),
    EntitySpec(
        entity="CITY",
        category=QUASI,
        names=("city", "town", "ort", "wohnort", "stadt", "gemeinde", "ville", "commune",
               "ciudad", "municipio", "localidad", "county", "landkreis", "kreis",
               "city_of_residence", "birthplace", "place_of_birth", "geburtsort",
               "lieu_de_naissance", "lugar_de_nacimiento", "citta", "comune", "woonplaats",
               "plaats", "cidade", "localita", "miasto", "municipality", "hometown", "home_town",
               "residence", "place_of_residence", "city_name", "cityname", "village", "borough",
               "sehir", "stad", "miejscowosc", "localidade", "lugar_de_residencia", "wohnsitz",
               "城市", "市区町村", "市町村", "도시"),
        named_pattern=r"[\p{L}][\p{L} .'()-]{1,60}",
        overrides=("PERSON",),  # towns named after people (Jackson, Charlotte)
        description="City, town or county (45 CFR 164.514(b)(2)(i)(B))",
    ),
    EntitySpec(
        entity="IP_ADDRESS",
        category=DIRECT,
        names=("ip", "ip_address", "ipaddress", "ip_addr", "client_ip", "remote_addr",
               "source_ip", "ipv4", "ipv6", "adresse_ip", "direccion_ip"),
        pattern=(
            r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
            r"|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
        ),
        # IPv4, and IPv6 in full (eight groups) or compressed after two groups or more
        # (`2001:db8::8a2e:370:7334`): a time (`12:30:45`) has neither seven colons nor `::`, a
        # MAC has five, and `std::dec` one group before its `::`. No `\b` around the IPv6
        # forms: a Unicode word boundary made the search of text ten times slower, and the
        # validator (ipaddress) decides what is an address.
        # In text an IPv4 address stands after a space, bracket or label, not after `/` or
        # `rv:`: `Chrome/32.0.88.0` and `rv:1.9.2.20` in user agents are versions. Rust's regex
        # has no look-behind, so the character before is part of the match.
        # A version word before it (`firmware 1.9.41.37`) and dotted numbers after it (an OID)
        # are read with the match, for the validator to turn it down.
        search=(
            r"(?:(?i:firmware|version|ver|fw|build|release|rev)\.?:?)?"
            r"(?:^|[^/\w.:]|[^v]:)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.\d+)*\b"
            r"|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){2,6}(?::[0-9A-Fa-f]{1,4}){1,5}"
        ),
        validator=validators.ip_address,
        search_validator=validators.ip_address_in_text,
        presidio=("IP_ADDRESS",),
        overrides=("PHONE_NUMBER",),  # 10.20.30.40 also reads as a dotted phone number
        description="IP address (45 CFR 164.514(b)(2)(i)(O))",
    ),
    EntitySpec(
        entity="URL",
        category=DIRECT,
        names=("url", "website", "homepage", "web", "link", "profile_url", "webseite",
               "site_web", "sitio_web", "pagina_web"),
        pattern=r"(?i:https?|ftp)://[^\s/?#]+[^\s]*|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s]*",
        search=r"\b(?i:https?|ftp)://[^\s/?#]+[^\s]*|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
        presidio=("URL",),
        description="Web URL (45 CFR 164.514(b)(2)(i)(N))",
    ),
    EntitySpec(
        entity="USERNAME",
        category=DIRECT,
        # Only by name: `jsmith` is as often a word, a code or a tag. 28 CFR 202.234 lists account
        # user names among covered identifiers; HIPAA's (R) any other unique identifying code.
        names=("username", "user_name", "login", "login_name", "loginname", "user_login", "screen_name",
               "screenname", "handle", "nickname", "benutzername", "nom_utilisateur", "identifiant",
               "usuario", "nombre_de_usuario", "nome_utente", "nome_de_usuario", "gebruikersnaam",
               "nazwa_uzytkownika", "anvandarnamn", "用户名", "ユーザー名", "사용자명", "логин"),
        named_pattern=r"[A-Za-z0-9._@-]{0,31}\p{L}[\p{L}0-9._@-]{0,31}",
        validator=validators.account_username,
        description="Account user name (28 CFR 202.234 account-authentication data; 45 CFR 164.514(b)(2)(i)(R))",
    ),
    EntitySpec(
        entity="DEVICE_ID",
        category=DIRECT,
        names=("mac", "mac_address", "macaddress", "device_id", "deviceid", "device", "imei",
               "serial_number", "serial_no", "device_serial", "udid", "idfa", "gaid",
               "advertising_id", "ad_id", "android_id", "hardware_id", "sim", "iccid", "imsi",
               "geraete_id", "geraetenummer", "seriennummer", "numero_de_serie",
               "identifiant_appareil", "id_dispositivo"),
        # MAC (IEEE 802, three notations) and IMEI (15 digits, 3GPP TS 23.003), plain or grouped.
        pattern=(
            r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
            r"|\d{15}|\d{2}-\d{6}-\d{6}-\d"
        ),
        named_pattern=r"[A-Za-z0-9][A-Za-z0-9:._-]{5,63}",
        # An IMEI in text only after its label: 15 bare digits are as often a reference.
        search=(
            r"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b"
            r"|\b(?i:imei)(?: ?(?i:no|number|#))?\.?[:#]? ?\d{2}-?\d{6}-?\d{6}-?\d\b"
        ),
        # The IMEI's Luhn check digit; MACs and serial numbers carry none.
        validator=validators.device_identifier,
        named_validator=validators.device_identifier_named,
        min_valid=0.95,
        check_digit=True,
        description="Device identifier or serial number: MAC, IMEI, advertising id (45 CFR 164.514(b)(2)(i)(M))",
    ),
    EntitySpec(
        entity="IBAN_CODE",
        category=DIRECT,
        names=("iban", "bank_account", "iban_code", "kontonummer_iban"),
        pattern=r"[A-Z]{2}\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}",
        search=r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b",
        validator=validators.iban_code,
        check_digit=True,
        presidio=("IBAN_CODE",),
        description="IBAN bank account number (45 CFR 164.514(b)(2)(i)(J))",
    ),
    EntitySpec(
        entity="CREDIT_CARD",
        category=DIRECT,
        names=("credit_card", "card_number", "cc_number", "ccn", "card_no", "pan",
               "kreditkarte", "kartennummer", "carte_bancaire", "numero_carte", "tarjeta",
               "numero_tarjeta"),
        pattern=r"(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|3[47]\d{2}|6011|65\d{2}|3[0689]\d{2}|35\d{2})[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}|3[47]\d{2}[ -]?\d{6}[ -]?\d{5}",
        # Not continuing a group of digits (`DE89 3704 0044 0532 0130 00` holds a Luhn-valid
        # 3704 0044 0532 0130 one time in ten) nor a word: a hex digest or token
        # (`a9f4111111111111111c`) holds Luhn-valid runs of digits by chance, and 2,000,000
        # keyed pseudonyms held four. (Polars' regex engine has no look-behind.)
        # The search reads on over a following dash (`-A1B2`) for the validator to see that the
        # digits continue a longer dashed token: an upper-case UUID holds a Luhn-valid card
        # layout (`41124035-0940-0639-…`) in about one value of 30,000.
        # Visa, Mastercard (51-55 and 2221-2720), Discover and American Express (4-6-5).
        search=(
            r"(?:^|[^\w -]|[^\d -][ -])(?:(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|6011)(?:[ -]?\d{4}){3}"
            r"|3[47]\d{2}[ -]?\d{6}[ -]?\d{5})\b(?:-\w)?"
        ),
        validator=validators.luhn_digits,
        search_validator=validators.card_in_text,
        # Random digit strings pass Luhn one time in ten.
        min_valid=0.95,
        check_digit=True,
        presidio=("CREDIT_CARD",),
        description="Payment card number (45 CFR 164.514(b)(2)(i)(J))",
    ),
    EntitySpec(
        entity="ACCOUNT_NUMBER",
        category=DIRECT,
        names=("account", "account_number", "account_no", "acct", "acct_no", "acct_num",
               "bank_account_number", "konto", "kontonummer", "numero_de_compte", "compte",
               "cuenta", "numero_de_cuenta", "billing_account", "guarantor_account"),
        named_pattern=r"[A-Za-z0-9-]{0,6}\d[A-Za-z0-9 -]{4,30}",
        search=_ACCOUNT_IN_TEXT,
        search_validator=validators.labelled_code,
        presidio=("US_BANK_NUMBER",),
        description="Account number (45 CFR 164.514(b)(2)(i)(J))",
    ),
    EntitySpec(
        entity="US_PASSPORT",
        category=DIRECT,
        names=("passport", "passport_number", "passport_no", "passport_id", "reisepass",
               "reisepassnummer", "passnummer", "passeport", "numero_passeport", "pasaporte",
               "numero_pasaporte"),
        named_pattern=r"[A-Z0-9]{6,9}",
        search=_PASSPORT_IN_TEXT,
        search_validator=validators.labelled_code,
        presidio=("US_PASSPORT",),
        description="Passport number (45 CFR 164.514(b)(2)(i)(K))",
    ),
    EntitySpec(
        entity="US_DRIVER_LICENSE",
        category=DIRECT,
        names=("driver_license", "drivers_license", "driver_licence", "drivers_licence",
               "driving_licence", "dl_number", "dl_no", "fuehrerschein", "fuhrerschein",
               "fuehrerscheinnummer", "permis_de_conduire", "numero_permis_de_conduire",
               "licencia_de_conducir", "carnet_de_conducir", "patente_di_guida", "rijbewijs",
               "rijbewijsnummer", "carta_de_conducao", "prawo_jazdy", "korkort"),
        named_pattern=r"[A-Z0-9][A-Z0-9 -]{3,18}",
        search=_LICENCE_IN_TEXT,
        search_validator=validators.labelled_code,
        presidio=("US_DRIVER_LICENSE",),
        # `driver_license_number` also names LICENSE_NUMBER's `license_number`: the driving
        # licence is the more specific reading of the same values.
        overrides=("LICENSE_NUMBER",),
        description="Driver licence number (45 CFR 164.514(b)(2)(i)(K))",
    ),
    EntitySpec(
        entity="LICENSE_NUMBER",
        category=DIRECT,
        # Certificates and licences other than the driving licence: professional (medical,
        # nursing, pharmacy), state and board licences, birth and death certificate numbers.
        # Not `license` alone: a software export's `license` holds `GPL-3.0`.
        names=("license_no", "licence_no", "license_number", "licence_number", "license_num",
               "license_id", "licence_id", "lic_no", "lic_num", "lic_number", "certificate_no",
               "certificate_number", "certificate_id", "cert_no", "cert_number", "cert_num",
               "medical_license", "medical_licence", "professional_license",
               "professional_licence", "state_license", "board_certification_number",
               "birth_certificate_number", "death_certificate_number", "lizenznummer",
               "lizenz_nr", "zertifikatsnummer", "approbationsnummer", "numero_licence",
               "numero_de_licence", "numero_certificat", "numero_de_certificat", "permis",
               "numero_permis", "numero_licencia", "numero_de_licencia", "licencia",
               "numero_certificado", "numero_de_certificado", "numero_licenza", "numero_certificato",
               "vergunningnummer", "certificaatnummer", "numero_licenca", "numer_licencji",
               "执照号", "证书编号", "免許番号", "면허번호"),
        # An identifier: letters, digits and separators, with a digit (`MD-123456`, `A12345`,
        # `RN 0098812`); words (`active`, `expired`) and codes of two characters are not.
        named_pattern=r"[A-Za-z0-9/.-]{0,10}\d[A-Za-z0-9 /.-]{2,20}",
        description="Certificate or licence number (45 CFR 164.514(b)(2)(i)(K))",
    ),
    EntitySpec(
        entity="GEO_COORDINATE",
        category=QUASI,
        names=("lat", "latitude", "lon", "lng", "long", "longitude", "geo", "geolocation",
               "coordinates", "coords", "latlon", "lat_lon", "gps", "location", "breitengrad",
               "laengengrad", "breite", "laenge", "latitud", "longitud", "coordonnees",
               "coordenadas", "geo_lat", "geo_lon", "home_lat", "home_lon", "lange",
               "langengrad", "latitudine", "longitudine", "szerokosc", "dlugosc",
               "szerokosc_geograficzna", "dlugosc_geograficzna", "breedtegraad", "lengtegraad",
               "enlem", "boylam", "緯度", "経度", "纬度", "经度", "위도", "경도"),
        # A pair of numbers is a position by its rounding: four decimals or more (11 m) set it
        # apart from pairs of measurements (`1.75, 72.30`, `0.35/0.40`, `36.60 72.00`).
        pattern=r"\(?-?\d{1,2}\.\d{4,}\s*[,;/ ]\s*-?\d{1,3}\.\d{4,}\)?|POINT ?\(-?\d{1,3}\.\d{2,} -?\d{1,2}\.\d{2,}\)",
        # Under a coordinate name, two decimals (about 1 km) suffice, alone or in pairs.
        named_pattern=r"-?\d{1,3}\.\d{2,}|\(?-?\d{1,2}\.\d{2,}\s*[,;/ ]\s*-?\d{1,3}\.\d{2,}\)?",
        # In text: a pair with five decimals each (`found at 40.71278, -74.00594`; confidence
        # intervals have four at most), or with two after a label (`GPS: 40.71, -74.01`).
        search=(
            r"-?\b\d{1,2}\.\d{5,}, ?-?\d{1,3}\.\d{5,}\b"
            r"|\b(?i:gps|coordinates|coords|lat/lon|lat/long|latlon|koordinaten|coordonnées|coordenadas)"
            r"[:=]? ?\(?-?\d{1,2}\.\d{2,}, ?-?\d{1,3}\.\d{2,}\b"
        ),
        validator=validators.coordinate_pair,
        named_validator=validators.coordinate_named,
        search_validator=validators.coordinate_pair,
        numeric_range=(-180, 180),
        min_decimals=2,
        description="Precise geolocation, two or more decimals (~1 km; 28 CFR 202.242)",
    ),
    EntitySpec(
        entity="VEHICLE_ID",
        category=DIRECT,
        names=("vin", "vin_number", "vin_no", "vehicle_id", "vehicle_identification_number",
               "vehicle_identifier", "vehicle_serial_number", "chassis_number", "chassis_no",
               "fahrgestellnummer", "fahrzeugidentifizierungsnummer", "numero_de_chassis",
               "numero_vin", "numero_de_serie_vehicule", "numero_bastidor", "bastidor",
               "numero_telaio", "telaio", "chassisnummer", "license_plate", "licence_plate",
               "number_plate", "registration_plate", "vehicle_registration",
               "vehicle_registration_number", "vehicle_plate", "car_plate", "car_registration",
               "reg_plate", "vehicle_number", "vehicle_no", "kennzeichen", "kfz_kennzeichen", "amtliches_kennzeichen",
               "nummernschild", "immatriculation", "plaque_immatriculation",
               "numero_immatriculation", "matricula", "numero_matricula", "placa", "numero_placa",
               "targa", "numero_targa", "kenteken", "registreringsnummer", "numer_rejestracyjny",
               "tablica_rejestracyjna", "车牌号", "车牌", "ナンバープレート", "차량번호"),
        # A VIN (ISO 3779, 17 characters without I, O, Q) by value over every row; its check
        # digit (position 9) tells it from other 17-character codes.
        pattern=_VIN,
        # Under a plate or registration name, a licence plate: letters and digits, both present,
        # with the separators plates use (`B-AB 1234`, `AB-123-CD`, `7ABC123`, `1234 BCD`).
        # Plates take no shape common to all countries, so no value alone makes one.
        named_pattern=_VIN + "|" + _LICENCE_PLATE,
        validator=validators.vehicle_identifier,
        # One random 17-character code in eleven passes the check digit.
        min_valid=0.95,
        check_digit=True,
        # A Spanish plate (`1234 BCD`) reads as a house number and a street to the address form.
        overrides=("STREET_ADDRESS",),
        description="Vehicle identifier or serial number: VIN, licence plate (45 CFR 164.514(b)(2)(i)(L))",
    ),
    EntitySpec(
        entity="BIOMETRIC",
        category=DIRECT,
        names=("biometric", "biometrics", "biometric_data", "biometric_template", "biometric_id",
               "fingerprint", "fingerprints", "finger_print", "fingerprint_template",
               "fingerprint_image", "fingerprint_data", "minutiae", "palmprint", "palm_print",
               "hand_geometry", "voiceprint", "voice_print", "voice_template", "voice_embedding",
               "voice_sample", "speaker_embedding", "iris", "iris_code", "iris_template",
               "iris_scan", "retina", "retina_scan", "retinal_scan", "face_template",
               "face_embedding", "face_encoding", "face_vector", "facial_template", "faceprint",
               "face_print", "fingerabdruck", "biometrie", "stimmprofil", "empreinte",
               "empreinte_digitale", "empreinte_vocale", "huella_dactilar", "huella_digital",
               "huella_de_voz", "biometria", "impronta_digitale", "vingerafdruk",
               "impressao_digital", "odcisk_palca", "指纹", "声纹", "虹膜", "人脸特征", "指紋", "지문"),
        # Only under such a name, and only values that can hold a print: a template or sample
        # (binary, read as base64, or hex) longer than the longest common digest (SHA-512, 64
        # bytes), an embedding of 16 numbers or more, or the file that holds it. A
        # `fingerprint_on_file` flag or a file's SHA-256 `fingerprint` is no print.
        named_pattern=_BIOMETRIC_TEMPLATE,
        # A fingerprint scanned as PNG is an image too, and an embedding's numbers pair up like
        # coordinates: the name says which print the values are.
        overrides=("FACE_IMAGE", "GEO_COORDINATE"),
        description="Biometric identifier: finger, voice, iris, face template (45 CFR 164.514(b)(2)(i)(P))",
    ),
    EntitySpec(
        entity="FACE_IMAGE",
        category=DIRECT,
        names=("photo", "photos", "photograph", "photo_url", "photo_path", "photo_file",
               "image", "images", "image_url", "image_path", "image_file", "img", "picture", "pic",
               "portrait", "face", "face_image", "face_photo", "facial_image", "headshot",
               "mugshot", "selfie", "avatar", "profile_picture", "profile_photo", "profile_image",
               "id_photo", "passport_photo", "foto", "fotos", "bild", "lichtbild", "passbild",
               "passfoto", "fotografia", "imagen", "retrato", "photo_identite", "immagine",
               "afbeelding", "pasfoto", "zdjecie", "照片", "头像", "写真", "顔写真", "사진", "фото"),
        # An image by its leading bytes (JPEG, PNG, GIF, WebP, HEIC/AVIF), as base64 (binary
        # columns are read as base64), a data URI or hex. What the picture shows a linter cannot
        # see: an image of a patient counts as (Q) until someone who looked waives it.
        pattern=_IMAGE_BYTES,
        # Under a photo or image name, a file name or URL of an image.
        named_pattern=r".*\.(?i:jpe?g|jfif|png|heic|heif|gif|webp)(?:[?#].*)?",
        search=r"data:image/(?i:jpe?g|png|gif|webp|hei[cf]);base64,[A-Za-z0-9+/]{16}",
        description="Full-face photograph or comparable image (45 CFR 164.514(b)(2)(i)(Q))",
    ),
)


def name_synonym(column: str, spec: EntitySpec) -> str | None:
    """The synonym of `spec` the column name holds; none when the name is a measurement's
    (`cell_count`, `länge_cm`) and the entity is about a person."""
    if not spec.names or (spec.category in (DIRECT, QUASI) and names_a_quantity(column)):
        return None
    if spec.entity == "PERSON" and names_an_organisation(column):
        return None
    return match_synonym(column, spec.names)
