from django.urls import path

from platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.platform_list, name="list"),
    # <str:> (not <slug:>): slugs may be Persian.
    path("<str:slug>/", views.platform_detail, name="detail"),
]
