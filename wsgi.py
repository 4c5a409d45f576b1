"""The WSGI entry point for production servers: `gunicorn wsgi:app` (settings come from the environment)."""
from survey import create_app

app = create_app()
