"""Checking a file attached to a referral: an email saved as .eml, or a PDF, nothing else.

The name's ending and the content must agree, so a renamed program or document is refused."""

import uuid
from email import policy
from email.parser import BytesParser
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Enough of an email to read its headers.
HEADER_BYTES = 64 * 1024
WRONG_TYPE = "The selected file must be an email saved as .eml or a PDF"


def _head(upload: UploadedFile, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_pdf(upload: UploadedFile) -> bool:
    return _head(upload, 5) == b"%PDF-"


def _is_email(upload: UploadedFile) -> bool:
    """An email has at least a sender and one of date, subject or recipient in its headers."""
    head = _head(upload, HEADER_BYTES)
    if b"\x00" in head:
        return False
    message = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
    return bool(message["From"]) and any(message[name] for name in ("Date", "Subject", "To"))


def checked_upload(upload: UploadedFile) -> UploadedFile:
    """The file, renamed so its stored name says nothing about the family; or a ValidationError
    saying what is wrong with it."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in (".eml", ".pdf"):
        raise ValidationError(WRONG_TYPE, code="file_type")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The selected file must be smaller than 10 MB", code="file_size")
    if extension == ".pdf" and not _is_pdf(upload):
        raise ValidationError(
            "The selected file ends in .pdf but is not a PDF. Save the message as a PDF again, "
            "or paste its text into the original message box", code="not_pdf")
    if extension == ".eml" and not _is_email(upload):
        raise ValidationError(
            "The selected file ends in .eml but is not an email. Save the email again as a .eml file, "
            "or paste its text into the original message box", code="not_email")
    upload.name = f"{uuid.uuid4().hex}{extension}"
    return upload
