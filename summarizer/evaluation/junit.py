"""The eval as JUnit XML, so that CI systems show it in their own test views.

One test suite per scope (the totals, then each fixture) and in it one test case per
gated metric, named like ``events.f1``. A case fails where the baseline gate fails (the
metric fell by more than the tolerance); without a baseline nothing fails on score. A
fixture whose extraction failed has its cases in error, unless failures are allowed,
so the XML says what the exit code says.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from summarizer.evaluation.baseline import Comparison, Delta
from summarizer.evaluation.report import gated_metrics

SUITES_NAME = "summarizer eval"


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:.4f}"


def _describe(metric: str, value: float | None, delta: Delta | None) -> str:
    text = f"{metric} {_number(value)}"
    if delta is not None:
        change = "" if delta.change is None else f", change {delta.change:+.4f}"
        text += f" (baseline {_number(delta.baseline)}{change})"
    return text


def junit_xml(
    report: Mapping[str, Any],
    comparison: Comparison | None = None,
    *,
    tolerance: float | None = None,
    allow_failures: bool = False,
) -> str:
    """The report (and the gate's verdicts, when given) as a JUnit XML document."""
    deltas = {(d.scope, d.metric): d for d in comparison.deltas} if comparison else {}
    errors = {
        slug: str(block["error"])
        for slug, block in report["fixtures"].items()
        if block.get("error") and not allow_failures
    }
    root = ET.Element("testsuites", name=SUITES_NAME)
    suites: dict[str, ET.Element] = {}
    for scope, metric, value in gated_metrics(report):
        suite = suites.get(scope)
        if suite is None:
            suite = suites[scope] = ET.SubElement(root, "testsuite", name=scope)
        case = ET.SubElement(suite, "testcase", classname=f"eval.{scope}", name=metric, time="0")
        delta = deltas.get((scope, metric))
        described = _describe(metric, value, delta)
        if delta is not None and delta.regressed:
            limit = "" if tolerance is None else f" (tolerance {tolerance:g})"
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{metric} fell from {_number(delta.baseline)} to "
                f"{_number(delta.current)}{limit}",
                type="regression",
            )
            failure.text = described
        elif scope in errors:
            error = ET.SubElement(
                case, "error", message=f"extraction failed: {errors[scope]}", type="extraction"
            )
            error.text = errors[scope]
        ET.SubElement(case, "system-out").text = described
    _count(root, suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _count(root: ET.Element, suites: Mapping[str, ET.Element]) -> None:
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in suites.values():
        counts = {
            "tests": len(suite.findall("testcase")),
            "failures": len(suite.findall("testcase/failure")),
            "errors": len(suite.findall("testcase/error")),
        }
        for name, number in counts.items():
            suite.set(name, str(number))
            totals[name] += number
        suite.set("skipped", "0")
    for name, number in totals.items():
        root.set(name, str(number))


__all__ = ["junit_xml"]
