import re

import pytest

from team.roles import Role
from tests.factories import CaseFactory, family_with_people

pytestmark = pytest.mark.django_db


def test_an_error_on_a_radio_group_links_to_its_first_radio(client_for):
    client = client_for(Role.TEAM_LEAD)
    family = family_with_people()
    CaseFactory(family=family)
    html = client.post(f"/families/{family.pk}/case/close/", {"note": ""}).content.decode()
    link = re.search(r'<a href="#(id_reason[^"]*)">Select why the case is closing</a>', html).group(1)
    assert f'id="{link}"' in html
    assert 'type="radio"' in re.search(rf'<input[^>]*id="{link}"[^>]*>', html).group(0)
