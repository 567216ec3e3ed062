"""okrcoach: draft and lint OKRs (Objectives and Key Results) in six languages."""

__version__ = "0.1.0"
