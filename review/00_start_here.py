# ---
# jupyter:
#   course:
#     minutes: 20
#     objectives:
#     - Open, run and reset a course notebook in JupyterLab
#     - Check that your Python environment meets the course's minimum versions
#     - Find where each dataset comes from and which folder on your machine holds it
#     - Answer an exercise and check your answer with its check cell
#     summary: How the course works, a check of your environment, where the data comes
#       from
#     title: "00 \xB7 Start here"
# ---

# %% [markdown]
# # 00 · Start here
#
# Welcome to **Clustering in Python, from NumPy arrays to market maps**. This short notebook
# shows how the course works, checks that your computer is ready for it, and lets you try
# the way every exercise of the course is checked.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Open, run and reset a course notebook in JupyterLab
# - Check that your Python environment meets the course's minimum versions
# - Find where each dataset comes from and which folder on your machine holds it
# - Answer an exercise and check your answer with its check cell
#
# ## Prerequisites
#
# None. You need to know how to run a cell in Jupyter (select it, press **Shift+Enter**).
#
# **Estimated time:** 20 minutes.

# %% [markdown]
# ## How the course works
#
# The notebooks are numbered and build on each other, so take them in order. From 01 on,
# each one is written for a 90-minute class or session, and all share the same skeleton:
#
# - **Learning objectives** at the top tell you what you will be able to do afterwards.
# - **Sections** each teach one idea: a short explanation, a code cell, a picture or a
#   table, and one sentence on what to notice.
# - **Exercises** come near the end (see below).
# - **Key takeaways** and **Going further** sum up and point to the official documentation.
# - A **Recipe** closes every notebook: one self-contained cell that does the notebook's
#   main job on *your* data. It imports only public libraries, so you can paste it into
#   another project.
#
# **Exercises and check cells.** Each exercise asks for one value (a number, a name, a
# yes or no) and names the variable to store it in, such as `total_mb`. Write your code in
# the cell under the question, run it, then run the **check cell** that follows, for
# example `check("00.2", total_mb)`. It prints one of:
#
# - *correct*;
# - *not yet*, with a hint aimed at the most likely mistake (it never shows the answer);
# - *not attempted yet*, while your variable still holds `...`, the placeholder that
#   means "nothing here yet".
#
# Change your code and run both cells again as often as you like. In the notebooks of the
# course repository, a worked solution follows each check cell: try the exercise before you
# scroll past it. A student copy handed out by a teacher has no solutions, only the checks.
#
# **Run the cells from top to bottom**: later cells use variables that earlier cells made.
#
# **Reset a notebook** when something looks wrong: in JupyterLab choose
# **Kernel → Restart Kernel and Clear Outputs of All Cells**, then run everything again
# with **Run → Run All Cells**. To undo your edits as well, choose
# **File → Revert Notebook to Checkpoint** (back to the last save), or, in the course
# repository, run `git checkout -- notebooks/<name>.ipynb` in a terminal to get the
# original file back.
#
# Teachers: `make student` writes the student copies (see the README).

# %% [markdown]
# ## Setup
#
# Every notebook starts with a setup cell like this one. It imports what the notebook
# uses, including `check` for the exercises, and calls `helpers.use_style()`, which gives
# all figures of the course the same look (colours that stay distinguishable for
# colour-blind readers, readable fonts). `helpers` is the course's own small package; it
# lives in the `helpers/` folder of the repository. `SEED` fixes the random numbers, so
# you get the same results as the notebook.

# %%
import numpy as np
import pandas as pd

import helpers
import helpers.course
import helpers.data
from helpers.checks import check
from helpers.plotting import plot_clusters

helpers.use_style()
pd.set_option("display.precision", 3)
pd.set_option("display.max_colwidth", None)   # show long texts in full
SEED = 42

# %% [markdown]
# ## Check your environment
#
# The course is tested with the exact library versions in `requirements.lock`, but it does
# not need those: it needs each library at least at its **minimum** version, the floor set
# in `pyproject.toml`. Newer versions are fine. The table shows what *your* environment
# has; your numbers may differ from a classmate's, so look at the `ok` column, not at the
# numbers.

# %% tags=["nbval-ignore-output"]
versions = helpers.show_versions()
versions

# %%
if versions["ok"].all():
    print(f"Ready: Python and all {len(versions) - 1} libraries meet the course's minimum versions.")
else:
    print("Update these before you go on:", ", ".join(versions.index[~versions["ok"]]))

# %% [markdown]
# If a library is missing or too old, you are probably not running the course's
# environment. Close JupyterLab and start it again with `make lab` from the repository
# folder (or, on conda, `conda activate clustering-course`).

# %% [markdown]
# ## Where the data comes from
#
# Notebooks 01 to 03 make their own data with a seeded random generator, or use a dataset
# that ships with scikit-learn. Later notebooks also use two real third-party tables. They are
# not part of the repository: the first time you need one, `helpers.data` downloads it from
# its public source (with [pooch](https://www.fatiando.org/pooch/), the download library
# that SciPy's own datasets use) and checks that it is exactly the expected file: same
# size, same SHA-256 checksum, a fingerprint of the file's bytes that changes if a single
# byte does. Here is what the course uses and under which licence:

# %%
helpers.data.describe_datasets()

# %% [markdown]
# Where are those files on *your* machine? The course keeps them in one folder, its
# *data folder*: `data/` inside the course folder, unless the environment variable
# `CLUSTERING_COURSE_DATA` names another one (a folder of files copied from a USB stick,
# say, for a classroom without internet). The next cell tells you which folder yours is;
# `helpers.data.data_dir()` gives its full path.

# %% tags=["nbval-ignore-output"]
print("The course keeps its data files in:", helpers.data.describe_data_dir())

# %% [markdown]
# The next cell fetches (if needed) and verifies every file. Without internet it does not
# stop: it prints, for each file it cannot get, what to do instead. You can go on with
# notebooks 01 to 03 meanwhile; they need no download.

# %%
for name in helpers.data.DATASETS:
    try:
        path = helpers.data.fetch(name)
    except helpers.data.DataError as error:
        print(f"{name}: not available yet.\n  {error}")
    else:
        print(f"{path.name}: verified ({path.stat().st_size:,} bytes)")

# %% [markdown]
# A file that is missing, truncated, or different from the expected version raises an
# error that names the file, says what is wrong and what to do, instead of giving you wrong
# numbers later. `data/README.md` describes each file: source, columns, licence and known
# quirks.

# %% [markdown]
# ## The course map
#
# Each notebook describes itself in its metadata; this table (and the one in the README)
# is generated from there, so it is always up to date and grows as notebooks are added.

# %%
helpers.course.course_map()

# %% [markdown]
# ## A first figure
#
# To check that plotting works, draw 150 random points around three centres, 50 around
# each, and colour them by the group they were drawn from. The red crosses mark each
# group's **centroid**: the mean position of its points (the average of their x values,
# and of their y values). Clustering uses the word for the centre of a group of points;
# notebook 02 builds the k-means algorithm on it.
#
# `plot_clusters` is the scatter plot you will see in many notebooks; like every plotting
# helper of the course, it draws on a new figure unless you pass it an `ax`, and returns
# the axes it drew on.

# %%
rng = np.random.default_rng(SEED)
centres = np.array([[0.0, 0.0], [4.0, 1.0], [2.0, 4.0]])   # where the groups are drawn around
group = np.repeat([0, 1, 2], 50)                            # 50 points per group
points = centres[group] + rng.normal(scale=0.7, size=(150, 2))
centroids = np.array([points[group == g].mean(axis=0) for g in range(3)])

ax = plot_clusters(points, group, centers=centroids, label_prefix="group",
                   title="Three groups of random points and their centroids")

# %% [markdown]
# You should see three coloured clouds with a red cross, the centroid, in the middle of
# each. If you do, your environment is ready. The centroids sit close to the centres the
# points were drawn around, but not exactly on them: 50 random points never average out
# perfectly.

# %% [markdown]
# ## Exercises
#
# Three short exercises, each ending with its check cell. Try each one before you read on.

# %% [markdown]
# ### Exercise 1 · Versions by hand
#
# `helpers.show_versions()` is a convenience of this course; in your own projects you will
# check versions by hand. Most libraries store their version as text in `__version__`.
# scikit-learn is installed under the name `scikit-learn` but imported as **`sklearn`**:
# `import sklearn`, then `sklearn.__version__`.
#
# Does your scikit-learn meet the course's minimum, version 1.6? Compare the two versions
# with `Version` from the `packaging` library (`from packaging.version import Version`;
# `Version("1.6")` turns the text into something that compares like a version).
#
# Store your answer in `sklearn_ok` (`True` or `False`).

# %% tags=["solution"]
import sklearn
from packaging.version import Version

sklearn_ok = Version(sklearn.__version__) >= Version("1.6")

# %% tags=["check"]
check("00.1", sklearn_ok)

# %% [markdown] tags=["solution"]
# `Version` compares the parts of a version as numbers. Comparing the texts themselves
# goes character by character, so `"1.10" >= "1.6"` is `False` as text (the character
# `1` comes before `6`), although 1.10 is the newer release. The same comparison is
# what `show_versions()` does for every library in its `ok` column.

# %% [markdown]
# ### Exercise 2 · How much disk space does the data take?
#
# Using the table of `helpers.data.describe_datasets()` (it needs no download), how many
# megabytes do the course's third-party files take together? A megabyte (MB) is a million
# bytes here, as in the table.
#
# Store your answer in `total_mb` (a number; two decimals are enough).

# %% tags=["solution"]
datasets = helpers.data.describe_datasets()
total_mb = datasets["size (MB)"].sum()
print(f"{total_mb:.2f} MB")

# %% tags=["check"]
check("00.2", total_mb)

# %% [markdown] tags=["solution"]
# Summing a column is `frame["column"].sum()` in pandas. Adding the exact sizes in bytes
# (`helpers.data.DATASETS[name].size`) and dividing by a million can differ in the last
# decimal, because the table rounds each file first; the check accepts both. Either way,
# the data is small next to the libraries: the environment itself takes over a gigabyte.

# %% [markdown]
# ### Exercise 3 · Closer to another centre
#
# Draw the three groups again with a larger spread: make a new generator with
# `np.random.default_rng(7)` and use `scale=1.5` (keep `centres` and `group` from the
# figure above), and store the new points in `new_points`. Then count how many of the 150 points lie closer to another group's
# centre than to the centre they were drawn around.
#
# This line gives, for each point, its distance to each of the three centres (a 150 × 3
# array; notebook 01 explains how it works):
# `distances = np.linalg.norm(new_points[:, None, :] - centres[None, :, :], axis=2)`.
# Then `distances.argmin(axis=1)` gives the number of the nearest centre of each point,
# which you can compare with `group`.
#
# Store your answer in `n_closer_to_another` (an integer).

# %% tags=["solution"]
rng = np.random.default_rng(7)
new_points = centres[group] + rng.normal(scale=1.5, size=(150, 2))
distances = np.linalg.norm(new_points[:, None, :] - centres[None, :, :], axis=2)
nearest = distances.argmin(axis=1)
n_closer_to_another = int((nearest != group).sum())
print(f"{n_closer_to_another} points are closer to another group's centre")

ax = plot_clusters(new_points, group, label_prefix="group", title="Same centres, larger spread")
ax.scatter(*centres.T, marker="X", s=180, color="red", edgecolor="black",
           label="centre drawn around")
ax.scatter(*new_points[nearest != group].T, s=150, facecolors="none", edgecolors="black",
           linewidths=1.2, label="closer to another centre")
legend = ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))

# %% tags=["check"]
check("00.3", n_closer_to_another)

# %% [markdown] tags=["solution"]
# With a larger spread the groups overlap: the ringed points lie closer to another
# group's centre than to their own. Someone who saw only the points, without the colours,
# would put them in the wrong group. Telling such groups apart, without knowing the
# colours, is exactly what clustering tries to do, and overlap like this is why it can
# never be perfect.

# %% [markdown]
# ## Key takeaways
#
# - Run notebooks top to bottom; restart the kernel and run all cells to reset one.
# - What matters is that each library meets the course's minimum version; newer is fine.
#   Compare versions as versions (`packaging.version.Version`), never as text.
# - Third-party data is downloaded once into the data folder, verified by its checksum,
#   and can be used offline through `CLUSTERING_COURSE_DATA`.
# - Each exercise names a variable to fill; its check cell says *correct*, or *not yet*
#   with a hint, without giving the answer away.
# - A centroid is the mean position of a group's points.
#
# ## Going further
#
# - JupyterLab user guide: <https://jupyterlab.readthedocs.io/en/stable/user/interface.html>
# - scikit-learn's installation guide: <https://scikit-learn.org/stable/install.html>
# - Version numbers and how they compare: <https://packaging.pypa.io/en/stable/version.html>
# - pooch, the download library behind `helpers.data`: <https://www.fatiando.org/pooch/latest/>
# - NumPy's absolute beginners' guide: <https://numpy.org/doc/stable/user/absolute_beginners.html>

# %% [markdown]
# ## Recipe
#
# Check any Python environment for the libraries a project needs, with nothing but the
# standard library: paste the cell into a notebook or a script, and edit `REQUIRED`. It
# prints `ok` for each library that meets its minimum, and for the others what to install;
# the last line says whether everything is ready. Set `SHOW_INSTALLED = True` to see the
# installed version numbers too (the course leaves it off, so the output is the same on
# every machine).

# %% tags=["recipe"]
import platform
import re
from importlib import metadata

# ---- settings: edit for your own project ----
PYTHON_MINIMUM = "3.11"          # oldest Python you accept
REQUIRED = {                     # distribution name (as in pip install) -> oldest version
    "numpy": "2.0", "scipy": "1.13", "scikit-learn": "1.6", "pandas": "2.2",
    "polars": "1.0", "matplotlib": "3.9", "seaborn": "0.13.2",
}
SHOW_INSTALLED = False           # True: also print each installed version


def version_key(version):
    """'1.10.0rc1' -> (1, 10, 0): the leading number of each part, so 1.10 > 1.6."""
    return tuple(int(m.group()) for part in version.split(".")[:3]
                 if (m := re.match(r"\d+", part)))


def check_requirement(name, minimum, installed):
    if installed is None:
        return False, f"{name}: MISSING (pip install '{name}>={minimum}')"
    shown = f" {installed}" if SHOW_INSTALLED else ""
    if version_key(installed) >= version_key(minimum):
        return True, f"{name}{shown} >= {minimum}: ok"
    return False, f"{name} {installed}: TOO OLD (pip install --upgrade '{name}>={minimum}')"


def installed_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


python = platform.python_version()
python_ok = version_key(python) >= version_key(PYTHON_MINIMUM)
results = [(python_ok, f"Python >= {PYTHON_MINIMUM}: ok" if python_ok else
            f"Python {python}: TOO OLD (install Python {PYTHON_MINIMUM} or newer)")]
results += [check_requirement(name, minimum, installed_version(name))
            for name, minimum in REQUIRED.items()]
for _, line in results:
    print(line)
problems = [line for ok, line in results if not ok]
print("Ready." if not problems else f"Not ready: {len(problems)} problem(s) above.")
