def test_home_renders_for_mentee(client, world, login):
    login(world.mentee)
    response = client.get("/")
    assert response.status_code == 200
    assert world.mentor.user.get_full_name() in response.content.decode()


def test_the_navigation_marks_the_current_page_and_names_the_division(client, world, login):
    login(world.director)
    html = client.get("/").content.decode()
    assert 'href="/" aria-current="page"' in html
    roster = f'/divisions/{world.division.pk}/roster/'
    # Short to the eye; a screen reader hears which division (the page names it too).
    assert (f'href="{roster}">Division roster<span class="visually-hidden">: General '
            'Internal Medicine</span></a>') in html
    assert f'href="{roster}" aria-current="page"' in client.get(roster).content.decode()
