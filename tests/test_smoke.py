from team.roles import Role


def test_team_lead_sees_families_page(client_for):
    client = client_for(Role.TEAM_LEAD)
    response = client.get("/families/")
    assert response.status_code == 200
    assert "Families" in response.content.decode()
