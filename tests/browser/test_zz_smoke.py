from tests.browser_harness import check_accessibility

def test_smoke(live_server, page, conformance):
    page.goto(live_server("/s/conformance-check"))
    assert page.locator("h1").count() == 1
    check_accessibility(page)

def test_js_off(live_server, js_disabled_page, conformance):
    js_disabled_page.goto(live_server("/s/conformance-check"))
    check_accessibility(js_disabled_page)
