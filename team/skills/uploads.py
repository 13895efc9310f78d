"""Checking a training certificate: a PDF, PNG or JPEG under 5 MB, whose content is what its
name says."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg"}
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
WRONG_TYPE = "The selected file must be a PDF, PNG or JPEG"


def _is_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def _is_image(upload: UploadedFile, image_format: str) -> bool:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return found == image_format


def checked_certificate(upload: UploadedFile) -> UploadedFile:
    """The file, if it is a certificate the service keeps; otherwise a ValidationError saying
    what is wrong with it."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in CONTENT_TYPES:
        raise ValidationError(WRONG_TYPE, code="file_type")
    if upload.size > MAX_CERTIFICATE_BYTES:
        raise ValidationError("The selected file must be smaller than 5 MB", code="file_size")
    genuine = _is_pdf(upload) if extension == ".pdf" else _is_image(upload, IMAGE_FORMATS[extension])
    if not genuine:
        kind = "PDF" if extension == ".pdf" else extension.lstrip(".").upper() + " image"
        raise ValidationError(
            f"The selected file ends in {extension} but is not a {kind}. Save the certificate "
            "again as a PDF, PNG or JPEG", code="not_genuine")
    return upload


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
