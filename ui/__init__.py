"""The app's pages and HTML helpers (Streamlit lives here and in app.py, never in rag/)."""
