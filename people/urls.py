from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail_noslug"),
    # <str:> (not <slug:>): slugs are Persian; the numeric id carries identity.
    path("<int:pk>/<str:slug>/", views.person_detail, name="detail"),
]
