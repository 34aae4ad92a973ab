"""Let the examples import each other (``from paris_summit import paris_summit``) under pytest."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
