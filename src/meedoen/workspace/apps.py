from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "meedoen.workspace"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from meedoen.web.security import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="meedoen-session-clock")
