"""Three changes to SpiffWorkflow's stepping cost, installed when the runtime is imported.

SpiffWorkflow walks the whole task tree, finished tasks included, to find the waiting
tasks it refreshes after every completed task and the READY tasks it runs in each round of
engine steps. A process keeps every finished loop iteration in its tree, so a case late in
its 18 monthly checks walked some 200 tasks per task a step completed, and again per round.
Each (sub)workflow also keeps its tasks in a dict by id: filtering that dict finds the same
tasks without the walk.

- Waiting tasks: the dict is in creation order, parents before children, which is the
  order the walk refreshes them in.
- READY tasks: the order decides which runs first, so the few found are sorted by their
  position in the walk (the child indexes from the root, a called process's tree coming
  before the children of the task that calls it), and those the walk would not reach (below
  a predicted task) are left out, as the walk leaves them out.
- Log details: while its loggers' own level is unset, SpiffWorkflow adds the task data to
  the details of every state change and a walk of all tasks to those of a completed
  (sub)workflow, whether or not the message is logged. Unless configured, its loggers get
  WARNING, the level they had in effect by default (the root logger's).
"""

from __future__ import annotations

import logging
from typing import Any

from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from SpiffWorkflow.workflow import Workflow

_walked_get_tasks = BpmnBaseWorkflow.get_tasks


def _update_waiting_tasks(self: Workflow) -> None:
    waiting = [task for task in self.tasks.values() if task.state == TaskState.WAITING]
    for task in waiting:
        task.task_spec._update(task)


def ready_in_walk_order(workflow: Any) -> list[Task]:
    """The READY tasks of ``workflow`` and the processes it calls, as the walk finds them."""
    top = workflow.top_workflow
    positioned = []
    for flow in dict.fromkeys([workflow, *top.subprocesses.values()]):
        for task in flow.tasks.values():
            if task._state == TaskState.READY:
                position = _walk_position(task, workflow, top)
                if position is not None:
                    positioned.append((position, task))
    positioned.sort(key=lambda pair: pair[0])
    return [task for _position, task in positioned]


def _walk_position(task: Task, workflow: Any, top: Any) -> tuple[int, ...] | None:
    """Where the depth-first walk from ``workflow``'s root meets ``task``; None: never.
    Attributes are read directly: this climbs every ancestor of a task deep in a loop."""
    path: list[int] = []
    calling = top.subprocesses
    while True:
        flow = task.workflow
        parent = flow.tasks.get(task._parent)
        if parent is None:  # the root of its (sub)workflow
            if flow is workflow:
                path.reverse()
                return tuple(path)
            if flow is top:
                return None  # in a process ``workflow`` does not call
            path.append(0)  # the walk enters a called process before the caller's children
            task = top.get_task_from_id(flow.parent_task_id)
            continue
        calls = parent.id in calling
        if parent._state < TaskState.FUTURE and not calls:
            return None  # the walk does not descend below a predicted task
        path.append(parent._children.index(task.id) + (1 if calls else 0))
        task = parent


def _get_tasks(self: Any, first_task: Task | None = None, **kwargs: Any) -> list[Task]:
    if first_task is None and kwargs == {"state": TaskState.READY}:
        return ready_in_walk_order(self)
    return _walked_get_tasks(self, first_task, **kwargs)


Workflow.update_waiting_tasks = _update_waiting_tasks
BpmnBaseWorkflow.get_tasks = _get_tasks
for _name in ("spiff.task", "spiff.workflow"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)
