"""The lazily exported names stay themselves whatever was imported before them."""

import subprocess
import sys


def test_extract_is_the_function_after_a_parse_imported_its_module():
    code = (
        "import sys\n"
        "from regimen import parse_regimen\n"
        "parse_regimen('Cisplatin 75 mg/m2 IV D1')\n"
        "assert 'regimen.extract' in sys.modules\n"
        "from regimen import extract\n"
        "import regimen\n"
        "assert callable(extract) and regimen.extract is extract, extract\n"
        "print([m.text for m in extract('Patients then received cisplatin 75 mg/m2 IV on day 1.')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['cisplatin 75 mg/m2 IV on day 1']"
