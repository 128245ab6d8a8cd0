from django.urls import path

from toxfill.web.guide import views

urlpatterns = [
    path("", views.home, name="home"),
    path("compare", views.compare_page, name="compare"),
]
