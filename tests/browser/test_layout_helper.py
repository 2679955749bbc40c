"""The layout net itself: it must find sideways scrolling and overlapping controls, name them,
and leave alone what only looks like an overlap (a label on its control, hidden elements)."""

from playwright.sync_api import Browser

from tests.browser.layout import layout_defects

BROKEN_PAGE = """<!doctype html><html lang="de"><head><title>Kaputt</title>
<style>body { margin: 0; } .wide { width: 700px; height: 10px; }
.over { display: block; margin-top: -30px; width: 300px; height: 48px; }</style></head>
<body><main>
<div class="wide" id="zu-breit"></div>
<button type="submit" id="loeschen">Ziel löschen</button>
<input type="checkbox" class="over" id="feld-1" name="fields" aria-label="Feld 1">
</main></body></html>"""

CLEAN_PAGE = """<!doctype html><html lang="de"><head><title>Sauber</title>
<style>body { margin: 0; } .sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
clip: rect(0, 0, 0, 0); white-space: nowrap; } .pile { margin-top: -40px; }</style>
</head><body><main>
<label for="titel">Titel <input id="titel" name="titel"></label>
<label><input type="checkbox" name="ok"> Erledigt</label>
<p><span class="sr"><button type="button">Im Versteckten</button></span><button type="button">Daneben</button></p>
<p><button type="button">Knopf</button><a href="/unsichtbar" class="sr">Nur für Screenreader</a></p>
<details><summary>Mehr</summary><button type="button" class="pile">Im Zugeklappten</button></details>
<button type="button" class="pile" style="visibility: hidden">Unsichtbar</button>
<a href="/leer" style="display:inline-block;width:0;height:0"></a>
</main></body></html>"""


def test_it_names_a_page_that_scrolls_sideways_and_a_checkbox_lying_on_a_button(
    browser: Browser,
) -> None:
    page = browser.new_page()  # no live server needed
    try:
        page.set_content(BROKEN_PAGE)
        defects = layout_defects(page)
        viewport_after = page.viewport_size
    finally:
        page.close()
    report = "\n".join(defects)

    assert "390 px: scrolls sideways (scrollWidth 700 > viewport 390)" in report
    assert "1366 px: scrolls sideways" not in report
    assert "div#zu-breit at 0,0 700×10" in report
    for width in (1366, 390):
        assert (
            f'{width} px: overlap: input[type=checkbox]#feld-1 "Feld 1" at 4,1 300×48\n'
            '    lies on button#loeschen "Ziel löschen" at 0,10'
        ) in report
    assert viewport_after == {"width": 1280, "height": 720}  # restored for the next scan


ESCAPING_PAGE = """<!doctype html><html lang="de"><head><title>Versteckt</title>
<style>body { margin: 0; } .sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
clip: rect(0, 0, 0, 0); }</style></head><body><main>
<div id="scroller" style="overflow-x: auto"><p style="width: 800px">Breit, aber im Scroller
<span style="padding-left: 700px"><span class="sr" id="entkommen">Bearbeiten</span></span></p></div>
</main></body></html>"""


def test_it_names_a_hidden_text_that_escapes_a_scrolling_container(browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(ESCAPING_PAGE)
        defects = layout_defects(page, widths=(390,))
    finally:
        page.close()
    report = "\n".join(defects)

    assert "390 px: scrolls sideways" in report
    assert "- span#entkommen" in report
    assert "(visually hidden)" in report
    assert "#scroller" not in report and "p at" not in report


def test_it_leaves_labels_on_their_controls_and_hidden_elements_alone(browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(CLEAN_PAGE)
        defects = layout_defects(page)
    finally:
        page.close()

    assert defects == []
