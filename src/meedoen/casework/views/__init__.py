"""Casework pages for professionals. Each module holds its own ``urlpatterns``; casework/urls.py joins them."""
