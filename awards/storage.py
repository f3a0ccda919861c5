"""Where files that only some people may read are kept: nomination letters.

They are stored under settings.PRIVATE_MEDIA_ROOT, outside the static files, and have no
URL at all: `url()` refuses, so no template or email can link to one by mistake. A view
checks who is asking and streams the file (awards.views.nominations.letter_download).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        # Read when the storage is first used, so test settings (a temporary folder) apply.
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        # Owner-only: the web server's other users have no business reading letters.
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks "
                         "permission.")


def private_storage() -> PrivateStorage:
    """The storage for FileFields (a callable, so migrations do not record the folder)."""
    return storages["private"]
