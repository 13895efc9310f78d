"""Every write feedback makes: requests and their sending, answers, the questionnaire."""

from feedback.services.requests import (  # noqa: F401
    link_url,
    reminder_send,
    request_retry,
    request_send,
    requests_cancel_for_caregiver,
    requests_create_for_enrolment,
    requests_sweep,
)
from feedback.services.responses import (  # noqa: F401
    paper_response_record,
    questionnaire_current,
    questionnaire_edit,
    request_for_link,
    response_submit,
)
