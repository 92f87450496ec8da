"""Rasa's model graph run node after node, without dask's scheduler.

A served turn runs the model's graph three times (the message's parse, then
a prediction before each action), and Rasa's DaskGraphRunner rebuilds the
graph for dask and has dask's synchronous scheduler order and run it every
time: about 7% of a served turn's CPU (docs/performance.md), for a graph
whose order never changes. `SequentialGraphRunner` works out each set of
targets' nodes and their order once, then calls the same GraphNode objects
with the same arguments dask would pass them: each needed node's
`(name, output)`, or the bare name of an input nobody provided.

clinic_assistant/launcher.py has Rasa's processor load the served model
with it; training and `rasa test` keep DaskGraphRunner.
"""
from __future__ import annotations

from graphlib import TopologicalSorter
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orders: Dict[Tuple[Text, ...], List[Text]] = {}

    def _order(self, targets: Tuple[Text, ...]) -> List[Text]:
        """The nodes the targets need, each after the nodes it needs."""
        if targets not in self._orders:
            nodes = self._graph_schema.minimal_graph_schema(list(targets)).nodes
            needs = {name: [needed for needed in node.needs.values() if needed in nodes] for name, node in nodes.items()}
            self._orders[targets] = list(TopologicalSorter(needs).static_order())
        return self._orders[targets]

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        # As in dask's graph: an input takes the place of a node of its name.
        outputs: Dict[Text, Any] = {name: (name, value) for name, value in (inputs or {}).items()}
        nodes = self._graph_schema.nodes
        try:
            for name in self._order(run_targets):
                if name not in outputs:
                    needed = [outputs.get(provider, provider) for provider in nodes[name].needs.values()]
                    outputs[name] = self._instantiated_nodes[name](*needed)
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(outputs[target] for target in run_targets)
