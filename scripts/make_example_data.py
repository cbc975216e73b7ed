"""Write the synthetic example extracts of "Little Minds Matter" to raw/little-minds-matter.

Usage: python scripts/make_example_data.py [output-folder]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Runs from a plain checkout too, without installing the package.
sys.path.insert(0, str(ROOT / "src"))

from programme_evaluation.example_data.little_minds_matter import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:] or [str(ROOT / "raw" / "little-minds-matter")])
