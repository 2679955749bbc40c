"""A deleted job takes its files along, however it is deleted (cleanup, or with its
municipality or strategy)."""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Job


@receiver(post_delete, sender=Job, dispatch_uid="jobs_delete_files")
def delete_files_of_deleted_job(sender: type[Job], instance: Job, **kwargs: Any) -> None:
    from .services import delete_job_files

    names = instance.file_names()
    if names:
        transaction.on_commit(partial(delete_job_files, names))
