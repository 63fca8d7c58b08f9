"""The BPMN runtime: process registry, instances, work queue, timers, messages, incidents."""
