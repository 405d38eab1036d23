"""The stop: set when a run is stopped (Ctrl-C, SIGTERM); answers in flight end at their next chunk."""

import threading

stopping = threading.Event()
