"""The benchmark's reference page: a bare Streamlit page with one Plotly scatter of the
points the dashboard's timeline draws (written by the benchmark to a Parquet file with
columns x and y). What the dashboard costs is compared with this.

    streamlit run pipeline/bench/bare_page.py -- POINTS.parquet
"""
import sys

import pandas as pd
import plotly.express as px
import streamlit as st

points = pd.read_parquet(sys.argv[1])
st.plotly_chart(px.scatter(points, x="x", y="y"), key="timeline")
