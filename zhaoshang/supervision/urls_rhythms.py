"""周动态, 半年观摩 and 年终总结, under /supervision/."""

from django.urls import path

from . import views_rhythms as views

urlpatterns = [
    path("weekly/", views.weekly_list, name="weekly_list"),
    path("weekly/submit/", views.weekly_submit, name="weekly_submit"),
    path("weekly/digest/", views.weekly_digest, name="weekly_digest"),
    path("weekly/<int:pk>/", views.weekly_detail, name="weekly_detail"),
    path("weekly/<int:pk>/edit/", views.weekly_edit, name="weekly_edit"),
    path("site-review/", views.review_list, name="review_list"),
    path("site-review/export/", views.review_export, name="review_export"),
    path("summary/", views.summary_year, name="summary_year"),
    path("summary/export/", views.summary_export, name="summary_export"),
]
