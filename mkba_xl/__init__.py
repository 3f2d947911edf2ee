"""mkba-xl: MKBA (social cost-benefit analysis) of social neighbourhood teams, Excel in, Excel out."""

__version__ = "0.1.0"
