"""okrcoach: draft and lint OKRs (Objectives and Key Results) in six languages."""

import os

__version__ = "0.1.0"

# okrcoach uses no pydantic plugins; looking them up costs every start a scan of all installed
# packages' entry points. Users who rely on a pydantic plugin can set the variable themselves.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
