"""The export and import formats, Markdown and W3C Web Annotation JSON: the only formatting code."""
