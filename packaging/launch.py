"""The frozen Jade's entry point: the ``jade`` console script's ``main``, nothing more.

PyInstaller needs a script to start from; ``app/__main__.py`` run as a script would be a second
copy of the module (``__main__`` beside ``app.__main__``), so this one only imports and calls it.
"""

import sys

from app.__main__ import main

sys.exit(main())
