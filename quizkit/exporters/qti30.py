"""IMS QTI 3.0 content packages: the QTI 2.1 package's structure, written with QTI 3.0's templates."""

from __future__ import annotations

from typing import ClassVar

from quizkit.exporters.qti21 import Qti21Exporter


class Qti30Exporter(Qti21Exporter):
    """`<name>-qti30.zip`: an IMS content package of QTI 3.0 items and a test."""

    name = "qti30"
    description = "IMS QTI 3.0 content package (items, a test and a manifest)"
    templates: ClassVar[str] = "qti30"
    version_label: ClassVar[str] = "QTI 3.0"
