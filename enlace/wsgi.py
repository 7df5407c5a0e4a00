"""WSGI entry point for gunicorn: `gunicorn enlace.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
application = get_wsgi_application()
