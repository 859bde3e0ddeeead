"""The Report page: the report builder (no Streamlit) and its download widgets."""
