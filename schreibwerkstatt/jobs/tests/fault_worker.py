"""`schreibwerkstatt worker` with the slow kinds of fault_kinds.py, for test_fault_worker.py.

Run as a script; the environment (DATABASE_URL, JOB_LEASE_SECONDS, ...) comes from the test.
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from schreibwerkstatt.jobs.tests.fault_kinds import register_fault_kinds

    register_fault_kinds()
    call_command("worker", "--interval", "0.2", *sys.argv[1:], verbosity=0)
