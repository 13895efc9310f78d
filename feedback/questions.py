"""The first version of "Your opinion counts", as the data migration seeds it.

The texts are marked for translation so that the Polish form shows them in Polish; a version
the team lead writes is shown as written until its texts are translated too.
"""

from django.utils.translation import gettext_noop

FFT_QUESTION = gettext_noop("Overall, how was your experience of our service?")
STATEMENTS = [
    gettext_noop("I was listened to"),
    gettext_noop("I understand my baby’s thoughts and feelings better"),
    gettext_noop("I feel more confident as a parent"),
    gettext_noop("I would recommend the service to other parents"),
]
WENT_WELL = gettext_noop("What went well?")
COULD_BE_BETTER = gettext_noop("What could be better?")
