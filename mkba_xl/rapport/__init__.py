"""The council memo (raadsmemo): a Dutch Word document made from one run, with its charts as pictures.

``job.make`` gathers the facts (``facts``), words the samenvatting (``wording``), draws the charts
(``pictures``) and builds the document (``document`` over ``docx_parts``; the method annex ``annex``);
``output`` makes the bytes reproducible and writes the files. ``docs/rapport.md`` describes the memo and
every wording rule.
"""
