"""Page under construction (replaced by its issue's work)."""

import streamlit as st

st.title("gesprekken")
