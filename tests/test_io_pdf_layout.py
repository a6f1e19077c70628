"""The layout evidence rules on hand-placed words and lines (the seed's own furniture,
footnote and mark), without a PDF."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from align.io.pdf_layout import (PdfLine, PdfPage, PdfWord, find_furniture, furniture_key,
                                 group_lines, lay_out)

H, W = 842.0, 595.0


def words(text: str, x: float, baseline: float, size: float = 10.0) -> list[PdfWord]:
    out = []
    for word in text.split():
        width = 5.0 * len(word)
        out.append(PdfWord(word, x, x + width, baseline - size, baseline, size))
        x += width + 3
    return out


def line(page: int, number: int, text: str, top: float, size: float = 10.0,
         lead_mark: str = "") -> PdfLine:
    return PdfLine(page, number, text, 57, 57 + 5 * len(text), top, top + size, size,
                   lead_mark=lead_mark)


def page(number: int, *lines: PdfLine, rules=()) -> PdfPage:
    return PdfPage(number, W, H, tuple(lines), tuple(rules))


def test_superscript_mark_stays_on_its_line_and_leaves_the_text() -> None:
    body = words("bestuurs- Deskundigengroep mensenhandel", 57, 300)
    end = body[-1].x1
    mark = PdfWord("1", end, end + 3, 300 - 3.5 - 6.5, 300 - 3.5, 6.5)
    rest = words("is opgericht om de Commissie", end + 6, 300)
    below = words("bewaking van het EU-plan", 57, 313)
    lines = group_lines(body + [mark] + rest + below, page=2)
    assert [ln.text for ln in lines] == [
        "bestuurs- Deskundigengroep mensenhandel is opgericht om de Commissie",
        "bewaking van het EU-plan"]
    text = lines[0].text
    (offset, label), = lines[0].marks
    assert label == "1" and text[:offset].endswith("mensenhandel")
    assert [ln.number for ln in lines] == [1, 2] and lines[0].page == 2


def test_footnote_starting_with_a_superscript_number() -> None:
    mark = PdfWord("1", 57, 60, 720 - 2.5 - 6.5, 720 - 2.5, 6.5)
    text = words("Opgericht bij Besluit van de Commissie", 63, 720, size=8)
    (footnote,) = group_lines([mark] + text, page=2)
    assert footnote.lead_mark == "1" and footnote.text.startswith("Opgericht bij")


def test_small_number_on_the_baseline_is_not_a_mark() -> None:
    body = words("PB L 277 van", 57, 300)
    small = PdfWord("20.10.2007", body[-1].x1 + 3, body[-1].x1 + 40, 300 - 6.5, 300, 6.5)
    (only,) = group_lines(body + [small], page=1)
    assert only.marks == () and only.text == "PB L 277 van 20.10.2007"


def test_furniture_key_ignores_changing_numbers() -> None:
    assert furniture_key("14186/07 GS/np 6") == furniture_key("14186/07  GS/np 7")
    assert furniture_key("BIJLAGE I DG H 2B NL") != furniture_key("DG H 2B NL")


def _pages_with_footer(n: int) -> list[PdfPage]:
    pages = []
    for k in range(1, n + 1):
        pages.append(page(k,
                          line(k, 1, ["Benadrukt dat alle lidstaten", "Erkent dat bijzondere aandacht",
                                      "Onderstreept het vertrouwen"][k % 3], 95),
                          line(k, 2, "14186/07 GS/np 6", 400),  # same text, mid-page: body
                          line(k, 3, f"14186/07 GS/np {k}", 790),
                          line(k, 4, "DG H 2B NL" if k < n else "BIJLAGE I DG H 2B NL", 802)))
    return pages


def test_running_footer_found_by_repetition_in_the_bottom_band() -> None:
    found = find_furniture(_pages_with_footer(3))
    assert set(found) == {(1, 3), (2, 3), (3, 3), (1, 4), (2, 4), (3, 4)}
    assert found[(1, 3)] == "running footer repeated on 3 pages"
    assert "extending a running footer" in found[(3, 4)]  # BIJLAGE I DG H 2B NL, once


def test_single_page_keeps_everything_but_a_page_number() -> None:
    found = find_furniture([page(1, line(1, 1, "Porto, 9th October 2007", 90),
                                 line(1, 2, "- 3 -", 800))])
    assert found == {(1, 2): "page number"}


def test_footnote_zone_small_print_and_continuation_over_a_page() -> None:
    first = page(1,
                 line(1, 1, "conclusies van de Raad over mensenhandel van 4-5 december 2006,", 90),
                 line(1, 2, "Opgericht bij Besluit van de Commissie van 17 oktober", 700, 8,
                      lead_mark="1"),
                 line(1, 3, "2007, PB L 277 van 20.10.2007,", 710, 8))
    second = page(2,
                  line(2, 1, "blz. 29.", 90, 8),
                  line(2, 2, "Verzoekt de lidstaten om hun maatregelen ter bescherming en", 120),
                  line(2, 3, "ondersteuning van de slachtoffers op te voeren,", 133))
    filler = [page(k, *(line(k, i, "Erkent dat bijzondere aandacht moet worden geschonken",
                              100 + 13 * i) for i in range(1, 30))) for k in (3, 4)]
    layouts = lay_out([first, second] + filler)
    assert [ln.number for ln in layouts[0].body] == [1]
    (note,) = layouts[0].footnotes
    assert note.mark == "1" and [ln.number for ln in note.lines] == [2, 3]
    # "2007, PB L ..." starts with a number but is not footnote 2007
    assert not note.continued_from_previous_page
    # the next page starts with body text, so "blz. 29." is small print at the top: body
    assert [ln.number for ln in layouts[1].body] == [1, 2, 3]


def test_footnote_continued_at_the_foot_of_the_next_page() -> None:
    body = [line(k, i, "Erkent dat bijzondere aandacht moet worden geschonken", 100 + 13 * i)
            for k in (1, 2) for i in range(1, 20)]
    first = page(1, *[b for b in body if b.page == 1],
                 line(1, 20, "Opgericht bij Besluit van de Commissie van 17 oktober", 700, 8,
                      lead_mark="1"))
    second = page(2, *[b for b in body if b.page == 2],
                  line(2, 20, "2007, PB L 277 van 20.10.2007, blz. 29.", 700, 8))
    layouts = lay_out([first, second])
    assert layouts[1].footnotes[0].continued_from_previous_page
    assert len(layouts[1].body) == 19


def test_same_size_footnote_under_a_short_rule() -> None:
    lines = [line(1, i, "Erkent dat bijzondere aandacht moet worden geschonken", 100 + 13 * i)
             for i in range(1, 20)]
    note = line(1, 20, "1 Opgericht bij Besluit van de Commissie van 17 oktober 2007", 700)
    layouts = lay_out([page(1, *lines, note, rules=[(690.0, 57.0, 200.0)])])
    assert layouts[0].footnotes[0].mark == "1" and len(layouts[0].body) == 19


def test_same_size_numbered_line_without_a_rule_is_body() -> None:
    lines = [line(1, i, "Erkent dat bijzondere aandacht moet worden geschonken", 100 + 13 * i)
             for i in range(1, 20)]
    numbered = line(1, 20, "1 januari 2008 treedt het kaderbesluit in werking", 370)
    layouts = lay_out([page(1, *lines, numbered)])
    assert layouts[0].footnotes == [] and len(layouts[0].body) == 20


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëï’-", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_WORD, min_size=1, max_size=8), min_size=1, max_size=12),
       st.lists(st.booleans(), min_size=12, max_size=12))
def test_grouping_never_loses_or_invents_words(rows, raised) -> None:
    placed = []
    for r, row in enumerate(rows):
        baseline = 100 + 13 * r
        x = 57.0
        for k, text in enumerate(row):
            if k and raised[r] and k == 1:
                placed.append(PdfWord("2", x, x + 3, baseline - 10, baseline - 3.5, 6.5))
                x += 4
            placed.append(PdfWord(text, x, x + 5 * len(text), baseline - 10, baseline, 10))
            x += 5 * len(text) + 3
    lines = group_lines(list(reversed(placed)), page=1)
    assert len(lines) == len(rows)
    out = Counter(w for ln in lines for w in ln.text.split())
    out.update(mark for ln in lines for _, mark in ln.marks)
    assert out == Counter(w.text for w in placed)
    assert [ln.text.split() for ln in lines] == [row for row in rows]


def test_numbers_in_the_band_that_are_text_not_page_numbers() -> None:
    """Regression: '(1999);' (end of an ILO convention citation in the annex) at the top of
    a page, and a year alone above the footer, were taken for page numbers."""
    pages = _pages_with_footer(3)
    pages[1] = page(2, line(2, 1, "14186/07 CRIMORG 156 MIGR 106", 40),
                    line(2, 2, "(1999);", 95),
                    line(2, 3, "Benadrukt dat alle lidstaten hun nationale systemen", 150),
                    line(2, 4, "2007", 760),
                    line(2, 5, "14186/07 GS/np 2", 790), line(2, 6, "DG H 2B NL", 802))
    found = find_furniture(pages)
    assert (2, 2) not in found and (2, 4) not in found
    assert found[(2, 5)].startswith("running footer")
    assert found[(2, 1)].startswith("top margin line")  # a header page 1 does not have


def test_page_one_letterhead_switches_the_margin_rule_off() -> None:
    pages = _pages_with_footer(2)
    pages[0] = page(1, line(1, 1, "RAAD VAN DE EUROPESE UNIE", 30), *pages[0].lines[1:])
    pages[1] = page(2, line(2, 9, "BIJLAGE", 40), *pages[1].lines)
    found = find_furniture(pages)
    assert (1, 1) not in found and (2, 9) not in found


def test_page_number_at_the_edge_under_a_running_footer() -> None:
    pages = _pages_with_footer(3)
    pages[2] = page(3, *pages[2].lines, line(3, 5, "- 3 -", 820))
    assert find_furniture(pages)[(3, 5)] == "page number"


def test_recurring_sentence_in_the_band_with_text_below_is_not_furniture() -> None:
    """Regression (a manual's 'der: buffer to hold the returned encoding' on two pages at
    the same height): a line with text between it and the page edge is body text."""
    pages = _pages_with_footer(2)
    for k in (0, 1):
        lines = list(pages[k].lines)
        lines[2:2] = [line(k + 1, 7, "Verzoekt de lidstaten maatregelen te overwegen", 745),
                      line(k + 1, 8, ["normen en procedures bij de voorkoming",
                                      "de bestrijding van mensenhandel"][k], 758)]
        pages[k] = page(k + 1, *lines)
    found = find_furniture(pages)
    assert (1, 7) not in found and (2, 7) not in found
    assert found[(1, 3)].startswith("running footer")


def test_repeats_at_different_heights_are_not_running() -> None:
    pages = _pages_with_footer(2)
    pages[0] = page(1, *pages[0].lines, line(1, 9, "Porto, 9th October 2007", 826))
    pages[1] = page(2, *pages[1].lines, line(2, 9, "Porto, 9th October 2007", 816))
    found = find_furniture(pages)
    assert (1, 9) not in found and (2, 9) not in found


def test_two_pages_body_footer_and_annex_footer() -> None:
    """One page of conclusions ('DG H 2B NL') and one of annex ('BIJLAGE I DG H 2B NL'):
    neither text repeats, but one ends the other at the same height."""
    found = find_furniture(_pages_with_footer(2))
    assert set(found) >= {(1, 3), (1, 4), (2, 3), (2, 4)}
    assert (1, 1) not in found and (1, 2) not in found


def test_sentence_ending_with_the_running_header_text_is_body() -> None:
    header = "14186/07 CRIMORG 156 MIGR 106"
    sentence = "op diezelfde dag heeft herzien, staan in ADD 1 bij document " + header
    pages = [page(k, line(k, 1, header, 40),
                  line(k, 2, sentence if k == 2 else f"Erkent dat bijzondere aandacht {k}", 60),
                  line(k, 3, "Benadrukt dat alle lidstaten hun nationale systemen", 150))
             for k in (1, 2, 3)]
    found = find_furniture(pages)
    assert found[(2, 1)].startswith("running header") and (2, 2) not in found
