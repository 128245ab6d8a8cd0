from django.urls import path

from toxfill.web.guide import views

urlpatterns = [
    path("", views.home, name="home"),
    path("compare", views.compare_page, name="compare"),
    path("decide", views.decide_page, name="decide"),
    path("decide/result", views.decide_result, name="decide-result"),
    path("decide/summary.pdf", views.decide_summary_pdf, name="decide-summary-pdf"),
]
