"""helpers.data.make_customer_table: the synthetic customers of notebook 03."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from helpers.data import CUSTOMER_REGIONS, CUSTOMER_SEGMENTS, make_customer_table

BEHAVIOUR = ["orders_per_year", "avg_order_value", "n_categories", "support_tickets"]


def test_shape_columns_and_types():
    table = make_customer_table(200)
    assert table.shape == (200, 6)
    assert list(table.columns) == BEHAVIOUR + ["region", "segment"]
    assert table.index.name == "customer_id" and table.index[0] == 1
    assert list(table["region"].cat.categories) == list(CUSTOMER_REGIONS)
    assert list(table["segment"].cat.categories) == list(CUSTOMER_SEGMENTS)
    assert table["n_categories"].between(1, 10).all()
    assert (table[BEHAVIOUR] >= 0).all().all()


def test_seeded():
    pd.testing.assert_frame_equal(make_customer_table(50), make_customer_table(50))
    assert not make_customer_table(50).equals(make_customer_table(50, random_state=1))


def test_segments_are_behavioural_and_regions_are_not():
    table = make_customer_table()
    X = StandardScaler().fit_transform(table[BEHAVIOUR])
    labels = KMeans(n_clusters=3, n_init=10, random_state=42).fit_predict(X)
    assert adjusted_rand_score(table["segment"], labels) > 0.8
    assert abs(adjusted_rand_score(table["region"], labels)) < 0.05


def test_a_single_customer():
    assert make_customer_table(1).shape == (1, 6)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10", np.float64(4.0)])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="n_customers must be a positive integer"):
        make_customer_table(bad)
