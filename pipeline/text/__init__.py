"""Text: sentences (and, later, tokens) of a document's plain text."""
