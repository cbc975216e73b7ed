"""Stage 5, figures: each edition's declared charts, drawn from its published set.

`drawing.py` writes them; each chart kind is one module of `kinds/` (its table, words and
drawing); `figure.py` is what a kind returns, `printed_rows.py` how a published row prints,
`words.py` sentences whose numbers keep their source, `theme.py` the house look.
"""

import matplotlib

# No display in a pipeline, and the same rasteriser everywhere; set here, before any module of
# the stage imports pyplot (a package runs before its modules).
matplotlib.use("Agg")
