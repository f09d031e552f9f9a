"""Every input the long fuzzing campaign (``make fuzz``) crashed on, replayed.

Each file in tests/data/fuzz/ is a raw atheris input that once made the
library raise something other than a RegimenError, or drop text it was given
(the accounting check).  Each cause is fixed; this keeps it fixed.  A new
finding is added by copying its ``.fuzz/crash-*`` file here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.property.fuzz import check_bytes

FINDINGS = sorted((Path(__file__).resolve().parent.parent / "data" / "fuzz").iterdir())


def test_there_are_findings_to_replay():
    assert len(FINDINGS) >= 10


@pytest.mark.parametrize("path", FINDINGS, ids=[p.name[:14] for p in FINDINGS])
def test_finding_stays_fixed(path):
    check_bytes(path.read_bytes())
