from django.urls import path

from articles import newsroom, views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    # <str:> (not <slug:>): slugs are Persian; the numeric id carries identity.
    path("articles/<int:pk>/", views.article_detail, name="detail_noslug"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("conferences/", views.conference_list, name="conferences"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference_noslug"),
    path("conferences/<int:pk>/<str:slug>/", views.conference_detail, name="conference"),
    path("search/", views.search, name="search"),
    path("archive/", views.archive_index, name="archive_index"),
    path("archive/<int:year>/", views.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive"),
    # A signed, expiring preview link an editor made (articles/newsroom.py).
    path("preview/<str:token>/", newsroom.preview_by_link, name="preview"),
]
