from .views import family_pages, plan_pages

app_name = "casework"
urlpatterns = family_pages.urlpatterns + plan_pages.urlpatterns
