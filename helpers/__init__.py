"""Shared code of the clustering course: data loading, plots and small utilities.

Importing ``helpers`` has no side effects: call :func:`use_style` to apply the
course's figure style.

Modules
-------
helpers.data
    Verified third-party datasets and seeded synthetic data.
helpers.plotting
    The course style and plots used by more than one notebook.
helpers.versions
    The versions table shown in notebook 00.
helpers.course
    Course tooling: notebook metadata, the course map, execution, benchmark and
    student copies (``python -m helpers.course --help``).
"""

from helpers.plotting import use_style
from helpers.versions import show_versions

__all__ = ["show_versions", "use_style"]
__version__ = "0.1.0"
