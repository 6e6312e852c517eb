"""Pure text functions over the normalised text (graphemes, soft wrap, vim motions): no Textual."""
