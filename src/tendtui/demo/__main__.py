"""`python -m tendtui.demo PATH [--date YYYY-MM-DD] [--force]` builds the sample book."""

import sys

from tendtui.demo.build import main

sys.exit(main())
