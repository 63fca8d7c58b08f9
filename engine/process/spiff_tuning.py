"""One change to SpiffWorkflow's stepping cost, installed when the runtime is imported.

SpiffWorkflow refreshes the waiting tasks of a (sub)workflow after every task that
completes, by walking the whole task tree, finished tasks included. A process keeps every
finished loop iteration in its tree, so a case late in its 18 monthly checks walked some
200 tasks for each task a step completed. The workflow also keeps its tasks in a dict by
id; filtering that dict finds the same waiting tasks without building the tree's child
lists, in creation order (parents before children, as the walk visits them).
"""

from __future__ import annotations

from SpiffWorkflow.util.task import TaskState
from SpiffWorkflow.workflow import Workflow


def _update_waiting_tasks(self: Workflow) -> None:
    waiting = [task for task in self.tasks.values() if task.state == TaskState.WAITING]
    for task in waiting:
        task.task_spec._update(task)


Workflow.update_waiting_tasks = _update_waiting_tasks
