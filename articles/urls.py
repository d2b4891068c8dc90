from django.urls import path

from articles import newsroom, views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    # <str:> (not <slug:>): slugs are Persian; the numeric id carries identity.
    # Addresses a reader trims a URL to (/articles/, /sections/), and the short link a share carries.
    path("articles/", views.article_list, name="list"),
    path("sections/", views.section_list, name="sections"),
    path("a/<int:pk>", views.short_link, name="short"),
    path("a/<int:pk>/", views.short_link),
    path("articles/<int:pk>/", views.article_detail, name="detail_noslug"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("conferences/", views.conference_list, name="conferences"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference_noslug"),
    path("conferences/<int:pk>/<str:slug>/", views.conference_detail, name="conference"),
    path("search/", views.search, name="search"),
    path("archive/", views.archive_index, name="archive_index"),
    # <str:>: the views read Persian digits and Gregorian dates too, and answer 301 to the Jalali address.
    path("archive/<str:year>/", views.archive_year, name="archive_year"),
    path("archive/<str:year>/<str:month>/", views.archive_month, name="archive"),
    # A signed, expiring preview link an editor made (articles/newsroom.py).
    path("preview/<str:token>/", newsroom.preview_by_link, name="preview"),
]
