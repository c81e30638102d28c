"""The dashboard's Streamlit panels: deciding about an event, the log of decisions,
adding texts, downloads. Each draws with Streamlit and takes everything it shows from
the pure modules beside it; every value from a document or the URL goes through
`safe.plain` (Markdown) or `safe.html_text` (HTML)."""
