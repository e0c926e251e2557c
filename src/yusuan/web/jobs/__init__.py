"""Uploads read as background jobs (#18, #19).

The upload request only stores the file and a :class:`~yusuan.web.db.Job` row and returns (a
page: 303 to the job's page; the API: 202 with the job's address). A :class:`Runner` in each
server takes queued jobs in order (a conditional update: one server wins each) and has each
file read by a capped worker process (:mod:`yusuan.web.workers`), the readers' page reports
written to the row as progress. The draft is made (or its model replaced) and the job marked
done in one transaction (:mod:`.finish`). A job running when its server died (its heartbeat
goes stale) is read again once, then marked failed with a Chinese reason. A job whose filer
cancels it, or whose package is deleted or no longer editable, has its worker killed with
its process group.
"""

from yusuan.web.jobs.queue import (
    cancel,
    enqueue,
    recent,
    visible_job,
)
from yusuan.web.jobs.runner import Runner

__all__ = ["Runner", "cancel", "enqueue", "recent", "visible_job"]
