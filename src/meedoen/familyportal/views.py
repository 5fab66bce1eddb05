"""The family portal's pages live in small modules; urls.py joins them."""

from .consent_views import consent, give, withdraw  # noqa: F401
from .file_views import access_log, export_json, helpers, meetings, my_data  # noqa: F401
from .login import LoginView, LogoutView  # noqa: F401
from .plan_views import add_comment, add_goal, goal_achieved, home  # noqa: F401
