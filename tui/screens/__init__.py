"""The modal screens of the reader: note editor, export prompt, confirmation, help."""
