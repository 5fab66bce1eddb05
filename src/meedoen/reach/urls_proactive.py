"""The proactive service under /werkplek/bereik/proactief/ (names prefixed ``proactive_`` in the "reach" namespace)."""

from django.urls import path

from .views import proactive as views

urlpatterns = [
    path("", views.index, name="proactive_index"),
    path("batch/nieuw/", views.batch_create, name="proactive_batch_create"),
    path("batch/<int:pk>/", views.batch_detail, name="proactive_batch"),
    path("batch/<int:pk>/beoordelen/", views.batch_review, name="proactive_batch_review"),
    path("batch/<int:pk>/verzonden/", views.batch_send, name="proactive_batch_send"),
    path("batch/<int:pk>/brieven.pdf", views.batch_pdf, name="proactive_batch_pdf"),
    path("brief/<int:pk>.pdf", views.offer_pdf, name="proactive_offer_pdf"),
    path("afmeldingen/", views.opt_outs, name="proactive_opt_outs"),
    path("afmeldingen/<int:pk>/intrekken/", views.opt_out_withdraw, name="proactive_opt_out_withdraw"),
    path("effect/", views.take_up, name="proactive_take_up"),
]
