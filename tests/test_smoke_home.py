def test_home_renders_for_mentee(client, world, login):
    login(world.mentee)
    response = client.get("/")
    assert response.status_code == 200
    assert world.mentor.user.get_full_name() in response.content.decode()
