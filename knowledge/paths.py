"""Where the knowledge lives; kept apart so the runtime never imports the markdown parser."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR / "source"
GENERATED_DIR = PACKAGE_DIR / "generated"
