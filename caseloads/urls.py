from caseloads import consultation
from caseloads.views import app_name
from caseloads.views import urlpatterns as case_urlpatterns

urlpatterns = [*case_urlpatterns, *consultation.urlpatterns]

__all__ = ["app_name", "urlpatterns"]
