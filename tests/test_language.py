"""Telling English from other languages: on evidence, never on a low English share alone."""

from __future__ import annotations

import pytest

from newswatch.language import identify

SPORTS = " ".join(
    f"Viera {n}, Palm Bay {n + 3}: Jones 12 pts, Smith 9 reb; Melbourne {n}, Eau Gallie {n + 1}."
    for n in range(12)
)
RECIPE = " ".join(
    f"Step {n}: 2 cups quinoa, 1 tbsp olive oil, chopped kale, lemon zest, sea salt, pepper."
    for n in range(8)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short text in any language.", None),
        ("The minister said the talks with Russia would continue despite the tensions. " * 6, "en"),
        (SPORTS, "en"),  # almost no English function words, but no other language either
        (RECIPE, "en"),
        ("Der Minister sagte, dass die Gespräche mit Russland auch weitergehen werden. " * 6, "de"),
        ("Le ministre a dit que les discussions avec la Russie vont continuer pour le moment. " * 6,
         "fr"),
        ("El ministro dijo que las conversaciones con Rusia van a continuar por el momento. " * 6,
         "es"),
        ("O ministro disse que as conversas com a Rússia vão continuar por enquanto também. " * 6,
         "pt"),
        ("Menteri mengatakan bahwa pembicaraan dengan Rusia akan tetap berlanjut untuk saat ini. "
         * 6, "id"),
        ("Министр сказал, что переговоры с Россией продолжатся, несмотря на напряжённость. " * 6,
         "cyrillic"),
        ("大臣は、ロシアとの協議は緊張にもかかわらず続くと述べた。" * 8, "ja"),
        ("장관은 긴장에도 불구하고 러시아와의 회담이 계속될 것이라고 말했다. " * 8, "ko"),
        ("部长表示，尽管局势紧张，与俄罗斯的会谈仍将继续。" * 8, "zh"),
    ],
)  # fmt: skip
def test_identify(text: str, expected: str | None) -> None:
    assert identify(text) == expected


def test_english_quoting_a_foreign_phrase_stays_english() -> None:
    text = ("The chancellor, speaking in Berlin, said “wir schaffen das” and then went on to "
            "explain in English what the government would do about the refugees. ") * 4  # fmt: skip
    assert identify(text) == "en"
