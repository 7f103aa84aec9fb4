"""Numbers 1 to 999 written in words, per language, to check digits and words agree.

Written here by the rules of each language, independently of the libraries the
reader uses, so that a property test can compare "forty-two" with "42".
"""

from __future__ import annotations

from collections.abc import Callable

_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english(n: int) -> str:
    """42 -> "forty-two", 105 -> "one hundred and five"."""
    hundreds, rest = divmod(n, 100)
    words = f"{_EN_ONES[hundreds]} hundred" if hundreds else ""
    if rest:
        tens, ones = divmod(rest, 10)
        small = (
            _EN_ONES[rest] if rest < 20 else _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
        )
        words = f"{words} and {small}" if words else small
    return words


_DE_ONES = [
    "null",
    "ein",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
]
_DE_TENS = [
    "_",
    "_",
    "zwanzig",
    "dreißig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
]


def german(n: int) -> str:
    """42 -> "zweiundvierzig", 105 -> "einhundertfünf"."""
    hundreds, rest = divmod(n, 100)
    words = f"{_DE_ONES[hundreds]}hundert" if hundreds else ""
    if rest:
        tens, ones = divmod(rest, 10)
        if rest < 20:
            small = "eins" if rest == 1 and not hundreds else _DE_ONES[rest]
        else:
            small = (f"{_DE_ONES[ones]}und" if ones else "") + _DE_TENS[tens]
        words += small
    return words


_ES_ONES = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
_ES_TENS = [
    "_",
    "_",
    "veinte",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
]
_ES_HUNDREDS = [
    "_",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]


def spanish(n: int) -> str:
    """42 -> "cuarenta y dos", 105 -> "ciento cinco"."""
    hundreds, rest = divmod(n, 100)
    words = (
        ("cien" if rest == 0 else _ES_HUNDREDS[1])
        if hundreds == 1
        else (_ES_HUNDREDS[hundreds] if hundreds else "")
    )
    if rest:
        tens, ones = divmod(rest, 10)
        small = (
            _ES_ONES[rest]
            if rest < 30
            else _ES_TENS[tens] + (f" y {_ES_ONES[ones]}" if ones else "")
        )
        words = f"{words} {small}".strip()
    return words


_FR_ONES = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_FR_TENS = ["_", "_", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _french_below_100(n: int) -> str:
    if n < 20:
        return _FR_ONES[n]
    tens, ones = divmod(n, 10)
    if tens in (7, 9):
        base = "soixante" if tens == 7 else "quatre-vingt"
        joiner = " et " if n == 71 else "-"
        return base + joiner + _FR_ONES[10 + ones]
    if tens == 8:
        return "quatre-vingts" if ones == 0 else f"quatre-vingt-{_FR_ONES[ones]}"
    if ones == 0:
        return _FR_TENS[tens]
    return _FR_TENS[tens] + (" et un" if ones == 1 else f"-{_FR_ONES[ones]}")


def french(n: int) -> str:
    """42 -> "quarante-deux", 105 -> "cent cinq", 80 -> "quatre-vingts"."""
    hundreds, rest = divmod(n, 100)
    words = ""
    if hundreds:
        words = (
            "cent" if hundreds == 1 else f"{_FR_ONES[hundreds]} cent" + ("s" if rest == 0 else "")
        )
    if rest:
        words = f"{words} {_french_below_100(rest)}".strip()
    return words


_RU_ONES = [
    "ноль",
    "один",
    "два",
    "три",
    "четыре",
    "пять",
    "шесть",
    "семь",
    "восемь",
    "девять",
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
_RU_TENS = [
    "_",
    "_",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
_RU_HUNDREDS = [
    "_",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]


def russian(n: int) -> str:
    """42 -> "сорок два", 105 -> "сто пять"."""
    return _slavic(n, _RU_ONES, _RU_TENS, _RU_HUNDREDS)


_UK_ONES = [
    "нуль",
    "один",
    "два",
    "три",
    "чотири",
    "п'ять",
    "шість",
    "сім",
    "вісім",
    "дев'ять",
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п'ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев'ятнадцять",
]
_UK_TENS = [
    "_",
    "_",
    "двадцять",
    "тридцять",
    "сорок",
    "п'ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев'яносто",
]
_UK_HUNDREDS = [
    "_",
    "сто",
    "двісті",
    "триста",
    "чотириста",
    "п'ятсот",
    "шістсот",
    "сімсот",
    "вісімсот",
    "дев'ятсот",
]


def ukrainian(n: int) -> str:
    """42 -> "сорок два", 105 -> "сто п'ять"."""
    return _slavic(n, _UK_ONES, _UK_TENS, _UK_HUNDREDS)


def _slavic(n: int, ones: list[str], tens: list[str], hundreds: list[str]) -> str:
    high, rest = divmod(n, 100)
    words = [hundreds[high]] if high else []
    if rest >= 20:
        words.append(tens[rest // 10])
        if rest % 10:
            words.append(ones[rest % 10])
    elif rest:
        words.append(ones[rest])
    return " ".join(words)


IN_WORDS: dict[str, Callable[[int], str]] = {
    "en": english,
    "de": german,
    "es": spanish,
    "fr": french,
    "ru": russian,
    "uk": ukrainian,
}
