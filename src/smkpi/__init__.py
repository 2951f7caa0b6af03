"""smkpi: social media & admin/support desk KPIs from platform exports, judged against targets.

Public API::

    from smkpi import build_report, load_settings, all_kpis
"""

__version__ = "0.1.0"

# Heavy modules (polars) load lazily so `smkpi --help` stays fast.
_LAZY = {
    "build_report": ("smkpi.report", "build_report"),
    "Report": ("smkpi.report", "Report"),
    "load_settings": ("smkpi.config", "load_settings"),
    "all_kpis": ("smkpi.registry", "all_kpis"),
    "SmkpiError": ("smkpi.errors", "SmkpiError"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        return getattr(importlib.import_module(mod), attr)
    raise AttributeError(name)
