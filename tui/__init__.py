"""The Textual application of bakhmut-read."""
