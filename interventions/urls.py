from interventions.views import attendance, catalogue, diary, enrolments, groups, licences, tasks, video

app_name = "interventions"

# Each area's pages list their own paths.
urlpatterns = [
    *catalogue.urls, *enrolments.urls, *diary.urls, *groups.urls, *licences.urls, *video.urls, *tasks.urls,
    *attendance.urls,
]
