"""Serving a model that needs no TensorFlow without loading TensorFlow.

Rasa 3.6 imports TensorFlow whatever the pipeline: its featurizers, extractors
and training utilities import Keras classes at module level. Loaded, it is
about 330 MB of the Rasa server's memory and seconds of its start-up, for a
model (config.yml) in which nothing runs on it. When the trained model uses
only components known to run without it (`needs_tensorflow`), the server
imports a stand-in instead (`install`): module attributes are placeholder
classes, enough for those module-level class definitions and decorators, and
calling any of them raises, so a component that did need TensorFlow fails
loudly at start-up rather than misbehaving. A model with DIET, TED, the
ResponseSelector or anything unknown gets the real TensorFlow.
clinic_assistant/launcher.py decides; RASA_TENSORFLOW=1 forces the real one.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import tarfile
import types
from pathlib import Path
from typing import Any, Callable

# Rasa classes that predict without TensorFlow (the project's own components,
# `components.*`, import none).
TENSORFLOW_FREE = frozenset({
    "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
    "rasa.core.policies.memoization.MemoizationPolicy",
    "rasa.core.policies.memoization.AugmentedMemoizationPolicy",
    "rasa.core.policies.rule_policy.RulePolicy",
    "rasa.graph_components.converters.nlu_message_converter.NLUMessageConverter",
    "rasa.graph_components.providers.domain_provider.DomainProvider",
    "rasa.graph_components.providers.rule_only_provider.RuleOnlyDataProvider",
    "rasa.nlu.classifiers.fallback_classifier.FallbackClassifier",
    "rasa.nlu.classifiers.keyword_intent_classifier.KeywordIntentClassifier",
    "rasa.nlu.classifiers.logistic_regression_classifier.LogisticRegressionClassifier",
    "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler",
    "rasa.nlu.classifiers.sklearn_intent_classifier.SklearnIntentClassifier",
    "rasa.nlu.extractors.entity_synonyms.EntitySynonymMapper",
    "rasa.nlu.extractors.regex_entity_extractor.RegexEntityExtractor",
    "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer",
    "rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer.LexicalSyntacticFeaturizer",
    "rasa.nlu.featurizers.sparse_featurizer.regex_featurizer.RegexFeaturizer",
    "rasa.nlu.tokenizers.whitespace_tokenizer.WhitespaceTokenizer",
})
STAND_IN_PACKAGES = ("tensorflow", "tensorflow_addons", "tensorflow_hub", "tensorflow_text", "keras")
# thinc (spaCy) imports this to detect TensorFlow: its absence tells it there is none.
DETECTION_MODULE = "tensorflow.experimental.dlpack"


def needs_tensorflow(model: Path) -> bool:
    """True unless every component the model predicts with is known to run without it."""
    with tarfile.open(model) as archive:
        metadata = json.load(archive.extractfile("metadata.json"))
    used = {node["uses"] for node in metadata["predict_schema"]["nodes"].values()}
    return any(name not in TENSORFLOW_FREE and not name.startswith("components.") for name in used)


class StandInCalled(RuntimeError):
    pass


class _PlaceholderType(type):
    """A class for every attribute; usable as a base class or a decorator, never called."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _placeholder(f"{cls.__name__}.{name}")

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]  # @tf.function
        if not args and kwargs:
            return _identity  # @tf.function(jit_compile=True)
        raise StandInCalled(
            f"{cls.__name__} was called, but this Rasa server runs without TensorFlow "
            "(components/without_tensorflow.py): set RASA_TENSORFLOW=1"
        )

    def __getitem__(cls, item: Any) -> Any:
        return cls

    def __or__(cls, other: Any) -> Any:
        return cls

    __ror__ = __or__


def _identity(function: Callable) -> Callable:
    return function


def _placeholder(name: str) -> type:
    return _PlaceholderType(name, (), {})


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _placeholder(f"{self.__name__}.{name}")


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname.split(".")[0] in STAND_IN_PACKAGES and fullname != DETECTION_MODULE:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """Before anything imports TensorFlow: its imports get the stand-in."""
    if any(name.split(".")[0] in STAND_IN_PACKAGES for name in sys.modules):
        raise RuntimeError("TensorFlow is already imported: install the stand-in first")
    sys.meta_path.insert(0, _StandInFinder())
