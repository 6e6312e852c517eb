"""The widgets of the reader's main screen: the article, the notes pane, the status line."""
