from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/bulk/", views.bulk_review, name="bulk"),
    path("<int:pk>/drafts/<int:draft_id>/", views.draft_review, name="draft"),
]
