# ---
# jupyter:
#   course:
#     minutes: 20
#     objectives:
#     - Open, run and reset a course notebook in JupyterLab
#     - Check that your Python environment has the libraries the course needs
#     - Find where each dataset comes from and where it is stored on your machine
#     - Use exercises and their solutions the way the course intends
#     summary: How the course works, a check of your environment, where the data comes
#       from
#     title: "00 \xB7 Start here"
# ---

# %% [markdown]
# # 00 · Start here
#
# Welcome to **Clustering in Python, from NumPy arrays to market maps**. This short notebook
# shows how the course works and checks that your computer is ready for it.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Open, run and reset a course notebook in JupyterLab
# - Check that your Python environment has the libraries the course needs
# - Find where each dataset comes from and where it is stored on your machine
# - Use exercises and their solutions the way the course intends
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
# - **Exercises** come near the end. Each exercise is followed by a cell with a worked
#   solution. Try the exercise in a new cell first, then compare.
# - **Key takeaways** and **Going further** sum up and point to the official documentation.
# - A **Recipe** closes every notebook: one self-contained cell that does the notebook's
#   main job on *your* data. It imports only public libraries, so you can paste it into
#   another project.
#
# Run the cells from top to bottom: later cells use variables that earlier cells made.
# If something looks wrong, reset the notebook: in JupyterLab choose
# **Kernel → Restart Kernel and Clear Outputs of All Cells**, then run everything again
# with **Run → Run All Cells**. To get back the original file after you edited it, run
# `git checkout -- notebooks/<name>.ipynb` in a terminal.
#
# Teachers: `make student` writes copies of the notebooks without the solution cells into
# `build/student/` (see the README).

# %% [markdown]
# ## Setup
#
# Every notebook starts with a setup cell like this one. It imports what the notebook
# uses and calls `helpers.use_style()`, which gives all figures of the course the same
# look (colours that stay distinguishable for colour-blind readers, readable fonts).
# `helpers` is the course's own small package; it lives in the `helpers/` folder of the
# repository.

# %%
import pandas as pd

import helpers
import helpers.course
import helpers.data

helpers.use_style()
pd.set_option("display.precision", 3)
pd.set_option("display.max_colwidth", None)   # show long texts in full

# %% [markdown]
# ## Check your environment
#
# The course is tested with the exact library versions in `requirements.lock`. The table
# shows what *your* environment has, next to the oldest version the course supports.
# Your numbers may differ from the ones printed here; what matters is the `ok` column.

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
# Most notebooks make their own data with a seeded random generator, or use a dataset
# that ships with scikit-learn. Two notebooks use real third-party tables. They are not
# part of the repository's history: the first time you need one, `helpers.data`
# downloads it from its public source into the `data/` folder (which git ignores) and
# checks that it is exactly the expected file (same size, same SHA-256 checksum). Here is
# what the course uses and under which licence:

# %%
helpers.data.describe_datasets()

# %% [markdown]
# To work offline, for example in
# a classroom without internet, copy the files into a folder and set the environment
# variable `CLUSTERING_COURSE_DATA` to that folder before you start JupyterLab. The next
# cell fetches (if needed) and verifies every file:

# %%
for name in helpers.data.DATASETS:
    path = helpers.data.fetch(name)
    print(f"{path.name}: verified ({path.stat().st_size:,} bytes)")

# %% [markdown]
# A file that is missing, truncated, or different from the expected version raises an
# error that says what is wrong and what to do, instead of giving you wrong numbers later.

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
# To check that plotting works, draw 150 random points in three groups and colour them by
# group. `helpers.plotting.plot_clusters` is the scatter plot you will see in many
# notebooks; like every plotting helper of the course, it draws on a new figure unless
# you pass it an `ax`, and returns the axes it drew on.

# %%
import numpy as np

from helpers.plotting import plot_clusters

rng = np.random.default_rng(42)
centres = np.array([[0.0, 0.0], [4.0, 1.0], [2.0, 4.0]])
group = np.repeat([0, 1, 2], 50)
points = centres[group] + rng.normal(scale=0.7, size=(150, 2))

ax = plot_clusters(points, group, centers=centres, label_prefix="group",
                   title="Three groups of random points")

# %% [markdown]
# You should see three coloured clouds with a red cross in the middle of each. If you do,
# your environment is ready.

# %% [markdown]
# ## Exercises
#
# ### Exercise 1 · Versions by hand
#
# `helpers.show_versions()` is a convenience. Find the installed version of scikit-learn
# and of NumPy without it. (Hint: most libraries have a `__version__` attribute.)

# %% tags=["solution"]
import numpy
import sklearn

print("scikit-learn", sklearn.__version__)
print("NumPy", numpy.__version__)

# %% [markdown]
# ### Exercise 2 · A first look at a real table
#
# Load the insurance table with `helpers.data.load_insurance()`. How many rows and columns
# does it have, and which columns are categorical?

# %% tags=["solution"]
insurance = helpers.data.load_insurance()
print(insurance.shape)
print(insurance.dtypes)

# %% [markdown]
# 1 338 rows and 7 columns. `sex`, `smoker` and `region` are categorical: the loader gives
# them the pandas `category` dtype, because they name groups rather than measure amounts.

# %% [markdown]
# ### Exercise 3 · Your own seed
#
# Redraw the figure of three groups with another seed (say `7`) and a larger spread
# (`scale=1.5`). What happens to the groups?

# %% tags=["solution"]
rng = np.random.default_rng(7)
points = centres[group] + rng.normal(scale=1.5, size=(150, 2))
ax = plot_clusters(points, group, centers=centres, label_prefix="group",
                   title="Same centres, larger spread")

# %% [markdown]
# With a larger spread the groups overlap: some points lie closer to another group's centre
# than to their own. Telling such groups apart is exactly what clustering will try to do.

# %% [markdown]
# ## Key takeaways
#
# - Run notebooks top to bottom; restart the kernel and run all cells to reset one.
# - The course pins its library versions; `helpers.show_versions()` checks yours.
# - Third-party data is downloaded once, verified by checksum, and can be used offline
#   through `CLUSTERING_COURSE_DATA`.
# - Every exercise has a solution right below it, and every notebook ends with a recipe
#   you can copy.
#
# ## Going further
#
# - JupyterLab user guide: <https://jupyterlab.readthedocs.io/en/stable/user/interface.html>
# - scikit-learn's installation guide: <https://scikit-learn.org/stable/install.html>
# - NumPy's absolute beginners' guide: <https://numpy.org/doc/stable/user/absolute_beginners.html>

# %% [markdown]
# ## Recipe
#
# Check any Python environment for the libraries this course uses, with nothing but the
# standard library. Edit `REQUIRED` to check your own project's needs.

# %% tags=["recipe"]
from importlib import metadata
import platform

# >>> Your own list: distribution name -> oldest version you accept
PYTHON_MINIMUM = "3.11"
REQUIRED = {"numpy": "2.0", "scipy": "1.13", "scikit-learn": "1.6", "pandas": "2.2",
            "polars": "1.0", "matplotlib": "3.9", "seaborn": "0.13.2"}


def as_tuple(version):
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


python_ok = as_tuple(platform.python_version()) >= as_tuple(PYTHON_MINIMUM)
print(f"Python >= {PYTHON_MINIMUM}: {'ok' if python_ok else 'TOO OLD'}")
for name, minimum in REQUIRED.items():
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        print(f"{name}: MISSING (need >= {minimum})")
        continue
    status = "ok" if as_tuple(installed) >= as_tuple(minimum) else f"TOO OLD (need >= {minimum})"
    print(f"{name} {installed}: {status}")
