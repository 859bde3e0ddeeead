"""Real browser, two contexts: a participant's answer appears in the facilitator's view."""

from browser_helpers import grid_column, metric_value, open_page, wait_idle


def test_a_participants_answer_appears_in_the_facilitators_view(page, browser, app_url):
    open_page(page, app_url, "workshop")
    page.get_by_label("Title (participants see it)").fill("Browser test room")
    page.get_by_role("button", name="Open a workshop").click()
    page.get_by_test_id("stMetricLabel").get_by_text("Join code", exact=True).wait_for()
    code = metric_value(page, "Join code")
    assert len(code) == 6 and f"workshop={code}" in page.url
    assert metric_value(page, "Participants") == "0"

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        participant = phone.new_page()
        participant.set_default_timeout(60_000)
        open_page(participant, app_url, "workshop", f"join={code}")
        participant.wait_for_function("() => window.location.search.includes('pid=')")
        participant.get_by_label("Your name or role (optional; only the facilitator sees it)").fill(
            "<b>Phone</b> user"
        )
        slider = participant.get_by_role("slider").first  # homicide
        slider.focus()
        slider.press("End")  # weight 10
        participant.get_by_role("button", name="Submit my answer").click()
        participant.get_by_text("your answer is in").wait_for()
        participant.reload()  # a reload keeps the answer: the button now updates it
        participant.get_by_role("button", name="Update my answer").wait_for()
    finally:
        phone.close()

    # No click on the facilitator's side: the live view refreshes itself.
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stMetric']")].some(
               m => m.innerText.includes('Participants') && m.innerText.trim().endsWith('1'))""",
        timeout=30_000,
    )
    page.get_by_role("tab", name="Participants").click()
    wait_idle(page)
    names = grid_column(page, column=1, rows=1, nth=page.get_by_test_id("stDataFrame").count() - 1)
    assert names == ["<b>Phone</b> user"]  # shown as the plain text typed
    homicide = grid_column(
        page, column=3, rows=1, nth=page.get_by_test_id("stDataFrame").count() - 1
    )
    assert homicide == ["29"]  # 10 / (10 + 5 × 5) = 29% of the weight
