from .views import family_money, family_pages, plan_pages

app_name = "casework"
urlpatterns = family_pages.urlpatterns + family_money.urlpatterns + plan_pages.urlpatterns
