"""Page under construction (replaced by its issue's work)."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

st.title("stem")
