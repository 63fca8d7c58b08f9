"""Cases: the unit of work a process instance is bound to."""
