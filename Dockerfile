FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY pyproject.toml ./
COPY . .
RUN pip install .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --create-home piew && mkdir -p /app/private-files && chown piew /app/private-files
USER piew
EXPOSE 8000
CMD ["gunicorn", "piew.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
