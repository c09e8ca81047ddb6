"""Handouts as self-contained HTML files: student copy, answer key and source packet."""

from __future__ import annotations

from collections.abc import Sequence

from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.handouts import handouts, render_handout, stylesheet
from quizkit.selection import Form


class HtmlExporter(Exporter):
    """One HTML file per document, the print stylesheet inlined."""

    name = "html"
    suffix = ".html"
    description = "printable handouts (student copy, answer key, source packet) as HTML"

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        css = stylesheet(self.options.paper)
        for handout in handouts(forms, self.options, self.suffix):
            staging.write_text(handout.filename, render_handout(handout, css))
        return ExportResult()
